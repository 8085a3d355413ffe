; cmovg: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovg eax,eax
    cmovg eax,ebp
    cmovg ecx,edx
    cmovg ecx,edi
    cmovg edx,esp
    cmovg ebx,esi
    cmovg ebx,dword [eax]
    cmovg esp,dword [ebp-0x80]
    cmovg ebp,dword [fs:ebx+0x4]
    cmovg esi,dword [ebp]
    cmovg edi,ecx
    cmovg ax,word [ecx*8+0x100]
    cmovg bx,cx
    cmovg sp,bx
    cmovg bp,ax
    cmovg bp,bp
    cmovg si,dx
    cmovg si,di
    cmovg di,sp
    cmovg di,word [0x1234]
    cmovg ebp,eax
    cmovg ecx,ecx
    cmovg esi,ecx
    cmovg edx,edx
    cmovg edi,edx
    cmovg ebx,ebx
    cmovg esp,esp
    cmovg ebp,ebp
    cmovg esi,esi
    cmovg eax,esi
    cmovg edi,edi
    cmovg ax,ax
    cmovg cx,cx
    cmovg si,cx
    cmovg dx,dx
    cmovg di,dx
    cmovg bx,bx
    cmovg sp,sp
    cmovg si,si
    cmovg ax,si
    cmovg di,di
    cmovg cx,di
    cmovg eax,dword [eax]
    cmovg ebp,dword [eax]
    cmovg bx,word [0x1234]
    cmovg edx,dword [ebp-0x80]
    cmovg edi,dword [ebp-0x80]
    cmovg ax,word [esp+0x80]
    cmovg bp,word [esp+0x80]
    cmovg esp,dword [fs:ebx+0x4]
    cmovg dx,word [ecx*8+0x100]
    cmovg di,word [ecx*8+0x100]
    cmovg eax,dword [ebp]
