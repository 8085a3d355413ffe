; cmovno: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmovno eax,eax
    cmovno eax,ebp
    cmovno ecx,edx
    cmovno ecx,edi
    cmovno edx,esp
    cmovno ebx,esi
    cmovno ebx,dword [eax]
    cmovno esp,dword [ebp-0x80]
    cmovno ebp,dword [fs:ebx+0x4]
    cmovno esi,dword [ebp]
    cmovno edi,ecx
    cmovno ax,word [ecx*8+0x100]
    cmovno bx,cx
    cmovno sp,bx
    cmovno bp,ax
    cmovno bp,bp
    cmovno si,dx
    cmovno si,di
    cmovno di,sp
    cmovno di,word [0x1234]
    cmovno ebp,eax
    cmovno ecx,ecx
    cmovno esi,ecx
    cmovno edx,edx
    cmovno edi,edx
    cmovno ebx,ebx
    cmovno esp,esp
    cmovno ebp,ebp
    cmovno esi,esi
    cmovno eax,esi
    cmovno edi,edi
    cmovno ax,ax
    cmovno cx,cx
    cmovno si,cx
    cmovno dx,dx
    cmovno di,dx
    cmovno bx,bx
    cmovno sp,sp
    cmovno si,si
    cmovno ax,si
    cmovno di,di
    cmovno cx,di
    cmovno eax,dword [eax]
    cmovno ebp,dword [eax]
    cmovno bx,word [0x1234]
    cmovno edx,dword [ebp-0x80]
    cmovno edi,dword [ebp-0x80]
    cmovno ax,word [esp+0x80]
    cmovno bp,word [esp+0x80]
    cmovno esp,dword [fs:ebx+0x4]
    cmovno dx,word [ecx*8+0x100]
    cmovno di,word [ecx*8+0x100]
    cmovno eax,dword [ebp]
