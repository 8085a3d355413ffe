; cmovnc: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovnc eax,eax
    cmovnc eax,ebp
    cmovnc ecx,edx
    cmovnc ecx,edi
    cmovnc edx,esp
    cmovnc ebx,esi
    cmovnc ebx,dword [eax]
    cmovnc esp,dword [ebp-0x80]
    cmovnc ebp,dword [fs:ebx+0x4]
    cmovnc esi,dword [ebp]
    cmovnc edi,ecx
    cmovnc ax,word [ecx*8+0x100]
    cmovnc bx,cx
    cmovnc sp,bx
    cmovnc bp,ax
    cmovnc bp,bp
    cmovnc si,dx
    cmovnc si,di
    cmovnc di,sp
    cmovnc di,word [0x1234]
    cmovnc ebp,eax
    cmovnc ecx,ecx
    cmovnc esi,ecx
    cmovnc edx,edx
    cmovnc edi,edx
    cmovnc ebx,ebx
    cmovnc esp,esp
    cmovnc ebp,ebp
    cmovnc esi,esi
    cmovnc eax,esi
    cmovnc edi,edi
    cmovnc ax,ax
    cmovnc cx,cx
    cmovnc si,cx
    cmovnc dx,dx
    cmovnc di,dx
    cmovnc bx,bx
    cmovnc sp,sp
    cmovnc si,si
    cmovnc ax,si
    cmovnc di,di
    cmovnc cx,di
    cmovnc eax,dword [eax]
    cmovnc ebp,dword [eax]
    cmovnc bx,word [0x1234]
    cmovnc edx,dword [ebp-0x80]
    cmovnc edi,dword [ebp-0x80]
    cmovnc ax,word [esp+0x80]
    cmovnc bp,word [esp+0x80]
    cmovnc esp,dword [fs:ebx+0x4]
    cmovnc dx,word [ecx*8+0x100]
    cmovnc di,word [ecx*8+0x100]
    cmovnc eax,dword [ebp]
