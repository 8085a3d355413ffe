; mov: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    mov al,[0x1234]
    mov al,[fs:0x0]
    mov al,[0xffffffff]
    mov eax,[0x1234]
    mov eax,[fs:0x0]
    mov eax,[0xffffffff]
    mov ax,[fs:0x0]
    mov ax,[0xffffffff]
    mov ax,[0x1234]
    mov [0x1234],al
    mov [0xffffffff],al
    mov [fs:0x0],al
    mov [0x1234],eax
    mov [0x1234],ax
    mov [0xffffffff],eax
    mov [0xffffffff],ax
    mov [fs:0x0],eax
    mov [fs:0x0],ax
    mov al,al
    mov al,ch
    mov al,dl
    mov cl,dl
    mov cl,bh
    mov cl,ah
    mov dl,ah
    mov dl,cl
    mov dl,dh
    mov bl,dh
    mov bl,bl
    mov bl,al
    mov ah,al
    mov ah,ch
    mov ah,dl
    mov ch,dl
    mov ch,bh
    mov ch,ah
    mov dh,ah
    mov dh,cl
    mov dh,dh
    mov bh,dh
    mov bh,bl
    mov bh,al
    mov byte [eax],al
    mov byte [eax],ch
    mov byte [eax],dl
    mov byte [0x1234],dl
    mov byte [0x1234],bh
    mov byte [0x1234],ah
    mov byte [ebp-0x80],ah
    mov byte [ebp-0x80],cl
    mov byte [ebp-0x80],dh
    mov byte [esp+0x80],dh
    mov byte [esp+0x80],bl
    mov byte [esp+0x80],al
    mov byte [fs:ebx+0x4],al
    mov byte [fs:ebx+0x4],ch
    mov byte [fs:ebx+0x4],dl
    mov byte [ecx*8+0x100],dl
    mov byte [ecx*8+0x100],bh
    mov byte [ecx*8+0x100],ah
    mov byte [ebp],ah
    mov byte [ebp],cl
    mov byte [ebp],dh
    mov ch,al
    mov byte [ebp-0x80],al
    mov cl,cl
    mov byte [esp+0x80],cl
    mov dl,dl
    mov bh,dl
    mov byte [eax],bl
    mov byte [ecx*8+0x100],bl
    mov ah,ah
    mov ch,ch
    mov byte [ebp-0x80],ch
    mov cl,dh
    mov bh,bh
    mov byte [fs:ebx+0x4],bh
    mov dl,bh
    mov eax,eax
    mov eax,ebp
    mov ecx,edx
    mov ecx,edi
    mov edx,esp
    mov ebx,esi
    mov ebx,eax
    mov esp,edx
    mov ebp,esp
    mov esi,ecx
    mov esi,esi
    mov edi,ebx
    mov ax,dx
    mov cx,sp
    mov dx,cx
    mov dx,si
    mov bx,bx
    mov sp,ax
    mov sp,bp
    mov bp,dx
    mov bp,di
    mov si,sp
    mov di,si
    mov di,ax
    mov dword [eax],eax
    mov dword [eax],ebp
    mov word [0x1234],sp
    mov dword [ebp-0x80],esp
    mov word [esp+0x80],bx
    mov dword [fs:ebx+0x4],edx
    mov word [ecx*8+0x100],dx
    mov word [ecx*8+0x100],di
    mov dword [ebp],ecx
    mov dword [ebp],esi
    mov ebp,eax
    mov ecx,ecx
    mov edx,edx
    mov edi,edx
    mov ebx,ebx
    mov esp,esp
    mov ebp,ebp
    mov dword [eax],esi
    mov edi,edi
    mov ax,ax
    mov bp,ax
    mov cx,cx
    mov si,cx
    mov word [esp+0x80],cx
    mov dx,dx
    mov di,dx
    mov word [ecx*8+0x100],bx
    mov sp,sp
    mov bp,bp
    mov si,si
    mov word [esp+0x80],si
    mov di,di
    mov al,byte [ebp-0x80]
    mov cl,byte [fs:ebx+0x4]
    mov dl,byte [0x1234]
    mov dl,byte [ebp]
    mov bl,byte [esp+0x80]
    mov bl,cl
    mov ah,byte [eax]
    mov ah,byte [ecx*8+0x100]
    mov ah,bl
    mov ch,byte [ebp-0x80]
    mov dh,byte [fs:ebx+0x4]
    mov dh,dl
    mov dh,bh
    mov bh,byte [ebp]
    mov bh,ah
    mov bh,byte [0x1234]
    mov dl,al
    mov al,bl
    mov ch,bl
    mov dl,ch
    mov bh,ch
    mov al,dh
    mov ah,bh
    mov al,byte [eax]
    mov ch,byte [eax]
    mov dl,byte [eax]
    mov cl,byte [0x1234]
    mov dh,byte [0x1234]
    mov bl,byte [0x1234]
    mov dl,byte [ebp-0x80]
    mov bh,byte [ebp-0x80]
    mov ah,byte [ebp-0x80]
    mov al,byte [esp+0x80]
    mov ch,byte [esp+0x80]
    mov ah,byte [fs:ebx+0x4]
    mov ch,byte [ecx*8+0x100]
    mov dl,byte [ecx*8+0x100]
    mov bh,byte [ecx*8+0x100]
    mov dh,byte [ebp]
    mov bl,byte [ebp]
    mov al,byte [ebp]
    mov ebx,dword [0x0]
    mov esp,dword [0x7f]
    mov ebp,dword [0x80000000]
    mov esi,dword [eax+0x0]
    mov edi,dword [eax-0x1]
    mov ax,word [eax]
    mov cx,word [eax+0x1]
    mov dx,word [eax+0x7f]
    mov bx,word [eax-0x80]
    mov sp,word [eax+0x12345678]
    mov bp,word [ecx]
    mov si,word [ecx+0x1]
    mov di,word [ecx+0x7f]
    mov eax,esi
    mov ax,si
    mov cx,di
    mov eax,dword [0x0]
    mov ebp,dword [0x0]
    mov bx,word [0x1234]
    mov edx,dword [0x7f]
    mov edi,dword [0x7f]
    mov ax,word [0xffffffff]
    mov bp,word [0xffffffff]
    mov esp,dword [0x80000000]
    mov dx,word [eax]
    mov di,word [eax]
    mov eax,dword [eax+0x0]
    mov sp,word [eax+0x1]
    mov edx,dword [eax-0x1]
    mov cx,word [eax+0x7f]
    mov si,word [eax+0x7f]
    mov esp,dword [eax+0x80]
    mov ecx,dword [eax-0x81]
    mov esi,dword [eax-0x81]
    mov bp,word [eax+0x12345678]
    mov ebx,dword [eax-0x12345678]
    mov di,word [ecx]
    mov cx,word [ecx]
    mov eax,dword [ecx+0x0]
    mov ebp,dword [ecx+0x0]
    mov bx,word [ecx+0x1]
    mov edx,dword [ecx-0x1]
    mov edi,dword [ecx-0x1]
    mov ax,word [ecx+0x7f]
    mov bp,word [ecx+0x7f]
    mov esp,dword [ecx+0x80]
    mov dx,word [ecx-0x80]
    mov di,word [ecx-0x80]
    mov esi,dword [ecx-0x81]
    mov eax,dword [ecx-0x81]
    mov sp,word [ecx+0x12345678]
    mov edx,dword [ecx-0x12345678]
    mov cx,word [edx]
    mov si,word [edx]
    mov esp,dword [edx+0x0]
    mov bx,word [edx+0x1]
    mov ecx,dword [edx-0x1]
    mov esi,dword [edx-0x1]
    mov bp,word [edx+0x7f]
    mov ebx,dword [edx+0x80]
    mov di,word [edx-0x80]
    mov cx,word [edx-0x80]
    mov eax,dword [edx-0x81]
    mov ebp,dword [edx-0x81]
    mov bx,word [edx+0x12345678]
    mov edx,dword [edx-0x12345678]
    mov edi,dword [edx-0x12345678]
    mov ax,word [ebx]
    mov bp,word [ebx]
    mov esp,dword [ebx+0x0]
    mov dx,word [ebx+0x1]
    mov di,word [ebx+0x1]
    mov esi,dword [ebx-0x1]
    mov eax,dword [ebx-0x1]
    mov sp,word [ebx+0x7f]
    mov edx,dword [ebx+0x80]
    mov cx,word [ebx-0x80]
    mov si,word [ebx-0x80]
    mov esp,dword [ebx-0x81]
    mov bx,word [ebx+0x12345678]
    mov ecx,dword [ebx-0x12345678]
    mov esi,dword [ebx-0x12345678]
    mov bp,word [esp]
    mov ebx,dword [esp+0x0]
    mov di,word [esp+0x1]
    mov cx,word [esp+0x1]
    mov eax,dword [esp-0x1]
    mov ebp,dword [esp-0x1]
    mov bx,word [esp+0x7f]
    mov edx,dword [esp+0x80]
    mov edi,dword [esp+0x80]
    mov ax,word [esp-0x80]
    mov bp,word [esp-0x80]
    mov esp,dword [esp-0x81]
    mov dx,word [esp+0x12345678]
    mov di,word [esp+0x12345678]
    mov esi,dword [esp-0x12345678]
    mov eax,dword [esp-0x12345678]
    mov sp,word [ebp]
    mov edx,dword [ebp+0x0]
    mov cx,word [ebp+0x1]
    mov si,word [ebp+0x1]
    mov esp,dword [ebp-0x1]
    mov bx,word [ebp+0x7f]
    mov ecx,dword [ebp+0x80]
    mov esi,dword [ebp+0x80]
    mov bp,word [ebp-0x80]
    mov ebx,dword [ebp-0x81]
    mov di,word [ebp+0x12345678]
    mov cx,word [ebp+0x12345678]
    mov eax,dword [ebp-0x12345678]
    mov ebp,dword [ebp-0x12345678]
    mov bx,word [esi]
    mov edx,dword [esi+0x0]
    mov edi,dword [esi+0x0]
    mov ax,word [esi+0x1]
    mov bp,word [esi+0x1]
    mov esp,dword [esi-0x1]
    mov dx,word [esi+0x7f]
    mov di,word [esi+0x7f]
    mov esi,dword [esi+0x80]
    mov eax,dword [esi+0x80]
    mov sp,word [esi-0x80]
    mov edx,dword [esi-0x81]
    mov cx,word [esi+0x12345678]
    mov si,word [esi+0x12345678]
    mov esp,dword [esi-0x12345678]
    mov bx,word [edi]
    mov ecx,dword [edi+0x0]
    mov esi,dword [edi+0x0]
    mov bp,word [edi+0x1]
    mov ebx,dword [edi-0x1]
    mov di,word [edi+0x7f]
    mov cx,word [edi+0x7f]
    mov eax,dword [edi+0x80]
    mov ebp,dword [edi+0x80]
    mov bx,word [edi-0x80]
    mov edx,dword [edi-0x81]
    mov edi,dword [edi-0x81]
    mov ax,word [edi+0x12345678]
    mov bp,word [edi+0x12345678]
    mov esp,dword [edi-0x12345678]
    mov esi,dword [eax+0x100]
    mov eax,dword [eax+0x100]
    mov sp,word [eax+eax]
    mov edx,dword [ebp+eax]
    mov cx,word [esp+eax+0x8]
    mov si,word [esp+eax+0x8]
    mov esp,dword [ebx+eax-0x80]
    mov bx,word [edi+eax+0x80]
    mov ecx,dword [eax*2]
    mov esi,dword [eax*2]
    mov bp,word [eax*2+0x100]
    mov ebx,dword [eax+eax*2]
    mov di,word [ebp+eax*2]
    mov cx,word [ebp+eax*2]
    mov eax,dword [esp+eax*2+0x8]
    mov ebp,dword [esp+eax*2+0x8]
    mov bx,word [ebx+eax*2-0x80]
    mov edx,dword [edi+eax*2+0x80]
    mov edi,dword [edi+eax*2+0x80]
    mov ax,word [eax*4]
    mov bp,word [eax*4]
    mov esp,dword [eax*4+0x100]
    mov dx,word [eax+eax*4]
    mov di,word [eax+eax*4]
    mov esi,dword [ebp+eax*4]
    mov eax,dword [ebp+eax*4]
    mov sp,word [esp+eax*4+0x8]
    mov edx,dword [ebx+eax*4-0x80]
    mov cx,word [edi+eax*4+0x80]
    mov si,word [edi+eax*4+0x80]
    mov esp,dword [eax*8]
    mov bx,word [eax*8+0x100]
    mov ecx,dword [eax+eax*8]
    mov esi,dword [eax+eax*8]
    mov bp,word [ebp+eax*8]
    mov ebx,dword [esp+eax*8+0x8]
    mov di,word [ebx+eax*8-0x80]
    mov cx,word [ebx+eax*8-0x80]
    mov eax,dword [edi+eax*8+0x80]
    mov ebp,dword [edi+eax*8+0x80]
    mov bx,word [ecx]
    mov edx,dword [ecx+0x100]
    mov edi,dword [ecx+0x100]
    mov ax,word [eax+ecx]
    mov bp,word [eax+ecx]
    mov esp,dword [ebp+ecx]
    mov dx,word [esp+ecx+0x8]
    mov di,word [esp+ecx+0x8]
    mov esi,dword [ebx+ecx-0x80]
    mov eax,dword [ebx+ecx-0x80]
    mov sp,word [edi+ecx+0x80]
    mov edx,dword [ecx*2]
    mov cx,word [ecx*2+0x100]
    mov si,word [ecx*2+0x100]
    mov esp,dword [eax+ecx*2]
    mov bx,word [ebp+ecx*2]
    mov ecx,dword [esp+ecx*2+0x8]
    mov esi,dword [esp+ecx*2+0x8]
    mov bp,word [ebx+ecx*2-0x80]
    mov ebx,dword [edi+ecx*2+0x80]
    mov di,word [ecx*4]
    mov cx,word [ecx*4]
    mov eax,dword [ecx*4+0x100]
    mov ebp,dword [ecx*4+0x100]
    mov bx,word [eax+ecx*4]
    mov edx,dword [ebp+ecx*4]
    mov edi,dword [ebp+ecx*4]
    mov ax,word [esp+ecx*4+0x8]
    mov bp,word [esp+ecx*4+0x8]
    mov esp,dword [ebx+ecx*4-0x80]
    mov dx,word [edi+ecx*4+0x80]
    mov di,word [edi+ecx*4+0x80]
    mov esi,dword [ecx*8]
    mov eax,dword [ecx*8]
    mov sp,word [ecx*8+0x100]
    mov edx,dword [eax+ecx*8]
    mov cx,word [ebp+ecx*8]
    mov si,word [ebp+ecx*8]
    mov esp,dword [esp+ecx*8+0x8]
    mov bx,word [ebx+ecx*8-0x80]
    mov ecx,dword [edi+ecx*8+0x80]
    mov esi,dword [edi+ecx*8+0x80]
    mov bp,word [edx]
    mov ebx,dword [edx+0x100]
    mov di,word [eax+edx]
    mov cx,word [eax+edx]
    mov eax,dword [ebp+edx]
    mov ebp,dword [ebp+edx]
    mov bx,word [esp+edx+0x8]
    mov edx,dword [ebx+edx-0x80]
    mov edi,dword [ebx+edx-0x80]
    mov ax,word [edi+edx+0x80]
    mov bp,word [edi+edx+0x80]
    mov esp,dword [edx*2]
    mov dx,word [edx*2+0x100]
    mov di,word [edx*2+0x100]
    mov esi,dword [eax+edx*2]
    mov eax,dword [eax+edx*2]
    mov sp,word [ebp+edx*2]
    mov edx,dword [esp+edx*2+0x8]
    mov cx,word [ebx+edx*2-0x80]
    mov si,word [ebx+edx*2-0x80]
    mov esp,dword [edi+edx*2+0x80]
    mov bx,word [edx*4]
    mov ecx,dword [edx*4+0x100]
    mov esi,dword [edx*4+0x100]
    mov bp,word [eax+edx*4]
    mov ebx,dword [ebp+edx*4]
    mov di,word [esp+edx*4+0x8]
    mov cx,word [esp+edx*4+0x8]
    mov eax,dword [ebx+edx*4-0x80]
    mov ebp,dword [ebx+edx*4-0x80]
    mov bx,word [edi+edx*4+0x80]
    mov edx,dword [edx*8]
    mov edi,dword [edx*8]
    mov ax,word [edx*8+0x100]
    mov bp,word [edx*8+0x100]
    mov esp,dword [eax+edx*8]
    mov dx,word [ebp+edx*8]
    mov di,word [ebp+edx*8]
    mov esi,dword [esp+edx*8+0x8]
    mov eax,dword [esp+edx*8+0x8]
    mov sp,word [ebx+edx*8-0x80]
    mov edx,dword [edi+edx*8+0x80]
    mov cx,word [ebx]
    mov si,word [ebx]
    mov esp,dword [ebx+0x100]
    mov bx,word [eax+ebx]
    mov ecx,dword [ebp+ebx]
    mov esi,dword [ebp+ebx]
    mov bp,word [esp+ebx+0x8]
    mov ebx,dword [ebx+ebx-0x80]
    mov di,word [edi+ebx+0x80]
    mov cx,word [edi+ebx+0x80]
    mov eax,dword [ebx*2]
    mov ebp,dword [ebx*2]
    mov bx,word [ebx*2+0x100]
    mov edx,dword [eax+ebx*2]
    mov edi,dword [eax+ebx*2]
    mov ax,word [ebp+ebx*2]
    mov bp,word [ebp+ebx*2]
    mov esp,dword [esp+ebx*2+0x8]
    mov dx,word [ebx+ebx*2-0x80]
    mov di,word [ebx+ebx*2-0x80]
    mov esi,dword [edi+ebx*2+0x80]
    mov eax,dword [edi+ebx*2+0x80]
    mov sp,word [ebx*4]
    mov edx,dword [ebx*4+0x100]
    mov cx,word [eax+ebx*4]
    mov si,word [eax+ebx*4]
    mov esp,dword [ebp+ebx*4]
    mov bx,word [esp+ebx*4+0x8]
    mov ecx,dword [ebx+ebx*4-0x80]
    mov esi,dword [ebx+ebx*4-0x80]
    mov bp,word [edi+ebx*4+0x80]
    mov ebx,dword [ebx*8]
    mov di,word [ebx*8+0x100]
    mov cx,word [ebx*8+0x100]
    mov eax,dword [eax+ebx*8]
    mov ebp,dword [eax+ebx*8]
    mov bx,word [ebp+ebx*8]
    mov edx,dword [esp+ebx*8+0x8]
    mov edi,dword [esp+ebx*8+0x8]
    mov ax,word [ebx+ebx*8-0x80]
    mov bp,word [ebx+ebx*8-0x80]
    mov esp,dword [edi+ebx*8+0x80]
    mov dx,word [ebp]
    mov di,word [ebp]
    mov esi,dword [ebp+0x100]
    mov eax,dword [ebp+0x100]
    mov sp,word [eax+ebp]
    mov edx,dword [ebp+ebp]
    mov cx,word [esp+ebp+0x8]
    mov si,word [esp+ebp+0x8]
    mov esp,dword [ebx+ebp-0x80]
    mov bx,word [edi+ebp+0x80]
    mov ecx,dword [ebp*2]
    mov esi,dword [ebp*2]
    mov bp,word [ebp*2+0x100]
    mov ebx,dword [eax+ebp*2]
    mov di,word [ebp+ebp*2]
    mov cx,word [ebp+ebp*2]
    mov eax,dword [esp+ebp*2+0x8]
    mov ebp,dword [esp+ebp*2+0x8]
    mov bx,word [ebx+ebp*2-0x80]
    mov edx,dword [edi+ebp*2+0x80]
    mov edi,dword [edi+ebp*2+0x80]
    mov ax,word [ebp*4]
    mov bp,word [ebp*4]
    mov esp,dword [ebp*4+0x100]
    mov dx,word [eax+ebp*4]
    mov di,word [eax+ebp*4]
    mov esi,dword [ebp+ebp*4]
    mov eax,dword [ebp+ebp*4]
    mov sp,word [esp+ebp*4+0x8]
    mov edx,dword [ebx+ebp*4-0x80]
    mov cx,word [edi+ebp*4+0x80]
    mov si,word [edi+ebp*4+0x80]
    mov esp,dword [ebp*8]
    mov bx,word [ebp*8+0x100]
    mov ecx,dword [eax+ebp*8]
    mov esi,dword [eax+ebp*8]
    mov bp,word [ebp+ebp*8]
    mov ebx,dword [esp+ebp*8+0x8]
    mov di,word [ebx+ebp*8-0x80]
    mov cx,word [ebx+ebp*8-0x80]
    mov eax,dword [edi+ebp*8+0x80]
    mov ebp,dword [edi+ebp*8+0x80]
    mov edx,dword [esi+0x100]
    mov edi,dword [esi+0x100]
    mov ax,word [eax+esi]
    mov bp,word [eax+esi]
    mov esp,dword [ebp+esi]
    mov dx,word [esp+esi+0x8]
    mov di,word [esp+esi+0x8]
    mov esi,dword [ebx+esi-0x80]
    mov eax,dword [ebx+esi-0x80]
    mov sp,word [edi+esi+0x80]
    mov edx,dword [esi*2]
    mov cx,word [esi*2+0x100]
    mov si,word [esi*2+0x100]
    mov esp,dword [eax+esi*2]
    mov bx,word [ebp+esi*2]
    mov ecx,dword [esp+esi*2+0x8]
    mov esi,dword [esp+esi*2+0x8]
    mov bp,word [ebx+esi*2-0x80]
    mov ebx,dword [edi+esi*2+0x80]
    mov di,word [esi*4]
    mov cx,word [esi*4]
    mov eax,dword [esi*4+0x100]
    mov ebp,dword [esi*4+0x100]
    mov bx,word [eax+esi*4]
    mov edx,dword [ebp+esi*4]
    mov edi,dword [ebp+esi*4]
    mov ax,word [esp+esi*4+0x8]
    mov bp,word [esp+esi*4+0x8]
    mov esp,dword [ebx+esi*4-0x80]
    mov dx,word [edi+esi*4+0x80]
    mov di,word [edi+esi*4+0x80]
    mov esi,dword [esi*8]
    mov eax,dword [esi*8]
    mov sp,word [esi*8+0x100]
    mov edx,dword [eax+esi*8]
    mov cx,word [ebp+esi*8]
    mov si,word [ebp+esi*8]
    mov esp,dword [esp+esi*8+0x8]
    mov bx,word [ebx+esi*8-0x80]
    mov ecx,dword [edi+esi*8+0x80]
    mov esi,dword [edi+esi*8+0x80]
    mov bp,word [edi]
    mov ebx,dword [edi+0x100]
    mov di,word [eax+edi]
    mov cx,word [eax+edi]
    mov eax,dword [ebp+edi]
    mov ebp,dword [ebp+edi]
    mov bx,word [esp+edi+0x8]
    mov edx,dword [ebx+edi-0x80]
    mov edi,dword [ebx+edi-0x80]
    mov ax,word [edi+edi+0x80]
    mov bp,word [edi+edi+0x80]
    mov esp,dword [edi*2]
    mov dx,word [edi*2+0x100]
    mov di,word [edi*2+0x100]
    mov esi,dword [eax+edi*2]
    mov eax,dword [eax+edi*2]
    mov sp,word [ebp+edi*2]
    mov edx,dword [esp+edi*2+0x8]
    mov cx,word [ebx+edi*2-0x80]
    mov si,word [ebx+edi*2-0x80]
    mov esp,dword [edi+edi*2+0x80]
    mov bx,word [edi*4]
    mov ecx,dword [edi*4+0x100]
    mov esi,dword [edi*4+0x100]
    mov bp,word [eax+edi*4]
    mov ebx,dword [ebp+edi*4]
    mov di,word [esp+edi*4+0x8]
    mov cx,word [esp+edi*4+0x8]
    mov eax,dword [ebx+edi*4-0x80]
    mov ebp,dword [ebx+edi*4-0x80]
    mov bx,word [edi+edi*4+0x80]
    mov edx,dword [edi*8]
    mov edi,dword [edi*8]
    mov ax,word [edi*8+0x100]
    mov bp,word [edi*8+0x100]
    mov esp,dword [eax+edi*8]
    mov dx,word [ebp+edi*8]
    mov di,word [ebp+edi*8]
    mov esi,dword [esp+edi*8+0x8]
    mov eax,dword [esp+edi*8+0x8]
    mov sp,word [ebx+edi*8-0x80]
    mov edx,dword [edi+edi*8+0x80]
    mov cx,word [nosplit eax*2]
    mov si,word [nosplit eax*2]
    mov esp,dword [nosplit ecx*1]
    mov bx,word [esp]
    mov ecx,dword [eax+esp]
    mov esi,dword [eax+esp]
    mov bp,word [byte eax+0x1]
    mov ebx,dword [dword eax+0x1]
    mov di,word [dword ebp]
    mov cx,word [dword ebp]
    mov eax,dword [es:ebx+0x4]
    mov ebp,dword [es:ebx+0x4]
    mov bx,word [cs:ebx+0x4]
    mov edx,dword [ss:ebx+0x4]
    mov edi,dword [ss:ebx+0x4]
    mov ax,word [ds:ebx+0x4]
    mov bp,word [ds:ebx+0x4]
    mov esp,dword [fs:ebx+0x4]
    mov dx,word [gs:ebx+0x4]
    mov di,word [gs:ebx+0x4]
    mov esi,dword [cs:0x1000]
    mov eax,dword [cs:0x1000]
    mov sp,word [ss:ebp]
    mov eax,es
    mov eax,gs
    mov eax,fs
    mov ecx,ss
    mov ecx,cs
    mov ecx,es
    mov edx,fs
    mov edx,ds
    mov edx,ss
    mov ebx,es
    mov ebx,gs
    mov ebx,fs
    mov esp,ss
    mov esp,cs
    mov esp,es
    mov ebp,fs
    mov ebp,ds
    mov ebp,ss
    mov esi,es
    mov esi,gs
    mov esi,fs
    mov edi,ss
    mov edi,cs
    mov edi,es
    mov ax,fs
    mov ax,ds
    mov ax,ss
    mov cx,es
    mov cx,gs
    mov cx,fs
    mov dx,ss
    mov dx,cs
    mov dx,es
    mov bx,fs
    mov bx,ds
    mov bx,ss
    mov sp,es
    mov sp,gs
    mov sp,fs
    mov bp,ss
    mov bp,cs
    mov bp,es
    mov si,fs
    mov si,ds
    mov si,ss
    mov di,es
    mov di,gs
    mov di,fs
    mov [eax],ss
    mov [eax],cs
    mov [eax],es
    mov word [0x1234],fs
    mov word [0x1234],ds
    mov word [0x1234],ss
    mov [ebp-0x80],es
    mov [ebp-0x80],gs
    mov [ebp-0x80],fs
    mov word [esp+0x80],ss
    mov word [esp+0x80],cs
    mov word [esp+0x80],es
    mov [fs:ebx+0x4],fs
    mov [fs:ebx+0x4],ds
    mov [fs:ebx+0x4],ss
    mov word [ecx*8+0x100],es
    mov word [ecx*8+0x100],gs
    mov word [ecx*8+0x100],fs
    mov [ebp],ss
    mov [ebp],cs
    mov [ebp],es
    mov ebp,es
    mov esi,cs
    mov bx,cs
    mov sp,ss
    mov ebx,ds
    mov bp,ds
    mov esp,fs
    mov ebp,gs
    mov dx,gs
    mov es,eax
    mov es,ebp
    mov es,dx
    mov cs,edx
    mov cs,edi
    mov cs,sp
    mov ss,esp
    mov ss,cx
    mov ss,si
    mov ds,esi
    mov ds,bx
    mov ds,[eax]
    mov fs,ax
    mov fs,bp
    mov fs,[ebp-0x80]
    mov gs,dx
    mov gs,di
    mov gs,[fs:ebx+0x4]
    mov gs,eax
    mov fs,eax
    mov cs,ecx
    mov es,ecx
    mov gs,ecx
    mov ss,edx
    mov es,edx
    mov ds,ebx
    mov ss,ebx
    mov cs,ebx
    mov fs,esp
    mov ds,esp
    mov gs,ebp
    mov fs,ebp
    mov ds,ebp
    mov es,esi
    mov gs,esi
    mov fs,esi
    mov es,edi
    mov gs,edi
    mov ss,ax
    mov cs,ax
    mov es,ax
    mov ds,cx
    mov cs,cx
    mov fs,dx
    mov ds,dx
    mov ss,dx
    mov gs,bx
    mov fs,bx
    mov es,sp
    mov gs,sp
    mov fs,sp
    mov cs,bp
    mov es,bp
    mov gs,bp
    mov cs,si
    mov es,si
    mov ds,di
    mov ss,di
    mov cs,di
    mov fs,[eax]
    mov ss,[eax]
    mov gs,word [0x1234]
    mov fs,word [0x1234]
    mov ds,word [0x1234]
    mov es,[ebp-0x80]
    mov gs,[ebp-0x80]
    mov cs,word [esp+0x80]
    mov es,word [esp+0x80]
    mov gs,word [esp+0x80]
    mov ss,[fs:ebx+0x4]
    mov cs,[fs:ebx+0x4]
    mov es,[fs:ebx+0x4]
    mov ds,word [ecx*8+0x100]
    mov ss,word [ecx*8+0x100]
    mov cs,word [ecx*8+0x100]
    mov fs,[ebp]
    mov ds,[ebp]
    mov ss,[ebp]
    mov al,0x0
    mov al,0xff
    mov al,0x80
    mov cl,0x7f
    mov cl,0x0
    mov cl,0xff
    mov dl,-0x80
    mov dl,0x7f
    mov dl,0x0
    mov bl,-0x1
    mov bl,-0x80
    mov bl,0x7f
    mov ah,0x1
    mov ah,-0x1
    mov ah,-0x80
    mov ch,0x80
    mov ch,0x1
    mov ch,-0x1
    mov dh,0xff
    mov dh,0x80
    mov dh,0x1
    mov bh,0x0
    mov bh,0xff
    mov bh,0x80
    mov ch,0x0
    mov cl,0x1
    mov bl,0x1
    mov bh,0x7f
    mov ah,0x7f
    mov bl,0x80
    mov cl,-0x80
    mov dh,-0x80
    mov ch,0xff
    mov dl,0xff
    mov dh,-0x1
    mov al,-0x1
    mov eax,0x0
    mov eax,-0x81
    mov eax,0x7fffffff
    mov ecx,0x7f
    mov ecx,0x7fff
    mov ecx,0xffffffff
    mov edx,-0x80
    mov edx,0xffff
    mov edx,0x0
    mov ebx,0xff
    mov ebx,0x80000000
    mov ebx,0x7f
    mov esp,0x8000
    mov esp,strict dword 0x1
    mov esp,-0x80
    mov ebp,0x7fffffff
    mov ebp,0x1
    mov ebp,0xff
    mov esi,0xffffffff
    mov esi,0x80
    mov esi,0x8000
    mov edi,0x0
    mov edi,-0x81
    mov edi,0x7fffffff
    mov ax,0x7f
    mov ax,0x7fff
    mov cx,-0x80
    mov cx,0xffff
    mov cx,0x0
    mov dx,0xff
    mov dx,0x7f
    mov bx,0x8000
    mov bx,-0x80
    mov sp,0x1
    mov sp,0xff
    mov bp,0x80
    mov bp,0x8000
    mov si,0x0
    mov si,-0x81
    mov di,0x7f
    mov di,0x7fff
    mov ebp,0x0
    mov dx,0x0
    mov ecx,0x1
    mov esi,0x1
    mov bx,0x1
    mov edx,0x7f
    mov edi,0x7f
    mov sp,0x7f
    mov ebx,0x80
    mov ax,0x80
    mov si,-0x80
    mov ebp,-0x81
    mov dx,-0x81
    mov di,-0x81
    mov esi,0xff
    mov bx,0xff
    mov eax,0xff
    mov edi,0x7fff
    mov sp,0x7fff
    mov ax,0x8000
    mov edx,0x8000
    mov si,0xffff
    mov ebx,0xffff
    mov esp,0x7fffffff
    mov eax,0x80000000
    mov ebp,0x80000000
    mov edx,strict dword 0x1
    mov edi,strict dword 0x1
    mov byte [eax],0x7f
    mov byte [eax],0x0
    mov byte [eax],0xff
    mov byte [0x1234],-0x80
    mov byte [0x1234],0x7f
    mov byte [0x1234],0x0
    mov byte [ebp-0x80],-0x1
    mov byte [ebp-0x80],-0x80
    mov byte [ebp-0x80],0x7f
    mov byte [esp+0x80],0x1
    mov byte [esp+0x80],-0x1
    mov byte [esp+0x80],-0x80
    mov byte [fs:ebx+0x4],0x80
    mov byte [fs:ebx+0x4],0x1
    mov byte [fs:ebx+0x4],-0x1
    mov byte [ecx*8+0x100],0xff
    mov byte [ecx*8+0x100],0x80
    mov byte [ecx*8+0x100],0x1
    mov byte [ebp],0x0
    mov byte [ebp],0xff
    mov byte [ebp],0x80
    mov byte [ebp-0x80],0x0
    mov byte [fs:ebx+0x4],0x7f
    mov byte [eax],0x80
    mov byte [ebp],-0x80
    mov byte [ebp-0x80],0xff
    mov cl,-0x1
    mov dword [eax],-0x80
    mov dword [eax],0xffff
    mov dword [eax],0x0
    mov word [0x1234],0xff
    mov word [0x1234],0x7f
    mov dword [ebp-0x80],0x8000
    mov dword [ebp-0x80],strict dword 0x1
    mov dword [ebp-0x80],-0x80
    mov word [esp+0x80],0x1
    mov word [esp+0x80],0xff
    mov dword [fs:ebx+0x4],0xffffffff
    mov dword [fs:ebx+0x4],0x80
    mov dword [fs:ebx+0x4],0x8000
    mov word [ecx*8+0x100],0x0
    mov word [ecx*8+0x100],-0x81
    mov dword [ebp],0x7f
    mov dword [ebp],0x7fff
    mov dword [ebp],0xffffffff
    mov dword [eax],0xff
    mov word [0x1234],0x7fff
    mov word [esp+0x80],0xffff
    mov dword [fs:ebx+0x4],0x7fffffff
    mov dword [eax],0x80000000
    mov eax,strict dword 0x1
    mov eax,cr0
    mov eax,cr2
    mov eax,cr3
    mov ecx,cr3
    mov ecx,cr4
    mov ecx,cr0
    mov edx,cr0
    mov edx,cr2
    mov edx,cr3
    mov ebx,cr3
    mov ebx,cr4
    mov ebx,cr0
    mov esp,cr0
    mov esp,cr2
    mov esp,cr3
    mov ebp,cr3
    mov ebp,cr4
    mov ebp,cr0
    mov esi,cr0
    mov esi,cr2
    mov esi,cr3
    mov edi,cr3
    mov edi,cr4
    mov edi,cr0
    mov ecx,cr2
    mov ebx,cr2
    mov eax,cr4
    mov cr0,eax
    mov cr0,ebp
    mov cr0,edx
    mov cr2,edx
    mov cr2,edi
    mov cr2,esp
    mov cr3,esp
    mov cr3,ecx
    mov cr3,esi
    mov cr4,esi
    mov cr4,ebx
    mov cr4,eax
    mov cr2,eax
    mov cr3,eax
    mov cr2,ecx
    mov cr4,ecx
    mov cr3,edx
    mov cr4,edx
    mov cr0,ebx
    mov cr2,ebx
    mov cr0,esp
    mov cr2,ebp
    mov cr3,ebp
    mov cr4,ebp
    mov cr0,esi
    mov cr4,edi
    mov cr0,edi
    mov eax,dr0
    mov eax,dr7
    mov eax,dr6
    mov ecx,dr2
    mov ecx,dr1
    mov ecx,dr0
    mov edx,dr6
    mov edx,dr3
    mov edx,dr2
    mov ebx,dr0
    mov ebx,dr7
    mov ebx,dr6
    mov esp,dr2
    mov esp,dr1
    mov esp,dr0
    mov ebp,dr6
    mov ebp,dr3
    mov ebp,dr2
    mov esi,dr0
    mov esi,dr7
    mov esi,dr6
    mov edi,dr2
    mov edi,dr1
    mov edi,dr0
    mov ebp,dr0
    mov edx,dr0
    mov esi,dr1
    mov ebx,dr1
    mov ebx,dr3
    mov eax,dr3
    mov esp,dr6
    mov ecx,dr6
    mov ebp,dr7
    mov edx,dr7
    mov edi,dr7
    mov dr0,eax
    mov dr0,ebp
    mov dr0,edx
    mov dr1,edx
    mov dr1,edi
    mov dr1,esp
    mov dr2,esp
    mov dr2,ecx
    mov dr2,esi
    mov dr3,esi
    mov dr3,ebx
    mov dr3,eax
    mov dr6,eax
    mov dr6,ebp
    mov dr6,edx
    mov dr7,edx
    mov dr7,edi
    mov dr7,esp
    mov dr7,eax
    mov dr1,ecx
    mov dr0,ecx
    mov dr7,ecx
    mov dr2,edx
    mov dr2,ebx
    mov dr1,ebx
    mov dr6,esp
    mov dr3,esp
    mov dr7,ebp
    mov dr3,ebp
    mov dr0,esi
    mov dr7,esi
    mov dr6,esi
    mov dr0,edi
    mov [eax],ds
    mov eax,[eax+0]
