; cmovna: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovna eax,eax
    cmovna eax,ebp
    cmovna ecx,edx
    cmovna ecx,edi
    cmovna edx,esp
    cmovna ebx,esi
    cmovna ebx,dword [eax]
    cmovna esp,dword [ebp-0x80]
    cmovna ebp,dword [fs:ebx+0x4]
    cmovna esi,dword [ebp]
    cmovna edi,ecx
    cmovna ax,word [ecx*8+0x100]
    cmovna bx,cx
    cmovna sp,bx
    cmovna bp,ax
    cmovna bp,bp
    cmovna si,dx
    cmovna si,di
    cmovna di,sp
    cmovna di,word [0x1234]
    cmovna ebp,eax
    cmovna ecx,ecx
    cmovna esi,ecx
    cmovna edx,edx
    cmovna edi,edx
    cmovna ebx,ebx
    cmovna esp,esp
    cmovna ebp,ebp
    cmovna esi,esi
    cmovna eax,esi
    cmovna edi,edi
    cmovna ax,ax
    cmovna cx,cx
    cmovna si,cx
    cmovna dx,dx
    cmovna di,dx
    cmovna bx,bx
    cmovna sp,sp
    cmovna si,si
    cmovna ax,si
    cmovna di,di
    cmovna cx,di
    cmovna eax,dword [eax]
    cmovna ebp,dword [eax]
    cmovna bx,word [0x1234]
    cmovna edx,dword [ebp-0x80]
    cmovna edi,dword [ebp-0x80]
    cmovna ax,word [esp+0x80]
    cmovna bp,word [esp+0x80]
    cmovna esp,dword [fs:ebx+0x4]
    cmovna dx,word [ecx*8+0x100]
    cmovna di,word [ecx*8+0x100]
    cmovna eax,dword [ebp]
