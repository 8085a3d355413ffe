; shrd: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    shrd eax,eax,0x0
    shrd eax,ebp,0xff
    shrd ecx,edx,0x80
    shrd ecx,edi,0x1
    shrd edx,esp,-0x1
    shrd ebx,esi,0x7f
    shrd ebx,eax,0xff
    shrd esp,edx,0x1
    shrd ebp,esp,-0x80
    shrd esi,ecx,0x7f
    shrd esi,esi,0x0
    shrd edi,ebx,0xff
    shrd ax,dx,-0x1
    shrd cx,sp,0x7f
    shrd dx,cx,0x0
    shrd dx,si,0xff
    shrd bx,bx,0x80
    shrd sp,ax,0x1
    shrd sp,bp,-0x1
    shrd bp,dx,-0x80
    shrd bp,di,0x7f
    shrd si,sp,0x0
    shrd di,si,0x80
    shrd di,ax,-0x1
    shrd dword [eax],eax,-0x1
    shrd dword [eax],ebp,-0x80
    shrd word [0x1234],sp,0xff
    shrd dword [ebp-0x80],esp,0xff
    shrd word [esp+0x80],bx,-0x1
    shrd dword [fs:ebx+0x4],edx,0x0
    shrd word [ecx*8+0x100],dx,0x0
    shrd word [ecx*8+0x100],di,0xff
    shrd dword [ebp],ecx,0x1
    shrd dword [ebp],esi,-0x1
    shrd ebp,eax,0xff
    shrd ecx,ecx,0x80
    shrd esi,ecx,0x1
    shrd edx,edx,-0x1
    shrd edi,edx,-0x80
    shrd ebx,ebx,0x7f
    shrd esp,esp,0xff
    shrd ebp,ebp,0x1
    shrd esi,esi,-0x80
    shrd dword [eax],esi,0x0
    shrd edi,edi,0x0
    shrd ax,ax,0x80
    shrd bp,ax,0x1
    shrd cx,cx,-0x1
    shrd si,cx,-0x80
    shrd word [esp+0x80],cx,0x7f
    shrd dx,dx,0x7f
    shrd di,dx,0x0
    shrd bx,bx,0xff
    shrd word [ecx*8+0x100],bx,0x1
    shrd sp,sp,0x1
    shrd word [0x1234],sp,-0x1
    shrd bp,bp,-0x80
    shrd si,si,0x0
    shrd word [esp+0x80],si,0xff
    shrd di,di,0x80
    shrd ebp,ebp,0x0
    shrd dx,dx,0x0
    shrd ecx,edx,0x1
    shrd esi,edi,0x1
    shrd bx,sp,0x1
    shrd edx,esp,0x7f
    shrd sp,si,0x7f
    shrd ebx,esi,0x80
    shrd ax,bx,0x80
    shrd cx,bp,-0x80
    shrd dx,di,0xff
    shrd dword [eax],esi,-0x1
    shrd eax,eax,cl
    shrd eax,ebp,cl
    shrd ecx,edx,cl
    shrd ecx,edi,cl
    shrd edx,esp,cl
    shrd ebx,esi,cl
    shrd ebx,eax,cl
    shrd esp,edx,cl
    shrd ebp,esp,cl
    shrd esi,ecx,cl
    shrd esi,esi,cl
    shrd edi,ebx,cl
    shrd ax,dx,cl
    shrd cx,sp,cl
    shrd dx,cx,cl
    shrd dx,si,cl
    shrd bx,bx,cl
    shrd sp,ax,cl
    shrd sp,bp,cl
    shrd bp,dx,cl
    shrd bp,di,cl
    shrd si,sp,cl
    shrd di,si,cl
    shrd di,ax,cl
    shrd dword [eax],eax,cl
    shrd dword [eax],ebp,cl
    shrd word [0x1234],sp,cl
    shrd dword [ebp-0x80],esp,cl
    shrd word [esp+0x80],bx,cl
    shrd dword [fs:ebx+0x4],edx,cl
    shrd word [ecx*8+0x100],dx,cl
    shrd word [ecx*8+0x100],di,cl
    shrd dword [ebp],ecx,cl
    shrd dword [ebp],esi,cl
    shrd ebp,eax,cl
    shrd ecx,ecx,cl
    shrd edx,edx,cl
    shrd edi,edx,cl
    shrd ebx,ebx,cl
    shrd esp,esp,cl
    shrd ebp,ebp,cl
    shrd dword [eax],esi,cl
    shrd edi,edi,cl
    shrd ax,ax,cl
    shrd bp,ax,cl
    shrd cx,cx,cl
    shrd si,cx,cl
    shrd word [esp+0x80],cx,cl
    shrd dx,dx,cl
    shrd di,dx,cl
    shrd word [ecx*8+0x100],bx,cl
    shrd sp,sp,cl
    shrd bp,bp,cl
    shrd si,si,cl
    shrd word [esp+0x80],si,cl
    shrd di,di,cl
