; cmovns: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovns eax,eax
    cmovns eax,ebp
    cmovns ecx,edx
    cmovns ecx,edi
    cmovns edx,esp
    cmovns ebx,esi
    cmovns ebx,dword [eax]
    cmovns esp,dword [ebp-0x80]
    cmovns ebp,dword [fs:ebx+0x4]
    cmovns esi,dword [ebp]
    cmovns edi,ecx
    cmovns ax,word [ecx*8+0x100]
    cmovns bx,cx
    cmovns sp,bx
    cmovns bp,ax
    cmovns bp,bp
    cmovns si,dx
    cmovns si,di
    cmovns di,sp
    cmovns di,word [0x1234]
    cmovns ebp,eax
    cmovns ecx,ecx
    cmovns esi,ecx
    cmovns edx,edx
    cmovns edi,edx
    cmovns ebx,ebx
    cmovns esp,esp
    cmovns ebp,ebp
    cmovns esi,esi
    cmovns eax,esi
    cmovns edi,edi
    cmovns ax,ax
    cmovns cx,cx
    cmovns si,cx
    cmovns dx,dx
    cmovns di,dx
    cmovns bx,bx
    cmovns sp,sp
    cmovns si,si
    cmovns ax,si
    cmovns di,di
    cmovns cx,di
    cmovns eax,dword [eax]
    cmovns ebp,dword [eax]
    cmovns bx,word [0x1234]
    cmovns edx,dword [ebp-0x80]
    cmovns edi,dword [ebp-0x80]
    cmovns ax,word [esp+0x80]
    cmovns bp,word [esp+0x80]
    cmovns esp,dword [fs:ebx+0x4]
    cmovns dx,word [ecx*8+0x100]
    cmovns di,word [ecx*8+0x100]
    cmovns eax,dword [ebp]
