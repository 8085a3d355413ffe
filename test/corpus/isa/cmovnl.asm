; cmovnl: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovnl eax,eax
    cmovnl eax,ebp
    cmovnl ecx,edx
    cmovnl ecx,edi
    cmovnl edx,esp
    cmovnl ebx,esi
    cmovnl ebx,dword [eax]
    cmovnl esp,dword [ebp-0x80]
    cmovnl ebp,dword [fs:ebx+0x4]
    cmovnl esi,dword [ebp]
    cmovnl edi,ecx
    cmovnl ax,word [ecx*8+0x100]
    cmovnl bx,cx
    cmovnl sp,bx
    cmovnl bp,ax
    cmovnl bp,bp
    cmovnl si,dx
    cmovnl si,di
    cmovnl di,sp
    cmovnl di,word [0x1234]
    cmovnl ebp,eax
    cmovnl ecx,ecx
    cmovnl esi,ecx
    cmovnl edx,edx
    cmovnl edi,edx
    cmovnl ebx,ebx
    cmovnl esp,esp
    cmovnl ebp,ebp
    cmovnl esi,esi
    cmovnl eax,esi
    cmovnl edi,edi
    cmovnl ax,ax
    cmovnl cx,cx
    cmovnl si,cx
    cmovnl dx,dx
    cmovnl di,dx
    cmovnl bx,bx
    cmovnl sp,sp
    cmovnl si,si
    cmovnl ax,si
    cmovnl di,di
    cmovnl cx,di
    cmovnl eax,dword [eax]
    cmovnl ebp,dword [eax]
    cmovnl bx,word [0x1234]
    cmovnl edx,dword [ebp-0x80]
    cmovnl edi,dword [ebp-0x80]
    cmovnl ax,word [esp+0x80]
    cmovnl bp,word [esp+0x80]
    cmovnl esp,dword [fs:ebx+0x4]
    cmovnl dx,word [ecx*8+0x100]
    cmovnl di,word [ecx*8+0x100]
    cmovnl eax,dword [ebp]
