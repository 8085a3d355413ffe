; cmovs: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovs eax,eax
    cmovs eax,ebp
    cmovs ecx,edx
    cmovs ecx,edi
    cmovs edx,esp
    cmovs ebx,esi
    cmovs ebx,dword [eax]
    cmovs esp,dword [ebp-0x80]
    cmovs ebp,dword [fs:ebx+0x4]
    cmovs esi,dword [ebp]
    cmovs edi,ecx
    cmovs ax,word [ecx*8+0x100]
    cmovs bx,cx
    cmovs sp,bx
    cmovs bp,ax
    cmovs bp,bp
    cmovs si,dx
    cmovs si,di
    cmovs di,sp
    cmovs di,word [0x1234]
    cmovs ebp,eax
    cmovs ecx,ecx
    cmovs esi,ecx
    cmovs edx,edx
    cmovs edi,edx
    cmovs ebx,ebx
    cmovs esp,esp
    cmovs ebp,ebp
    cmovs esi,esi
    cmovs eax,esi
    cmovs edi,edi
    cmovs ax,ax
    cmovs cx,cx
    cmovs si,cx
    cmovs dx,dx
    cmovs di,dx
    cmovs bx,bx
    cmovs sp,sp
    cmovs si,si
    cmovs ax,si
    cmovs di,di
    cmovs cx,di
    cmovs eax,dword [eax]
    cmovs ebp,dword [eax]
    cmovs bx,word [0x1234]
    cmovs edx,dword [ebp-0x80]
    cmovs edi,dword [ebp-0x80]
    cmovs ax,word [esp+0x80]
    cmovs bp,word [esp+0x80]
    cmovs esp,dword [fs:ebx+0x4]
    cmovs dx,word [ecx*8+0x100]
    cmovs di,word [ecx*8+0x100]
    cmovs eax,dword [ebp]
