; cmovl: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovl eax,eax
    cmovl eax,ebp
    cmovl ecx,edx
    cmovl ecx,edi
    cmovl edx,esp
    cmovl ebx,esi
    cmovl ebx,dword [eax]
    cmovl esp,dword [ebp-0x80]
    cmovl ebp,dword [fs:ebx+0x4]
    cmovl esi,dword [ebp]
    cmovl edi,ecx
    cmovl ax,word [ecx*8+0x100]
    cmovl bx,cx
    cmovl sp,bx
    cmovl bp,ax
    cmovl bp,bp
    cmovl si,dx
    cmovl si,di
    cmovl di,sp
    cmovl di,word [0x1234]
    cmovl ebp,eax
    cmovl ecx,ecx
    cmovl esi,ecx
    cmovl edx,edx
    cmovl edi,edx
    cmovl ebx,ebx
    cmovl esp,esp
    cmovl ebp,ebp
    cmovl esi,esi
    cmovl eax,esi
    cmovl edi,edi
    cmovl ax,ax
    cmovl cx,cx
    cmovl si,cx
    cmovl dx,dx
    cmovl di,dx
    cmovl bx,bx
    cmovl sp,sp
    cmovl si,si
    cmovl ax,si
    cmovl di,di
    cmovl cx,di
    cmovl eax,dword [eax]
    cmovl ebp,dword [eax]
    cmovl bx,word [0x1234]
    cmovl edx,dword [ebp-0x80]
    cmovl edi,dword [ebp-0x80]
    cmovl ax,word [esp+0x80]
    cmovl bp,word [esp+0x80]
    cmovl esp,dword [fs:ebx+0x4]
    cmovl dx,word [ecx*8+0x100]
    cmovl di,word [ecx*8+0x100]
    cmovl eax,dword [ebp]
