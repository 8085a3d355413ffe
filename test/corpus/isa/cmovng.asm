; cmovng: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovng eax,eax
    cmovng eax,ebp
    cmovng ecx,edx
    cmovng ecx,edi
    cmovng edx,esp
    cmovng ebx,esi
    cmovng ebx,dword [eax]
    cmovng esp,dword [ebp-0x80]
    cmovng ebp,dword [fs:ebx+0x4]
    cmovng esi,dword [ebp]
    cmovng edi,ecx
    cmovng ax,word [ecx*8+0x100]
    cmovng bx,cx
    cmovng sp,bx
    cmovng bp,ax
    cmovng bp,bp
    cmovng si,dx
    cmovng si,di
    cmovng di,sp
    cmovng di,word [0x1234]
    cmovng ebp,eax
    cmovng ecx,ecx
    cmovng esi,ecx
    cmovng edx,edx
    cmovng edi,edx
    cmovng ebx,ebx
    cmovng esp,esp
    cmovng ebp,ebp
    cmovng esi,esi
    cmovng eax,esi
    cmovng edi,edi
    cmovng ax,ax
    cmovng cx,cx
    cmovng si,cx
    cmovng dx,dx
    cmovng di,dx
    cmovng bx,bx
    cmovng sp,sp
    cmovng si,si
    cmovng ax,si
    cmovng di,di
    cmovng cx,di
    cmovng eax,dword [eax]
    cmovng ebp,dword [eax]
    cmovng bx,word [0x1234]
    cmovng edx,dword [ebp-0x80]
    cmovng edi,dword [ebp-0x80]
    cmovng ax,word [esp+0x80]
    cmovng bp,word [esp+0x80]
    cmovng esp,dword [fs:ebx+0x4]
    cmovng dx,word [ecx*8+0x100]
    cmovng di,word [ecx*8+0x100]
    cmovng eax,dword [ebp]
