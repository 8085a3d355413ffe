; cmovpe: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovpe eax,eax
    cmovpe eax,ebp
    cmovpe ecx,edx
    cmovpe ecx,edi
    cmovpe edx,esp
    cmovpe ebx,esi
    cmovpe ebx,dword [eax]
    cmovpe esp,dword [ebp-0x80]
    cmovpe ebp,dword [fs:ebx+0x4]
    cmovpe esi,dword [ebp]
    cmovpe edi,ecx
    cmovpe ax,word [ecx*8+0x100]
    cmovpe bx,cx
    cmovpe sp,bx
    cmovpe bp,ax
    cmovpe bp,bp
    cmovpe si,dx
    cmovpe si,di
    cmovpe di,sp
    cmovpe di,word [0x1234]
    cmovpe ebp,eax
    cmovpe ecx,ecx
    cmovpe esi,ecx
    cmovpe edx,edx
    cmovpe edi,edx
    cmovpe ebx,ebx
    cmovpe esp,esp
    cmovpe ebp,ebp
    cmovpe esi,esi
    cmovpe eax,esi
    cmovpe edi,edi
    cmovpe ax,ax
    cmovpe cx,cx
    cmovpe si,cx
    cmovpe dx,dx
    cmovpe di,dx
    cmovpe bx,bx
    cmovpe sp,sp
    cmovpe si,si
    cmovpe ax,si
    cmovpe di,di
    cmovpe cx,di
    cmovpe eax,dword [eax]
    cmovpe ebp,dword [eax]
    cmovpe bx,word [0x1234]
    cmovpe edx,dword [ebp-0x80]
    cmovpe edi,dword [ebp-0x80]
    cmovpe ax,word [esp+0x80]
    cmovpe bp,word [esp+0x80]
    cmovpe esp,dword [fs:ebx+0x4]
    cmovpe dx,word [ecx*8+0x100]
    cmovpe di,word [ecx*8+0x100]
    cmovpe eax,dword [ebp]
