; shld: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    shld eax,eax,0x0
    shld eax,ebp,0xff
    shld ecx,edx,0x80
    shld ecx,edi,0x1
    shld edx,esp,-0x1
    shld ebx,esi,0x7f
    shld ebx,eax,0xff
    shld esp,edx,0x1
    shld ebp,esp,-0x80
    shld esi,ecx,0x7f
    shld esi,esi,0x0
    shld edi,ebx,0xff
    shld ax,dx,-0x1
    shld cx,sp,0x7f
    shld dx,cx,0x0
    shld dx,si,0xff
    shld bx,bx,0x80
    shld sp,ax,0x1
    shld sp,bp,-0x1
    shld bp,dx,-0x80
    shld bp,di,0x7f
    shld si,sp,0x0
    shld di,si,0x80
    shld di,ax,-0x1
    shld dword [eax],eax,-0x1
    shld dword [eax],ebp,-0x80
    shld word [0x1234],sp,0xff
    shld dword [ebp-0x80],esp,0xff
    shld word [esp+0x80],bx,-0x1
    shld dword [fs:ebx+0x4],edx,0x0
    shld word [ecx*8+0x100],dx,0x0
    shld word [ecx*8+0x100],di,0xff
    shld dword [ebp],ecx,0x1
    shld dword [ebp],esi,-0x1
    shld ebp,eax,0xff
    shld ecx,ecx,0x80
    shld esi,ecx,0x1
    shld edx,edx,-0x1
    shld edi,edx,-0x80
    shld ebx,ebx,0x7f
    shld esp,esp,0xff
    shld ebp,ebp,0x1
    shld esi,esi,-0x80
    shld dword [eax],esi,0x0
    shld edi,edi,0x0
    shld ax,ax,0x80
    shld bp,ax,0x1
    shld cx,cx,-0x1
    shld si,cx,-0x80
    shld word [esp+0x80],cx,0x7f
    shld dx,dx,0x7f
    shld di,dx,0x0
    shld bx,bx,0xff
    shld word [ecx*8+0x100],bx,0x1
    shld sp,sp,0x1
    shld word [0x1234],sp,-0x1
    shld bp,bp,-0x80
    shld si,si,0x0
    shld word [esp+0x80],si,0xff
    shld di,di,0x80
    shld ebp,ebp,0x0
    shld dx,dx,0x0
    shld ecx,edx,0x1
    shld esi,edi,0x1
    shld bx,sp,0x1
    shld edx,esp,0x7f
    shld sp,si,0x7f
    shld ebx,esi,0x80
    shld ax,bx,0x80
    shld cx,bp,-0x80
    shld dx,di,0xff
    shld dword [eax],esi,-0x1
    shld eax,eax,cl
    shld eax,ebp,cl
    shld ecx,edx,cl
    shld ecx,edi,cl
    shld edx,esp,cl
    shld ebx,esi,cl
    shld ebx,eax,cl
    shld esp,edx,cl
    shld ebp,esp,cl
    shld esi,ecx,cl
    shld esi,esi,cl
    shld edi,ebx,cl
    shld ax,dx,cl
    shld cx,sp,cl
    shld dx,cx,cl
    shld dx,si,cl
    shld bx,bx,cl
    shld sp,ax,cl
    shld sp,bp,cl
    shld bp,dx,cl
    shld bp,di,cl
    shld si,sp,cl
    shld di,si,cl
    shld di,ax,cl
    shld dword [eax],eax,cl
    shld dword [eax],ebp,cl
    shld word [0x1234],sp,cl
    shld dword [ebp-0x80],esp,cl
    shld word [esp+0x80],bx,cl
    shld dword [fs:ebx+0x4],edx,cl
    shld word [ecx*8+0x100],dx,cl
    shld word [ecx*8+0x100],di,cl
    shld dword [ebp],ecx,cl
    shld dword [ebp],esi,cl
    shld ebp,eax,cl
    shld ecx,ecx,cl
    shld edx,edx,cl
    shld edi,edx,cl
    shld ebx,ebx,cl
    shld esp,esp,cl
    shld ebp,ebp,cl
    shld dword [eax],esi,cl
    shld edi,edi,cl
    shld ax,ax,cl
    shld bp,ax,cl
    shld cx,cx,cl
    shld si,cx,cl
    shld word [esp+0x80],cx,cl
    shld dx,dx,cl
    shld di,dx,cl
    shld word [ecx*8+0x100],bx,cl
    shld sp,sp,cl
    shld bp,bp,cl
    shld si,si,cl
    shld word [esp+0x80],si,cl
    shld di,di,cl
