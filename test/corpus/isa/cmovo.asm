; cmovo: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovo eax,eax
    cmovo eax,ebp
    cmovo ecx,edx
    cmovo ecx,edi
    cmovo edx,esp
    cmovo ebx,esi
    cmovo ebx,dword [eax]
    cmovo esp,dword [ebp-0x80]
    cmovo ebp,dword [fs:ebx+0x4]
    cmovo esi,dword [ebp]
    cmovo edi,ecx
    cmovo ax,word [ecx*8+0x100]
    cmovo bx,cx
    cmovo sp,bx
    cmovo bp,ax
    cmovo bp,bp
    cmovo si,dx
    cmovo si,di
    cmovo di,sp
    cmovo di,word [0x1234]
    cmovo ebp,eax
    cmovo ecx,ecx
    cmovo esi,ecx
    cmovo edx,edx
    cmovo edi,edx
    cmovo ebx,ebx
    cmovo esp,esp
    cmovo ebp,ebp
    cmovo esi,esi
    cmovo eax,esi
    cmovo edi,edi
    cmovo ax,ax
    cmovo cx,cx
    cmovo si,cx
    cmovo dx,dx
    cmovo di,dx
    cmovo bx,bx
    cmovo sp,sp
    cmovo si,si
    cmovo ax,si
    cmovo di,di
    cmovo cx,di
    cmovo eax,dword [eax]
    cmovo ebp,dword [eax]
    cmovo bx,word [0x1234]
    cmovo edx,dword [ebp-0x80]
    cmovo edi,dword [ebp-0x80]
    cmovo ax,word [esp+0x80]
    cmovo bp,word [esp+0x80]
    cmovo esp,dword [fs:ebx+0x4]
    cmovo dx,word [ecx*8+0x100]
    cmovo di,word [ecx*8+0x100]
    cmovo eax,dword [ebp]
