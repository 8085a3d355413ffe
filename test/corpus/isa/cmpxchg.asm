; cmpxchg: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmpxchg al,al
    cmpxchg al,ch
    cmpxchg al,dl
    cmpxchg cl,dl
    cmpxchg cl,bh
    cmpxchg cl,ah
    cmpxchg dl,ah
    cmpxchg dl,cl
    cmpxchg dl,dh
    cmpxchg bl,dh
    cmpxchg bl,bl
    cmpxchg bl,al
    cmpxchg ah,al
    cmpxchg ah,ch
    cmpxchg ah,dl
    cmpxchg ch,dl
    cmpxchg ch,bh
    cmpxchg ch,ah
    cmpxchg dh,ah
    cmpxchg dh,cl
    cmpxchg dh,dh
    cmpxchg bh,dh
    cmpxchg bh,bl
    cmpxchg bh,al
    cmpxchg byte [eax],al
    cmpxchg byte [eax],ch
    cmpxchg byte [eax],dl
    cmpxchg byte [0x1234],dl
    cmpxchg byte [0x1234],bh
    cmpxchg byte [0x1234],ah
    cmpxchg byte [ebp-0x80],ah
    cmpxchg byte [ebp-0x80],cl
    cmpxchg byte [ebp-0x80],dh
    cmpxchg byte [esp+0x80],dh
    cmpxchg byte [esp+0x80],bl
    cmpxchg byte [esp+0x80],al
    cmpxchg byte [fs:ebx+0x4],al
    cmpxchg byte [fs:ebx+0x4],ch
    cmpxchg byte [fs:ebx+0x4],dl
    cmpxchg byte [ecx*8+0x100],dl
    cmpxchg byte [ecx*8+0x100],bh
    cmpxchg byte [ecx*8+0x100],ah
    cmpxchg byte [ebp],ah
    cmpxchg byte [ebp],cl
    cmpxchg byte [ebp],dh
    cmpxchg ch,al
    cmpxchg byte [ebp-0x80],al
    cmpxchg cl,cl
    cmpxchg byte [esp+0x80],cl
    cmpxchg dl,dl
    cmpxchg bh,dl
    cmpxchg byte [eax],bl
    cmpxchg byte [ecx*8+0x100],bl
    cmpxchg ah,ah
    cmpxchg ch,ch
    cmpxchg byte [ebp-0x80],ch
    cmpxchg cl,dh
    cmpxchg bh,bh
    cmpxchg byte [fs:ebx+0x4],bh
    cmpxchg dl,bh
    lock cmpxchg byte [eax],al
    cmpxchg eax,eax
    cmpxchg eax,ebp
    cmpxchg ecx,edx
    cmpxchg ecx,edi
    cmpxchg edx,esp
    cmpxchg ebx,esi
    cmpxchg ebx,eax
    cmpxchg esp,edx
    cmpxchg ebp,esp
    cmpxchg esi,ecx
    cmpxchg esi,esi
    cmpxchg edi,ebx
    cmpxchg ax,dx
    cmpxchg cx,sp
    cmpxchg dx,cx
    cmpxchg dx,si
    cmpxchg bx,bx
    cmpxchg sp,ax
    cmpxchg sp,bp
    cmpxchg bp,dx
    cmpxchg bp,di
    cmpxchg si,sp
    cmpxchg di,si
    cmpxchg di,ax
    cmpxchg dword [eax],eax
    cmpxchg dword [eax],ebp
    cmpxchg word [0x1234],sp
    cmpxchg dword [ebp-0x80],esp
    cmpxchg word [esp+0x80],bx
    cmpxchg dword [fs:ebx+0x4],edx
    cmpxchg word [ecx*8+0x100],dx
    cmpxchg word [ecx*8+0x100],di
    cmpxchg dword [ebp],ecx
    cmpxchg dword [ebp],esi
    cmpxchg ebp,eax
    cmpxchg ecx,ecx
    cmpxchg edx,edx
    cmpxchg edi,edx
    cmpxchg ebx,ebx
    cmpxchg esp,esp
    cmpxchg ebp,ebp
    cmpxchg dword [eax],esi
    cmpxchg edi,edi
    cmpxchg ax,ax
    cmpxchg bp,ax
    cmpxchg cx,cx
    cmpxchg si,cx
    cmpxchg word [esp+0x80],cx
    cmpxchg dx,dx
    cmpxchg di,dx
    cmpxchg word [ecx*8+0x100],bx
    cmpxchg sp,sp
    cmpxchg bp,bp
    cmpxchg si,si
    cmpxchg word [esp+0x80],si
    cmpxchg di,di
    lock cmpxchg dword [eax],eax
