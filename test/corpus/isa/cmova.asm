; cmova: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmova eax,eax
    cmova eax,ebp
    cmova ecx,edx
    cmova ecx,edi
    cmova edx,esp
    cmova ebx,esi
    cmova ebx,dword [eax]
    cmova esp,dword [ebp-0x80]
    cmova ebp,dword [fs:ebx+0x4]
    cmova esi,dword [ebp]
    cmova edi,ecx
    cmova ax,word [ecx*8+0x100]
    cmova bx,cx
    cmova sp,bx
    cmova bp,ax
    cmova bp,bp
    cmova si,dx
    cmova si,di
    cmova di,sp
    cmova di,word [0x1234]
    cmova ebp,eax
    cmova ecx,ecx
    cmova esi,ecx
    cmova edx,edx
    cmova edi,edx
    cmova ebx,ebx
    cmova esp,esp
    cmova ebp,ebp
    cmova esi,esi
    cmova eax,esi
    cmova edi,edi
    cmova ax,ax
    cmova cx,cx
    cmova si,cx
    cmova dx,dx
    cmova di,dx
    cmova bx,bx
    cmova sp,sp
    cmova si,si
    cmova ax,si
    cmova di,di
    cmova cx,di
    cmova eax,dword [eax]
    cmova ebp,dword [eax]
    cmova bx,word [0x1234]
    cmova edx,dword [ebp-0x80]
    cmova edi,dword [ebp-0x80]
    cmova ax,word [esp+0x80]
    cmova bp,word [esp+0x80]
    cmova esp,dword [fs:ebx+0x4]
    cmova dx,word [ecx*8+0x100]
    cmova di,word [ecx*8+0x100]
    cmova eax,dword [ebp]
