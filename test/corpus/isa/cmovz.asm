; cmovz: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovz eax,eax
    cmovz eax,ebp
    cmovz ecx,edx
    cmovz ecx,edi
    cmovz edx,esp
    cmovz ebx,esi
    cmovz ebx,dword [eax]
    cmovz esp,dword [ebp-0x80]
    cmovz ebp,dword [fs:ebx+0x4]
    cmovz esi,dword [ebp]
    cmovz edi,ecx
    cmovz ax,word [ecx*8+0x100]
    cmovz bx,cx
    cmovz sp,bx
    cmovz bp,ax
    cmovz bp,bp
    cmovz si,dx
    cmovz si,di
    cmovz di,sp
    cmovz di,word [0x1234]
    cmovz ebp,eax
    cmovz ecx,ecx
    cmovz esi,ecx
    cmovz edx,edx
    cmovz edi,edx
    cmovz ebx,ebx
    cmovz esp,esp
    cmovz ebp,ebp
    cmovz esi,esi
    cmovz eax,esi
    cmovz edi,edi
    cmovz ax,ax
    cmovz cx,cx
    cmovz si,cx
    cmovz dx,dx
    cmovz di,dx
    cmovz bx,bx
    cmovz sp,sp
    cmovz si,si
    cmovz ax,si
    cmovz di,di
    cmovz cx,di
    cmovz eax,dword [eax]
    cmovz ebp,dword [eax]
    cmovz bx,word [0x1234]
    cmovz edx,dword [ebp-0x80]
    cmovz edi,dword [ebp-0x80]
    cmovz ax,word [esp+0x80]
    cmovz bp,word [esp+0x80]
    cmovz esp,dword [fs:ebx+0x4]
    cmovz dx,word [ecx*8+0x100]
    cmovz di,word [ecx*8+0x100]
    cmovz eax,dword [ebp]
