; lar: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    lar eax,eax
    lar eax,ebp
    lar eax,dx
    lar ecx,edx
    lar ecx,edi
    lar ecx,sp
    lar edx,esp
    lar edx,cx
    lar edx,si
    lar ebx,esi
    lar ebx,bx
    lar ebx,[eax]
    lar esp,ax
    lar esp,bp
    lar esp,[ebp-0x80]
    lar ebp,dx
    lar ebp,di
    lar ebp,[fs:ebx+0x4]
    lar esi,sp
    lar esi,word [0x1234]
    lar esi,[ebp]
    lar edi,si
    lar edi,word [esp+0x80]
    lar edi,ecx
    lar ax,[eax]
    lar ax,word [ecx*8+0x100]
    lar ax,ebx
    lar cx,[ebp-0x80]
    lar cx,eax
    lar cx,ebp
    lar dx,[fs:ebx+0x4]
    lar dx,edx
    lar dx,edi
    lar bx,[ebp]
    lar bx,esp
    lar bx,cx
    lar sp,ecx
    lar sp,esi
    lar sp,bx
    lar bp,ebx
    lar bp,ax
    lar bp,bp
    lar si,ebp
    lar si,dx
    lar si,di
    lar di,edi
    lar di,sp
    lar di,word [0x1234]
    lar ebp,eax
    lar dx,eax
    lar ecx,ecx
    lar esi,ecx
    lar bx,ecx
    lar edx,edx
    lar edi,edx
    lar sp,edx
    lar ebx,ebx
    lar esp,esp
    lar cx,esp
    lar si,esp
    lar ebp,ebp
    lar dx,ebp
    lar di,ebp
    lar esi,esi
    lar bx,esi
    lar eax,esi
    lar edi,edi
    lar sp,edi
    lar ax,ax
    lar edx,ax
    lar cx,cx
    lar si,cx
    lar ebx,cx
    lar dx,dx
    lar di,dx
    lar esp,dx
    lar bx,bx
    lar eax,bx
    lar ebp,bx
    lar sp,sp
    lar edx,bp
    lar edi,bp
    lar si,si
    lar ebx,si
    lar ax,si
    lar di,di
    lar esp,di
    lar cx,di
    lar eax,[eax]
    lar ebp,[eax]
    lar dx,[eax]
    lar ecx,word [0x1234]
    lar bx,word [0x1234]
    lar edx,[ebp-0x80]
    lar edi,[ebp-0x80]
    lar sp,[ebp-0x80]
    lar ebx,word [esp+0x80]
    lar ax,word [esp+0x80]
    lar bp,word [esp+0x80]
    lar esp,[fs:ebx+0x4]
    lar cx,[fs:ebx+0x4]
    lar si,[fs:ebx+0x4]
    lar ebp,word [ecx*8+0x100]
    lar dx,word [ecx*8+0x100]
    lar di,word [ecx*8+0x100]
    lar eax,[ebp]
