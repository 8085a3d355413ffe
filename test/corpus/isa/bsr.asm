; bsr: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    bsr eax,eax
    bsr eax,ebp
    bsr ecx,edx
    bsr ecx,edi
    bsr edx,esp
    bsr ebx,esi
    bsr ebx,dword [eax]
    bsr esp,dword [ebp-0x80]
    bsr ebp,dword [fs:ebx+0x4]
    bsr esi,dword [ebp]
    bsr edi,ecx
    bsr ax,word [ecx*8+0x100]
    bsr bx,cx
    bsr sp,bx
    bsr bp,ax
    bsr bp,bp
    bsr si,dx
    bsr si,di
    bsr di,sp
    bsr di,word [0x1234]
    bsr ebp,eax
    bsr ecx,ecx
    bsr esi,ecx
    bsr edx,edx
    bsr edi,edx
    bsr ebx,ebx
    bsr esp,esp
    bsr ebp,ebp
    bsr esi,esi
    bsr eax,esi
    bsr edi,edi
    bsr ax,ax
    bsr cx,cx
    bsr si,cx
    bsr dx,dx
    bsr di,dx
    bsr bx,bx
    bsr sp,sp
    bsr si,si
    bsr ax,si
    bsr di,di
    bsr cx,di
    bsr eax,dword [eax]
    bsr ebp,dword [eax]
    bsr bx,word [0x1234]
    bsr edx,dword [ebp-0x80]
    bsr edi,dword [ebp-0x80]
    bsr ax,word [esp+0x80]
    bsr bp,word [esp+0x80]
    bsr esp,dword [fs:ebx+0x4]
    bsr dx,word [ecx*8+0x100]
    bsr di,word [ecx*8+0x100]
    bsr eax,dword [ebp]
