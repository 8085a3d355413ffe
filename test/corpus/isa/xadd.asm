; xadd: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    xadd al,al
    xadd al,ch
    xadd al,dl
    xadd cl,dl
    xadd cl,bh
    xadd cl,ah
    xadd dl,ah
    xadd dl,cl
    xadd dl,dh
    xadd bl,dh
    xadd bl,bl
    xadd bl,al
    xadd ah,al
    xadd ah,ch
    xadd ah,dl
    xadd ch,dl
    xadd ch,bh
    xadd ch,ah
    xadd dh,ah
    xadd dh,cl
    xadd dh,dh
    xadd bh,dh
    xadd bh,bl
    xadd bh,al
    xadd byte [eax],al
    xadd byte [eax],ch
    xadd byte [eax],dl
    xadd byte [0x1234],dl
    xadd byte [0x1234],bh
    xadd byte [0x1234],ah
    xadd byte [ebp-0x80],ah
    xadd byte [ebp-0x80],cl
    xadd byte [ebp-0x80],dh
    xadd byte [esp+0x80],dh
    xadd byte [esp+0x80],bl
    xadd byte [esp+0x80],al
    xadd byte [fs:ebx+0x4],al
    xadd byte [fs:ebx+0x4],ch
    xadd byte [fs:ebx+0x4],dl
    xadd byte [ecx*8+0x100],dl
    xadd byte [ecx*8+0x100],bh
    xadd byte [ecx*8+0x100],ah
    xadd byte [ebp],ah
    xadd byte [ebp],cl
    xadd byte [ebp],dh
    xadd ch,al
    xadd byte [ebp-0x80],al
    xadd cl,cl
    xadd byte [esp+0x80],cl
    xadd dl,dl
    xadd bh,dl
    xadd byte [eax],bl
    xadd byte [ecx*8+0x100],bl
    xadd ah,ah
    xadd ch,ch
    xadd byte [ebp-0x80],ch
    xadd cl,dh
    xadd bh,bh
    xadd byte [fs:ebx+0x4],bh
    xadd dl,bh
    lock xadd byte [eax],al
    xadd eax,eax
    xadd eax,ebp
    xadd ecx,edx
    xadd ecx,edi
    xadd edx,esp
    xadd ebx,esi
    xadd ebx,eax
    xadd esp,edx
    xadd ebp,esp
    xadd esi,ecx
    xadd esi,esi
    xadd edi,ebx
    xadd ax,dx
    xadd cx,sp
    xadd dx,cx
    xadd dx,si
    xadd bx,bx
    xadd sp,ax
    xadd sp,bp
    xadd bp,dx
    xadd bp,di
    xadd si,sp
    xadd di,si
    xadd di,ax
    xadd dword [eax],eax
    xadd dword [eax],ebp
    xadd word [0x1234],sp
    xadd dword [ebp-0x80],esp
    xadd word [esp+0x80],bx
    xadd dword [fs:ebx+0x4],edx
    xadd word [ecx*8+0x100],dx
    xadd word [ecx*8+0x100],di
    xadd dword [ebp],ecx
    xadd dword [ebp],esi
    xadd ebp,eax
    xadd ecx,ecx
    xadd edx,edx
    xadd edi,edx
    xadd ebx,ebx
    xadd esp,esp
    xadd ebp,ebp
    xadd dword [eax],esi
    xadd edi,edi
    xadd ax,ax
    xadd bp,ax
    xadd cx,cx
    xadd si,cx
    xadd word [esp+0x80],cx
    xadd dx,dx
    xadd di,dx
    xadd word [ecx*8+0x100],bx
    xadd sp,sp
    xadd bp,bp
    xadd si,si
    xadd word [esp+0x80],si
    xadd di,di
    lock xadd dword [eax],eax
