; bsf: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    bsf eax,eax
    bsf eax,ebp
    bsf ecx,edx
    bsf ecx,edi
    bsf edx,esp
    bsf ebx,esi
    bsf ebx,dword [eax]
    bsf esp,dword [ebp-0x80]
    bsf ebp,dword [fs:ebx+0x4]
    bsf esi,dword [ebp]
    bsf edi,ecx
    bsf ax,word [ecx*8+0x100]
    bsf bx,cx
    bsf sp,bx
    bsf bp,ax
    bsf bp,bp
    bsf si,dx
    bsf si,di
    bsf di,sp
    bsf di,word [0x1234]
    bsf ebp,eax
    bsf ecx,ecx
    bsf esi,ecx
    bsf edx,edx
    bsf edi,edx
    bsf ebx,ebx
    bsf esp,esp
    bsf ebp,ebp
    bsf esi,esi
    bsf eax,esi
    bsf edi,edi
    bsf ax,ax
    bsf cx,cx
    bsf si,cx
    bsf dx,dx
    bsf di,dx
    bsf bx,bx
    bsf sp,sp
    bsf si,si
    bsf ax,si
    bsf di,di
    bsf cx,di
    bsf eax,dword [eax]
    bsf ebp,dword [eax]
    bsf bx,word [0x1234]
    bsf edx,dword [ebp-0x80]
    bsf edi,dword [ebp-0x80]
    bsf ax,word [esp+0x80]
    bsf bp,word [esp+0x80]
    bsf esp,dword [fs:ebx+0x4]
    bsf dx,word [ecx*8+0x100]
    bsf di,word [ecx*8+0x100]
    bsf eax,dword [ebp]
