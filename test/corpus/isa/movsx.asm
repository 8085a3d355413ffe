; movsx: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    movsx eax,al
    movsx eax,ch
    movsx eax,byte [ebp-0x80]
    movsx ecx,dl
    movsx ecx,bh
    movsx ecx,byte [fs:ebx+0x4]
    movsx edx,ah
    movsx edx,byte [0x1234]
    movsx edx,byte [ebp]
    movsx ebx,dh
    movsx ebx,byte [esp+0x80]
    movsx ebx,cl
    movsx esp,byte [eax]
    movsx esp,byte [ecx*8+0x100]
    movsx esp,bl
    movsx ebp,byte [ebp-0x80]
    movsx ebp,al
    movsx ebp,ch
    movsx esi,byte [fs:ebx+0x4]
    movsx esi,dl
    movsx esi,bh
    movsx edi,byte [ebp]
    movsx edi,ah
    movsx edi,byte [0x1234]
    movsx edx,al
    movsx ecx,cl
    movsx esi,cl
    movsx edx,dl
    movsx edi,dl
    movsx esp,dl
    movsx ebx,bl
    movsx eax,bl
    movsx ebp,bl
    movsx esp,ah
    movsx ecx,ah
    movsx esi,ah
    movsx edx,ch
    movsx edi,ch
    movsx esi,dh
    movsx eax,dh
    movsx edi,bh
    movsx esp,bh
    movsx eax,byte [eax]
    movsx ebp,byte [eax]
    movsx edx,byte [eax]
    movsx ecx,byte [0x1234]
    movsx esi,byte [0x1234]
    movsx ebx,byte [0x1234]
    movsx edx,byte [ebp-0x80]
    movsx edi,byte [ebp-0x80]
    movsx esp,byte [ebp-0x80]
    movsx eax,byte [esp+0x80]
    movsx ebp,byte [esp+0x80]
    movsx esp,byte [fs:ebx+0x4]
    movsx ebp,byte [ecx*8+0x100]
    movsx edx,byte [ecx*8+0x100]
    movsx edi,byte [ecx*8+0x100]
    movsx esi,byte [ebp]
    movsx ebx,byte [ebp]
    movsx eax,byte [ebp]
    movsx ax,al
    movsx ax,ch
    movsx ax,byte [ebp-0x80]
    movsx cx,dl
    movsx cx,bh
    movsx cx,byte [fs:ebx+0x4]
    movsx dx,ah
    movsx dx,byte [0x1234]
    movsx dx,byte [ebp]
    movsx bx,dh
    movsx bx,byte [esp+0x80]
    movsx bx,cl
    movsx sp,byte [eax]
    movsx sp,byte [ecx*8+0x100]
    movsx sp,bl
    movsx bp,byte [ebp-0x80]
    movsx bp,al
    movsx bp,ch
    movsx si,byte [fs:ebx+0x4]
    movsx si,dl
    movsx si,bh
    movsx di,byte [ebp]
    movsx di,ah
    movsx di,byte [0x1234]
    movsx dx,al
    movsx cx,cl
    movsx si,cl
    movsx dx,dl
    movsx di,dl
    movsx sp,dl
    movsx bx,bl
    movsx ax,bl
    movsx bp,bl
    movsx sp,ah
    movsx cx,ah
    movsx si,ah
    movsx dx,ch
    movsx di,ch
    movsx si,dh
    movsx ax,dh
    movsx di,bh
    movsx sp,bh
    movsx ax,byte [eax]
    movsx bp,byte [eax]
    movsx dx,byte [eax]
    movsx cx,byte [0x1234]
    movsx si,byte [0x1234]
    movsx bx,byte [0x1234]
    movsx dx,byte [ebp-0x80]
    movsx di,byte [ebp-0x80]
    movsx sp,byte [ebp-0x80]
    movsx ax,byte [esp+0x80]
    movsx bp,byte [esp+0x80]
    movsx sp,byte [fs:ebx+0x4]
    movsx bp,byte [ecx*8+0x100]
    movsx dx,byte [ecx*8+0x100]
    movsx di,byte [ecx*8+0x100]
    movsx si,byte [ebp]
    movsx bx,byte [ebp]
    movsx ax,byte [ebp]
    movsx eax,ax
    movsx eax,bp
    movsx eax,word [ebp-0x80]
    movsx ecx,dx
    movsx ecx,di
    movsx ecx,word [fs:ebx+0x4]
    movsx edx,sp
    movsx edx,word [0x1234]
    movsx edx,word [ebp]
    movsx ebx,si
    movsx ebx,word [esp+0x80]
    movsx ebx,cx
    movsx esp,word [eax]
    movsx esp,word [ecx*8+0x100]
    movsx esp,bx
    movsx ebp,word [ebp-0x80]
    movsx ebp,ax
    movsx ebp,bp
    movsx esi,word [fs:ebx+0x4]
    movsx esi,dx
    movsx esi,di
    movsx edi,word [ebp]
    movsx edi,sp
    movsx edi,word [0x1234]
    movsx edx,ax
    movsx ecx,cx
    movsx esi,cx
    movsx edx,dx
    movsx edi,dx
    movsx esp,dx
    movsx ebx,bx
    movsx eax,bx
    movsx ebp,bx
    movsx esp,sp
    movsx ecx,sp
    movsx esi,sp
    movsx edx,bp
    movsx edi,bp
    movsx esi,si
    movsx eax,si
    movsx edi,di
    movsx esp,di
    movsx eax,word [eax]
    movsx ebp,word [eax]
    movsx edx,word [eax]
    movsx ecx,word [0x1234]
    movsx esi,word [0x1234]
    movsx ebx,word [0x1234]
    movsx edx,word [ebp-0x80]
    movsx edi,word [ebp-0x80]
    movsx esp,word [ebp-0x80]
    movsx eax,word [esp+0x80]
    movsx ebp,word [esp+0x80]
    movsx esp,word [fs:ebx+0x4]
    movsx ebp,word [ecx*8+0x100]
    movsx edx,word [ecx*8+0x100]
    movsx edi,word [ecx*8+0x100]
    movsx esi,word [ebp]
    movsx ebx,word [ebp]
    movsx eax,word [ebp]
