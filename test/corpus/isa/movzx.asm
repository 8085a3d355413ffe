; movzx: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    movzx eax,al
    movzx eax,ch
    movzx eax,byte [ebp-0x80]
    movzx ecx,dl
    movzx ecx,bh
    movzx ecx,byte [fs:ebx+0x4]
    movzx edx,ah
    movzx edx,byte [0x1234]
    movzx edx,byte [ebp]
    movzx ebx,dh
    movzx ebx,byte [esp+0x80]
    movzx ebx,cl
    movzx esp,byte [eax]
    movzx esp,byte [ecx*8+0x100]
    movzx esp,bl
    movzx ebp,byte [ebp-0x80]
    movzx ebp,al
    movzx ebp,ch
    movzx esi,byte [fs:ebx+0x4]
    movzx esi,dl
    movzx esi,bh
    movzx edi,byte [ebp]
    movzx edi,ah
    movzx edi,byte [0x1234]
    movzx edx,al
    movzx ecx,cl
    movzx esi,cl
    movzx edx,dl
    movzx edi,dl
    movzx esp,dl
    movzx ebx,bl
    movzx eax,bl
    movzx ebp,bl
    movzx esp,ah
    movzx ecx,ah
    movzx esi,ah
    movzx edx,ch
    movzx edi,ch
    movzx esi,dh
    movzx eax,dh
    movzx edi,bh
    movzx esp,bh
    movzx eax,byte [eax]
    movzx ebp,byte [eax]
    movzx edx,byte [eax]
    movzx ecx,byte [0x1234]
    movzx esi,byte [0x1234]
    movzx ebx,byte [0x1234]
    movzx edx,byte [ebp-0x80]
    movzx edi,byte [ebp-0x80]
    movzx esp,byte [ebp-0x80]
    movzx eax,byte [esp+0x80]
    movzx ebp,byte [esp+0x80]
    movzx esp,byte [fs:ebx+0x4]
    movzx ebp,byte [ecx*8+0x100]
    movzx edx,byte [ecx*8+0x100]
    movzx edi,byte [ecx*8+0x100]
    movzx esi,byte [ebp]
    movzx ebx,byte [ebp]
    movzx eax,byte [ebp]
    movzx ax,al
    movzx ax,ch
    movzx ax,byte [ebp-0x80]
    movzx cx,dl
    movzx cx,bh
    movzx cx,byte [fs:ebx+0x4]
    movzx dx,ah
    movzx dx,byte [0x1234]
    movzx dx,byte [ebp]
    movzx bx,dh
    movzx bx,byte [esp+0x80]
    movzx bx,cl
    movzx sp,byte [eax]
    movzx sp,byte [ecx*8+0x100]
    movzx sp,bl
    movzx bp,byte [ebp-0x80]
    movzx bp,al
    movzx bp,ch
    movzx si,byte [fs:ebx+0x4]
    movzx si,dl
    movzx si,bh
    movzx di,byte [ebp]
    movzx di,ah
    movzx di,byte [0x1234]
    movzx dx,al
    movzx cx,cl
    movzx si,cl
    movzx dx,dl
    movzx di,dl
    movzx sp,dl
    movzx bx,bl
    movzx ax,bl
    movzx bp,bl
    movzx sp,ah
    movzx cx,ah
    movzx si,ah
    movzx dx,ch
    movzx di,ch
    movzx si,dh
    movzx ax,dh
    movzx di,bh
    movzx sp,bh
    movzx ax,byte [eax]
    movzx bp,byte [eax]
    movzx dx,byte [eax]
    movzx cx,byte [0x1234]
    movzx si,byte [0x1234]
    movzx bx,byte [0x1234]
    movzx dx,byte [ebp-0x80]
    movzx di,byte [ebp-0x80]
    movzx sp,byte [ebp-0x80]
    movzx ax,byte [esp+0x80]
    movzx bp,byte [esp+0x80]
    movzx sp,byte [fs:ebx+0x4]
    movzx bp,byte [ecx*8+0x100]
    movzx dx,byte [ecx*8+0x100]
    movzx di,byte [ecx*8+0x100]
    movzx si,byte [ebp]
    movzx bx,byte [ebp]
    movzx ax,byte [ebp]
    movzx eax,ax
    movzx eax,bp
    movzx eax,word [ebp-0x80]
    movzx ecx,dx
    movzx ecx,di
    movzx ecx,word [fs:ebx+0x4]
    movzx edx,sp
    movzx edx,word [0x1234]
    movzx edx,word [ebp]
    movzx ebx,si
    movzx ebx,word [esp+0x80]
    movzx ebx,cx
    movzx esp,word [eax]
    movzx esp,word [ecx*8+0x100]
    movzx esp,bx
    movzx ebp,word [ebp-0x80]
    movzx ebp,ax
    movzx ebp,bp
    movzx esi,word [fs:ebx+0x4]
    movzx esi,dx
    movzx esi,di
    movzx edi,word [ebp]
    movzx edi,sp
    movzx edi,word [0x1234]
    movzx edx,ax
    movzx ecx,cx
    movzx esi,cx
    movzx edx,dx
    movzx edi,dx
    movzx esp,dx
    movzx ebx,bx
    movzx eax,bx
    movzx ebp,bx
    movzx esp,sp
    movzx ecx,sp
    movzx esi,sp
    movzx edx,bp
    movzx edi,bp
    movzx esi,si
    movzx eax,si
    movzx edi,di
    movzx esp,di
    movzx eax,word [eax]
    movzx ebp,word [eax]
    movzx edx,word [eax]
    movzx ecx,word [0x1234]
    movzx esi,word [0x1234]
    movzx ebx,word [0x1234]
    movzx edx,word [ebp-0x80]
    movzx edi,word [ebp-0x80]
    movzx esp,word [ebp-0x80]
    movzx eax,word [esp+0x80]
    movzx ebp,word [esp+0x80]
    movzx esp,word [fs:ebx+0x4]
    movzx ebp,word [ecx*8+0x100]
    movzx edx,word [ecx*8+0x100]
    movzx edi,word [ecx*8+0x100]
    movzx esi,word [ebp]
    movzx ebx,word [ebp]
    movzx eax,word [ebp]
