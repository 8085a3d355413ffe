; cmovnz: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovnz eax,eax
    cmovnz eax,ebp
    cmovnz ecx,edx
    cmovnz ecx,edi
    cmovnz edx,esp
    cmovnz ebx,esi
    cmovnz ebx,dword [eax]
    cmovnz esp,dword [ebp-0x80]
    cmovnz ebp,dword [fs:ebx+0x4]
    cmovnz esi,dword [ebp]
    cmovnz edi,ecx
    cmovnz ax,word [ecx*8+0x100]
    cmovnz bx,cx
    cmovnz sp,bx
    cmovnz bp,ax
    cmovnz bp,bp
    cmovnz si,dx
    cmovnz si,di
    cmovnz di,sp
    cmovnz di,word [0x1234]
    cmovnz ebp,eax
    cmovnz ecx,ecx
    cmovnz esi,ecx
    cmovnz edx,edx
    cmovnz edi,edx
    cmovnz ebx,ebx
    cmovnz esp,esp
    cmovnz ebp,ebp
    cmovnz esi,esi
    cmovnz eax,esi
    cmovnz edi,edi
    cmovnz ax,ax
    cmovnz cx,cx
    cmovnz si,cx
    cmovnz dx,dx
    cmovnz di,dx
    cmovnz bx,bx
    cmovnz sp,sp
    cmovnz si,si
    cmovnz ax,si
    cmovnz di,di
    cmovnz cx,di
    cmovnz eax,dword [eax]
    cmovnz ebp,dword [eax]
    cmovnz bx,word [0x1234]
    cmovnz edx,dword [ebp-0x80]
    cmovnz edi,dword [ebp-0x80]
    cmovnz ax,word [esp+0x80]
    cmovnz bp,word [esp+0x80]
    cmovnz esp,dword [fs:ebx+0x4]
    cmovnz dx,word [ecx*8+0x100]
    cmovnz di,word [ecx*8+0x100]
    cmovnz eax,dword [ebp]
