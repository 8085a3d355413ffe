; cmovc: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovc eax,eax
    cmovc eax,ebp
    cmovc ecx,edx
    cmovc ecx,edi
    cmovc edx,esp
    cmovc ebx,esi
    cmovc ebx,dword [eax]
    cmovc esp,dword [ebp-0x80]
    cmovc ebp,dword [fs:ebx+0x4]
    cmovc esi,dword [ebp]
    cmovc edi,ecx
    cmovc ax,word [ecx*8+0x100]
    cmovc bx,cx
    cmovc sp,bx
    cmovc bp,ax
    cmovc bp,bp
    cmovc si,dx
    cmovc si,di
    cmovc di,sp
    cmovc di,word [0x1234]
    cmovc ebp,eax
    cmovc ecx,ecx
    cmovc esi,ecx
    cmovc edx,edx
    cmovc edi,edx
    cmovc ebx,ebx
    cmovc esp,esp
    cmovc ebp,ebp
    cmovc esi,esi
    cmovc eax,esi
    cmovc edi,edi
    cmovc ax,ax
    cmovc cx,cx
    cmovc si,cx
    cmovc dx,dx
    cmovc di,dx
    cmovc bx,bx
    cmovc sp,sp
    cmovc si,si
    cmovc ax,si
    cmovc di,di
    cmovc cx,di
    cmovc eax,dword [eax]
    cmovc ebp,dword [eax]
    cmovc bx,word [0x1234]
    cmovc edx,dword [ebp-0x80]
    cmovc edi,dword [ebp-0x80]
    cmovc ax,word [esp+0x80]
    cmovc bp,word [esp+0x80]
    cmovc esp,dword [fs:ebx+0x4]
    cmovc dx,word [ecx*8+0x100]
    cmovc di,word [ecx*8+0x100]
    cmovc eax,dword [ebp]
