; btr: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    btr eax,eax
    btr eax,ebp
    btr ecx,edx
    btr ecx,edi
    btr edx,esp
    btr ebx,esi
    btr ebx,eax
    btr esp,edx
    btr ebp,esp
    btr esi,ecx
    btr esi,esi
    btr edi,ebx
    btr ax,dx
    btr cx,sp
    btr dx,cx
    btr dx,si
    btr bx,bx
    btr sp,ax
    btr sp,bp
    btr bp,dx
    btr bp,di
    btr si,sp
    btr di,si
    btr di,ax
    btr dword [eax],eax
    btr dword [eax],ebp
    btr word [0x1234],sp
    btr dword [ebp-0x80],esp
    btr word [esp+0x80],bx
    btr dword [fs:ebx+0x4],edx
    btr word [ecx*8+0x100],dx
    btr word [ecx*8+0x100],di
    btr dword [ebp],ecx
    btr dword [ebp],esi
    btr ebp,eax
    btr ecx,ecx
    btr edx,edx
    btr edi,edx
    btr ebx,ebx
    btr esp,esp
    btr ebp,ebp
    btr dword [eax],esi
    btr edi,edi
    btr ax,ax
    btr bp,ax
    btr cx,cx
    btr si,cx
    btr word [esp+0x80],cx
    btr dx,dx
    btr di,dx
    btr word [ecx*8+0x100],bx
    btr sp,sp
    btr bp,bp
    btr si,si
    btr word [esp+0x80],si
    btr di,di
    lock btr dword [eax],eax
    btr eax,0x0
    btr eax,0xff
    btr eax,0x80
    btr ecx,0x7f
    btr ecx,0x0
    btr ecx,0xff
    btr edx,-0x80
    btr edx,0x7f
    btr edx,0x0
    btr ebx,-0x1
    btr ebx,-0x80
    btr ebx,0x7f
    btr esp,0x1
    btr esp,-0x1
    btr esp,-0x80
    btr ebp,0x80
    btr ebp,0x1
    btr ebp,-0x1
    btr esi,0xff
    btr esi,0x80
    btr esi,0x1
    btr edi,0x0
    btr edi,0xff
    btr edi,0x80
    btr ax,0x7f
    btr ax,0x0
    btr ax,0xff
    btr cx,-0x80
    btr cx,0x7f
    btr cx,0x0
    btr dx,-0x1
    btr dx,-0x80
    btr dx,0x7f
    btr bx,0x1
    btr bx,-0x1
    btr bx,-0x80
    btr sp,0x80
    btr sp,0x1
    btr sp,-0x1
    btr bp,0xff
    btr bp,0x80
    btr bp,0x1
    btr si,0x0
    btr si,0xff
    btr si,0x80
    btr di,0x7f
    btr di,0x0
    btr di,0xff
    btr dword [eax],-0x80
    btr dword [eax],0x7f
    btr dword [eax],0x0
    btr word [0x1234],-0x1
    btr word [0x1234],-0x80
    btr word [0x1234],0x7f
    btr dword [ebp-0x80],0x1
    btr dword [ebp-0x80],-0x1
    btr dword [ebp-0x80],-0x80
    btr word [esp+0x80],0x80
    btr word [esp+0x80],0x1
    btr word [esp+0x80],-0x1
    btr dword [fs:ebx+0x4],0xff
    btr dword [fs:ebx+0x4],0x80
    btr dword [fs:ebx+0x4],0x1
    btr word [ecx*8+0x100],0x0
    btr word [ecx*8+0x100],0xff
    btr word [ecx*8+0x100],0x80
    btr dword [ebp],0x7f
    btr dword [ebp],0x0
    btr dword [ebp],0xff
    btr ebp,0x0
    btr dx,0x0
    btr ecx,0x1
    btr edi,0x7f
    btr sp,0x7f
    btr ebx,0x80
    btr ax,0x80
    btr si,-0x80
    btr ebp,0xff
    btr dx,0xff
    btr esi,-0x1
    btr dword [eax],-0x1
    lock btr dword [eax],-0x80
