; arpl: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    arpl ax,ax
    arpl ax,bp
    arpl ax,dx
    arpl cx,dx
    arpl cx,di
    arpl cx,sp
    arpl dx,sp
    arpl dx,cx
    arpl dx,si
    arpl bx,si
    arpl bx,bx
    arpl bx,ax
    arpl sp,ax
    arpl sp,bp
    arpl sp,dx
    arpl bp,dx
    arpl bp,di
    arpl bp,sp
    arpl si,sp
    arpl si,cx
    arpl si,si
    arpl di,si
    arpl di,bx
    arpl di,ax
    arpl word [eax],ax
    arpl word [eax],bp
    arpl word [eax],dx
    arpl word [0x1234],dx
    arpl word [0x1234],di
    arpl word [0x1234],sp
    arpl word [ebp-0x80],sp
    arpl word [ebp-0x80],cx
    arpl word [ebp-0x80],si
    arpl word [esp+0x80],si
    arpl word [esp+0x80],bx
    arpl word [esp+0x80],ax
    arpl word [fs:ebx+0x4],ax
    arpl word [fs:ebx+0x4],bp
    arpl word [fs:ebx+0x4],dx
    arpl word [ecx*8+0x100],dx
    arpl word [ecx*8+0x100],di
    arpl word [ecx*8+0x100],sp
    arpl word [ebp],sp
    arpl word [ebp],cx
    arpl word [ebp],si
    arpl bp,ax
    arpl word [ebp-0x80],ax
    arpl cx,cx
    arpl word [esp+0x80],cx
    arpl dx,dx
    arpl di,dx
    arpl word [eax],bx
    arpl word [ecx*8+0x100],bx
    arpl sp,sp
    arpl bp,bp
    arpl word [ebp-0x80],bp
    arpl cx,si
    arpl di,di
    arpl word [fs:ebx+0x4],di
    arpl dx,di
