; cmovpo: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovpo eax,eax
    cmovpo eax,ebp
    cmovpo ecx,edx
    cmovpo ecx,edi
    cmovpo edx,esp
    cmovpo ebx,esi
    cmovpo ebx,dword [eax]
    cmovpo esp,dword [ebp-0x80]
    cmovpo ebp,dword [fs:ebx+0x4]
    cmovpo esi,dword [ebp]
    cmovpo edi,ecx
    cmovpo ax,word [ecx*8+0x100]
    cmovpo bx,cx
    cmovpo sp,bx
    cmovpo bp,ax
    cmovpo bp,bp
    cmovpo si,dx
    cmovpo si,di
    cmovpo di,sp
    cmovpo di,word [0x1234]
    cmovpo ebp,eax
    cmovpo ecx,ecx
    cmovpo esi,ecx
    cmovpo edx,edx
    cmovpo edi,edx
    cmovpo ebx,ebx
    cmovpo esp,esp
    cmovpo ebp,ebp
    cmovpo esi,esi
    cmovpo eax,esi
    cmovpo edi,edi
    cmovpo ax,ax
    cmovpo cx,cx
    cmovpo si,cx
    cmovpo dx,dx
    cmovpo di,dx
    cmovpo bx,bx
    cmovpo sp,sp
    cmovpo si,si
    cmovpo ax,si
    cmovpo di,di
    cmovpo cx,di
    cmovpo eax,dword [eax]
    cmovpo ebp,dword [eax]
    cmovpo bx,word [0x1234]
    cmovpo edx,dword [ebp-0x80]
    cmovpo edi,dword [ebp-0x80]
    cmovpo ax,word [esp+0x80]
    cmovpo bp,word [esp+0x80]
    cmovpo esp,dword [fs:ebx+0x4]
    cmovpo dx,word [ecx*8+0x100]
    cmovpo di,word [ecx*8+0x100]
    cmovpo eax,dword [ebp]
