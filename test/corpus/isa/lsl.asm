; lsl: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    lsl eax,eax
    lsl eax,ebp
    lsl eax,dx
    lsl ecx,edx
    lsl ecx,edi
    lsl ecx,sp
    lsl edx,esp
    lsl edx,cx
    lsl edx,si
    lsl ebx,esi
    lsl ebx,bx
    lsl ebx,[eax]
    lsl esp,ax
    lsl esp,bp
    lsl esp,[ebp-0x80]
    lsl ebp,dx
    lsl ebp,di
    lsl ebp,[fs:ebx+0x4]
    lsl esi,sp
    lsl esi,word [0x1234]
    lsl esi,[ebp]
    lsl edi,si
    lsl edi,word [esp+0x80]
    lsl edi,ecx
    lsl ax,[eax]
    lsl ax,word [ecx*8+0x100]
    lsl ax,ebx
    lsl cx,[ebp-0x80]
    lsl cx,eax
    lsl cx,ebp
    lsl dx,[fs:ebx+0x4]
    lsl dx,edx
    lsl dx,edi
    lsl bx,[ebp]
    lsl bx,esp
    lsl bx,cx
    lsl sp,ecx
    lsl sp,esi
    lsl sp,bx
    lsl bp,ebx
    lsl bp,ax
    lsl bp,bp
    lsl si,ebp
    lsl si,dx
    lsl si,di
    lsl di,edi
    lsl di,sp
    lsl di,word [0x1234]
    lsl ebp,eax
    lsl dx,eax
    lsl ecx,ecx
    lsl esi,ecx
    lsl bx,ecx
    lsl edx,edx
    lsl edi,edx
    lsl sp,edx
    lsl ebx,ebx
    lsl esp,esp
    lsl cx,esp
    lsl si,esp
    lsl ebp,ebp
    lsl dx,ebp
    lsl di,ebp
    lsl esi,esi
    lsl bx,esi
    lsl eax,esi
    lsl edi,edi
    lsl sp,edi
    lsl ax,ax
    lsl edx,ax
    lsl cx,cx
    lsl si,cx
    lsl ebx,cx
    lsl dx,dx
    lsl di,dx
    lsl esp,dx
    lsl bx,bx
    lsl eax,bx
    lsl ebp,bx
    lsl sp,sp
    lsl edx,bp
    lsl edi,bp
    lsl si,si
    lsl ebx,si
    lsl ax,si
    lsl di,di
    lsl esp,di
    lsl cx,di
    lsl eax,[eax]
    lsl ebp,[eax]
    lsl dx,[eax]
    lsl ecx,word [0x1234]
    lsl bx,word [0x1234]
    lsl edx,[ebp-0x80]
    lsl edi,[ebp-0x80]
    lsl sp,[ebp-0x80]
    lsl ebx,word [esp+0x80]
    lsl ax,word [esp+0x80]
    lsl bp,word [esp+0x80]
    lsl esp,[fs:ebx+0x4]
    lsl cx,[fs:ebx+0x4]
    lsl si,[fs:ebx+0x4]
    lsl ebp,word [ecx*8+0x100]
    lsl dx,word [ecx*8+0x100]
    lsl di,word [ecx*8+0x100]
    lsl eax,[ebp]
