; xchg: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    xchg eax,eax
    xchg eax,ebp
    xchg ax,sp
    xchg eax,ecx
    xchg eax,edx
    xchg eax,ebx
    xchg eax,esp
    xchg eax,esi
    xchg eax,edi
    xchg ax,ax
    xchg ax,cx
    xchg ax,dx
    xchg ax,bx
    xchg ax,bp
    xchg ax,si
    xchg ax,di
    xchg al,al
    xchg al,ch
    xchg al,byte [ebp-0x80]
    xchg cl,dl
    xchg cl,bh
    xchg cl,byte [fs:ebx+0x4]
    xchg dl,ah
    xchg dl,byte [0x1234]
    xchg dl,byte [ebp]
    xchg bl,dh
    xchg bl,byte [esp+0x80]
    xchg bl,cl
    xchg ah,byte [eax]
    xchg ah,byte [ecx*8+0x100]
    xchg ah,bl
    xchg ch,byte [ebp-0x80]
    xchg ch,al
    xchg ch,ch
    xchg dh,byte [fs:ebx+0x4]
    xchg dh,dl
    xchg dh,bh
    xchg bh,byte [ebp]
    xchg bh,ah
    xchg bh,byte [0x1234]
    xchg dl,al
    xchg cl,cl
    xchg dh,cl
    xchg dl,dl
    xchg bh,dl
    xchg ah,dl
    xchg bl,bl
    xchg al,bl
    xchg ch,bl
    xchg ah,ah
    xchg cl,ah
    xchg dh,ah
    xchg dl,ch
    xchg bh,ch
    xchg dh,dh
    xchg al,dh
    xchg bh,bh
    xchg ah,bh
    xchg al,byte [eax]
    xchg ch,byte [eax]
    xchg dl,byte [eax]
    xchg cl,byte [0x1234]
    xchg dh,byte [0x1234]
    xchg bl,byte [0x1234]
    xchg dl,byte [ebp-0x80]
    xchg bh,byte [ebp-0x80]
    xchg ah,byte [ebp-0x80]
    xchg al,byte [esp+0x80]
    xchg ch,byte [esp+0x80]
    xchg ah,byte [fs:ebx+0x4]
    xchg ch,byte [ecx*8+0x100]
    xchg dl,byte [ecx*8+0x100]
    xchg bh,byte [ecx*8+0x100]
    xchg dh,byte [ebp]
    xchg bl,byte [ebp]
    xchg al,byte [ebp]
    lock xchg al,byte [ebp-0x80]
    xchg ecx,edx
    xchg ecx,edi
    xchg edx,esp
    xchg ebx,esi
    xchg ebx,dword [eax]
    xchg esp,dword [ebp-0x80]
    xchg ebp,dword [fs:ebx+0x4]
    xchg esi,dword [ebp]
    xchg edi,ecx
    xchg ax,word [ecx*8+0x100]
    xchg bx,cx
    xchg sp,bx
    xchg bp,ax
    xchg bp,bp
    xchg si,dx
    xchg si,di
    xchg di,sp
    xchg di,word [0x1234]
    xchg ebp,eax
    xchg ecx,ecx
    xchg esi,ecx
    xchg edx,edx
    xchg edi,edx
    xchg ebx,ebx
    xchg esp,esp
    xchg ebp,ebp
    xchg esi,esi
    xchg edi,edi
    xchg cx,cx
    xchg si,cx
    xchg dx,dx
    xchg di,dx
    xchg bx,bx
    xchg sp,sp
    xchg si,si
    xchg di,di
    xchg cx,di
    xchg eax,dword [eax]
    xchg ebp,dword [eax]
    xchg bx,word [0x1234]
    xchg edx,dword [ebp-0x80]
    xchg edi,dword [ebp-0x80]
    xchg ax,word [esp+0x80]
    xchg bp,word [esp+0x80]
    xchg esp,dword [fs:ebx+0x4]
    xchg dx,word [ecx*8+0x100]
    xchg di,word [ecx*8+0x100]
    xchg eax,dword [ebp]
    lock xchg ebx,dword [eax]
    xchg ebx,eax
    xchg ebx,[eax]
