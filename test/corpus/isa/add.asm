; add: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    add al,al
    add al,ch
    add al,dl
    add cl,dl
    add cl,bh
    add cl,ah
    add dl,ah
    add dl,cl
    add dl,dh
    add bl,dh
    add bl,bl
    add bl,al
    add ah,al
    add ah,ch
    add ah,dl
    add ch,dl
    add ch,bh
    add ch,ah
    add dh,ah
    add dh,cl
    add dh,dh
    add bh,dh
    add bh,bl
    add bh,al
    add byte [eax],al
    add byte [eax],ch
    add byte [eax],dl
    add byte [0x1234],dl
    add byte [0x1234],bh
    add byte [0x1234],ah
    add byte [ebp-0x80],ah
    add byte [ebp-0x80],cl
    add byte [ebp-0x80],dh
    add byte [esp+0x80],dh
    add byte [esp+0x80],bl
    add byte [esp+0x80],al
    add byte [fs:ebx+0x4],al
    add byte [fs:ebx+0x4],ch
    add byte [fs:ebx+0x4],dl
    add byte [ecx*8+0x100],dl
    add byte [ecx*8+0x100],bh
    add byte [ecx*8+0x100],ah
    add byte [ebp],ah
    add byte [ebp],cl
    add byte [ebp],dh
    add ch,al
    add byte [ebp-0x80],al
    add cl,cl
    add byte [esp+0x80],cl
    add dl,dl
    add bh,dl
    add byte [eax],bl
    add byte [ecx*8+0x100],bl
    add ah,ah
    add ch,ch
    add byte [ebp-0x80],ch
    add cl,dh
    add bh,bh
    add byte [fs:ebx+0x4],bh
    add dl,bh
    lock add byte [eax],al
    add eax,eax
    add eax,ebp
    add ecx,edx
    add ecx,edi
    add edx,esp
    add ebx,esi
    add ebx,eax
    add esp,edx
    add ebp,esp
    add esi,ecx
    add esi,esi
    add edi,ebx
    add ax,dx
    add cx,sp
    add dx,cx
    add dx,si
    add bx,bx
    add sp,ax
    add sp,bp
    add bp,dx
    add bp,di
    add si,sp
    add di,si
    add di,ax
    add dword [0x0],eax
    add dword [0x0],ebp
    add word [0x1234],sp
    add dword [0x7f],esp
    add word [0xffffffff],bx
    add dword [0x80000000],edx
    add word [eax],dx
    add word [eax],di
    add dword [eax+0x0],ecx
    add dword [eax+0x0],esi
    add word [eax+0x1],si
    add word [eax+0x1],ax
    add dword [eax-0x1],eax
    add dword [eax-0x1],ebp
    add word [eax+0x7f],sp
    add dword [eax+0x80],esp
    add word [eax-0x80],bx
    add dword [eax-0x81],edx
    add word [eax+0x12345678],dx
    add word [eax+0x12345678],di
    add dword [eax-0x12345678],ecx
    add dword [eax-0x12345678],esi
    add word [ecx],si
    add word [ecx],ax
    add dword [ecx+0x0],eax
    add dword [ecx+0x0],ebp
    add word [ecx+0x1],sp
    add dword [ecx-0x1],esp
    add word [ecx+0x7f],bx
    add dword [ecx+0x80],edx
    add word [ecx-0x80],dx
    add word [ecx-0x80],di
    add dword [ecx-0x81],ecx
    add dword [ecx-0x81],esi
    add word [ecx+0x12345678],si
    add word [ecx+0x12345678],ax
    add dword [ecx-0x12345678],eax
    add dword [ecx-0x12345678],ebp
    add word [edx],sp
    add dword [edx+0x0],esp
    add word [edx+0x1],bx
    add dword [edx-0x1],edx
    add word [edx+0x7f],dx
    add word [edx+0x7f],di
    add dword [edx+0x80],ecx
    add dword [edx+0x80],esi
    add word [edx-0x80],si
    add word [edx-0x80],ax
    add dword [edx-0x81],eax
    add dword [edx-0x81],ebp
    add word [edx+0x12345678],sp
    add dword [edx-0x12345678],esp
    add word [ebx],bx
    add dword [ebx+0x0],edx
    add word [ebx+0x1],dx
    add word [ebx+0x1],di
    add dword [ebx-0x1],ecx
    add dword [ebx-0x1],esi
    add word [ebx+0x7f],si
    add word [ebx+0x7f],ax
    add dword [ebx+0x80],eax
    add dword [ebx+0x80],ebp
    add word [ebx-0x80],sp
    add dword [ebx-0x81],esp
    add word [ebx+0x12345678],bx
    add dword [ebx-0x12345678],edx
    add word [esp],dx
    add word [esp],di
    add dword [esp+0x0],ecx
    add dword [esp+0x0],esi
    add word [esp+0x1],si
    add word [esp+0x1],ax
    add dword [esp-0x1],eax
    add dword [esp-0x1],ebp
    add word [esp+0x7f],sp
    add dword [esp+0x80],esp
    add word [esp-0x80],bx
    add dword [esp-0x81],edx
    add word [esp+0x12345678],dx
    add word [esp+0x12345678],di
    add dword [esp-0x12345678],ecx
    add dword [esp-0x12345678],esi
    add word [ebp],si
    add word [ebp],ax
    add dword [ebp+0x0],eax
    add dword [ebp+0x0],ebp
    add word [ebp+0x1],sp
    add dword [ebp-0x1],esp
    add word [ebp+0x7f],bx
    add dword [ebp+0x80],edx
    add word [ebp-0x80],dx
    add word [ebp-0x80],di
    add dword [ebp-0x81],ecx
    add dword [ebp-0x81],esi
    add word [ebp+0x12345678],si
    add word [ebp+0x12345678],ax
    add dword [ebp-0x12345678],eax
    add dword [ebp-0x12345678],ebp
    add word [esi],sp
    add dword [esi+0x0],esp
    add word [esi+0x1],bx
    add dword [esi-0x1],edx
    add word [esi+0x7f],dx
    add word [esi+0x7f],di
    add dword [esi+0x80],ecx
    add dword [esi+0x80],esi
    add word [esi-0x80],si
    add word [esi-0x80],ax
    add dword [esi-0x81],eax
    add dword [esi-0x81],ebp
    add word [esi+0x12345678],sp
    add dword [esi-0x12345678],esp
    add word [edi],bx
    add dword [edi+0x0],edx
    add word [edi+0x1],dx
    add word [edi+0x1],di
    add dword [edi-0x1],ecx
    add dword [edi-0x1],esi
    add word [edi+0x7f],si
    add word [edi+0x7f],ax
    add dword [edi+0x80],eax
    add dword [edi+0x80],ebp
    add word [edi-0x80],sp
    add dword [edi-0x81],esp
    add word [edi+0x12345678],bx
    add dword [edi-0x12345678],edx
    add dword [eax+0x100],ecx
    add dword [eax+0x100],esi
    add word [eax+eax],si
    add word [eax+eax],ax
    add dword [ebp+eax],eax
    add dword [ebp+eax],ebp
    add word [esp+eax+0x8],sp
    add dword [ebx+eax-0x80],esp
    add word [edi+eax+0x80],bx
    add dword [eax*2],edx
    add word [eax*2+0x100],dx
    add word [eax*2+0x100],di
    add dword [eax+eax*2],ecx
    add dword [eax+eax*2],esi
    add word [ebp+eax*2],si
    add word [ebp+eax*2],ax
    add dword [esp+eax*2+0x8],eax
    add dword [esp+eax*2+0x8],ebp
    add word [ebx+eax*2-0x80],sp
    add dword [edi+eax*2+0x80],esp
    add word [eax*4],bx
    add dword [eax*4+0x100],edx
    add word [eax+eax*4],dx
    add word [eax+eax*4],di
    add dword [ebp+eax*4],ecx
    add dword [ebp+eax*4],esi
    add word [esp+eax*4+0x8],si
    add word [esp+eax*4+0x8],ax
    add dword [ebx+eax*4-0x80],eax
    add dword [ebx+eax*4-0x80],ebp
    add word [edi+eax*4+0x80],sp
    add dword [eax*8],esp
    add word [eax*8+0x100],bx
    add dword [eax+eax*8],edx
    add word [ebp+eax*8],dx
    add word [ebp+eax*8],di
    add dword [esp+eax*8+0x8],ecx
    add dword [esp+eax*8+0x8],esi
    add word [ebx+eax*8-0x80],si
    add word [ebx+eax*8-0x80],ax
    add dword [edi+eax*8+0x80],eax
    add dword [edi+eax*8+0x80],ebp
    add word [ecx],sp
    add dword [ecx+0x100],esp
    add word [eax+ecx],bx
    add dword [ebp+ecx],edx
    add word [esp+ecx+0x8],dx
    add word [esp+ecx+0x8],di
    add dword [ebx+ecx-0x80],ecx
    add dword [ebx+ecx-0x80],esi
    add word [edi+ecx+0x80],si
    add word [edi+ecx+0x80],ax
    add dword [ecx*2],eax
    add dword [ecx*2],ebp
    add word [ecx*2+0x100],sp
    add dword [eax+ecx*2],esp
    add word [ebp+ecx*2],bx
    add dword [esp+ecx*2+0x8],edx
    add word [ebx+ecx*2-0x80],dx
    add word [ebx+ecx*2-0x80],di
    add dword [edi+ecx*2+0x80],ecx
    add dword [edi+ecx*2+0x80],esi
    add word [ecx*4],si
    add word [ecx*4],ax
    add dword [ecx*4+0x100],eax
    add dword [ecx*4+0x100],ebp
    add word [eax+ecx*4],sp
    add dword [ebp+ecx*4],esp
    add word [esp+ecx*4+0x8],bx
    add dword [ebx+ecx*4-0x80],edx
    add word [edi+ecx*4+0x80],dx
    add word [edi+ecx*4+0x80],di
    add dword [ecx*8],ecx
    add dword [ecx*8],esi
    add word [ecx*8+0x100],si
    add word [ecx*8+0x100],ax
    add dword [eax+ecx*8],eax
    add dword [eax+ecx*8],ebp
    add word [ebp+ecx*8],sp
    add dword [esp+ecx*8+0x8],esp
    add word [ebx+ecx*8-0x80],bx
    add dword [edi+ecx*8+0x80],edx
    add word [edx],dx
    add word [edx],di
    add dword [edx+0x100],ecx
    add dword [edx+0x100],esi
    add word [eax+edx],si
    add word [eax+edx],ax
    add dword [ebp+edx],eax
    add dword [ebp+edx],ebp
    add word [esp+edx+0x8],sp
    add dword [ebx+edx-0x80],esp
    add word [edi+edx+0x80],bx
    add dword [edx*2],edx
    add word [edx*2+0x100],dx
    add word [edx*2+0x100],di
    add dword [eax+edx*2],ecx
    add dword [eax+edx*2],esi
    add word [ebp+edx*2],si
    add word [ebp+edx*2],ax
    add dword [esp+edx*2+0x8],eax
    add dword [esp+edx*2+0x8],ebp
    add word [ebx+edx*2-0x80],sp
    add dword [edi+edx*2+0x80],esp
    add word [edx*4],bx
    add dword [edx*4+0x100],edx
    add word [eax+edx*4],dx
    add word [eax+edx*4],di
    add dword [ebp+edx*4],ecx
    add dword [ebp+edx*4],esi
    add word [esp+edx*4+0x8],si
    add word [esp+edx*4+0x8],ax
    add dword [ebx+edx*4-0x80],eax
    add dword [ebx+edx*4-0x80],ebp
    add word [edi+edx*4+0x80],sp
    add dword [edx*8],esp
    add word [edx*8+0x100],bx
    add dword [eax+edx*8],edx
    add word [ebp+edx*8],dx
    add word [ebp+edx*8],di
    add dword [esp+edx*8+0x8],ecx
    add dword [esp+edx*8+0x8],esi
    add word [ebx+edx*8-0x80],si
    add word [ebx+edx*8-0x80],ax
    add dword [edi+edx*8+0x80],eax
    add dword [edi+edx*8+0x80],ebp
    add word [ebx],sp
    add dword [ebx+0x100],esp
    add word [eax+ebx],bx
    add dword [ebp+ebx],edx
    add word [esp+ebx+0x8],dx
    add word [esp+ebx+0x8],di
    add dword [ebx+ebx-0x80],ecx
    add dword [ebx+ebx-0x80],esi
    add word [edi+ebx+0x80],si
    add word [edi+ebx+0x80],ax
    add dword [ebx*2],eax
    add dword [ebx*2],ebp
    add word [ebx*2+0x100],sp
    add dword [eax+ebx*2],esp
    add word [ebp+ebx*2],bx
    add dword [esp+ebx*2+0x8],edx
    add word [ebx+ebx*2-0x80],dx
    add word [ebx+ebx*2-0x80],di
    add dword [edi+ebx*2+0x80],ecx
    add dword [edi+ebx*2+0x80],esi
    add word [ebx*4],si
    add word [ebx*4],ax
    add dword [ebx*4+0x100],eax
    add dword [ebx*4+0x100],ebp
    add word [eax+ebx*4],sp
    add dword [ebp+ebx*4],esp
    add word [esp+ebx*4+0x8],bx
    add dword [ebx+ebx*4-0x80],edx
    add word [edi+ebx*4+0x80],dx
    add word [edi+ebx*4+0x80],di
    add dword [ebx*8],ecx
    add dword [ebx*8],esi
    add word [ebx*8+0x100],si
    add word [ebx*8+0x100],ax
    add dword [eax+ebx*8],eax
    add dword [eax+ebx*8],ebp
    add word [ebp+ebx*8],sp
    add dword [esp+ebx*8+0x8],esp
    add word [ebx+ebx*8-0x80],bx
    add dword [edi+ebx*8+0x80],edx
    add word [ebp],dx
    add word [ebp],di
    add dword [ebp+0x100],ecx
    add dword [ebp+0x100],esi
    add word [eax+ebp],si
    add word [eax+ebp],ax
    add dword [ebp+ebp],eax
    add dword [ebp+ebp],ebp
    add word [esp+ebp+0x8],sp
    add dword [ebx+ebp-0x80],esp
    add word [edi+ebp+0x80],bx
    add dword [ebp*2],edx
    add word [ebp*2+0x100],dx
    add word [ebp*2+0x100],di
    add dword [eax+ebp*2],ecx
    add dword [eax+ebp*2],esi
    add word [ebp+ebp*2],si
    add word [ebp+ebp*2],ax
    add dword [esp+ebp*2+0x8],eax
    add dword [esp+ebp*2+0x8],ebp
    add word [ebx+ebp*2-0x80],sp
    add dword [edi+ebp*2+0x80],esp
    add word [ebp*4],bx
    add dword [ebp*4+0x100],edx
    add word [eax+ebp*4],dx
    add word [eax+ebp*4],di
    add dword [ebp+ebp*4],ecx
    add dword [ebp+ebp*4],esi
    add word [esp+ebp*4+0x8],si
    add word [esp+ebp*4+0x8],ax
    add dword [ebx+ebp*4-0x80],eax
    add dword [ebx+ebp*4-0x80],ebp
    add word [edi+ebp*4+0x80],sp
    add dword [ebp*8],esp
    add word [ebp*8+0x100],bx
    add dword [eax+ebp*8],edx
    add word [ebp+ebp*8],dx
    add word [ebp+ebp*8],di
    add dword [esp+ebp*8+0x8],ecx
    add dword [esp+ebp*8+0x8],esi
    add word [ebx+ebp*8-0x80],si
    add word [ebx+ebp*8-0x80],ax
    add dword [edi+ebp*8+0x80],eax
    add dword [edi+ebp*8+0x80],ebp
    add dword [esi+0x100],esp
    add word [eax+esi],bx
    add dword [ebp+esi],edx
    add word [esp+esi+0x8],dx
    add word [esp+esi+0x8],di
    add dword [ebx+esi-0x80],ecx
    add dword [ebx+esi-0x80],esi
    add word [edi+esi+0x80],si
    add word [edi+esi+0x80],ax
    add dword [esi*2],eax
    add dword [esi*2],ebp
    add word [esi*2+0x100],sp
    add dword [eax+esi*2],esp
    add word [ebp+esi*2],bx
    add dword [esp+esi*2+0x8],edx
    add word [ebx+esi*2-0x80],dx
    add word [ebx+esi*2-0x80],di
    add dword [edi+esi*2+0x80],ecx
    add dword [edi+esi*2+0x80],esi
    add word [esi*4],si
    add word [esi*4],ax
    add dword [esi*4+0x100],eax
    add dword [esi*4+0x100],ebp
    add word [eax+esi*4],sp
    add dword [ebp+esi*4],esp
    add word [esp+esi*4+0x8],bx
    add dword [ebx+esi*4-0x80],edx
    add word [edi+esi*4+0x80],dx
    add word [edi+esi*4+0x80],di
    add dword [esi*8],ecx
    add dword [esi*8],esi
    add word [esi*8+0x100],si
    add word [esi*8+0x100],ax
    add dword [eax+esi*8],eax
    add dword [eax+esi*8],ebp
    add word [ebp+esi*8],sp
    add dword [esp+esi*8+0x8],esp
    add word [ebx+esi*8-0x80],bx
    add dword [edi+esi*8+0x80],edx
    add word [edi],dx
    add word [edi],di
    add dword [edi+0x100],ecx
    add dword [edi+0x100],esi
    add word [eax+edi],si
    add word [eax+edi],ax
    add dword [ebp+edi],eax
    add dword [ebp+edi],ebp
    add word [esp+edi+0x8],sp
    add dword [ebx+edi-0x80],esp
    add word [edi+edi+0x80],bx
    add dword [edi*2],edx
    add word [edi*2+0x100],dx
    add word [edi*2+0x100],di
    add dword [eax+edi*2],ecx
    add dword [eax+edi*2],esi
    add word [ebp+edi*2],si
    add word [ebp+edi*2],ax
    add dword [esp+edi*2+0x8],eax
    add dword [esp+edi*2+0x8],ebp
    add word [ebx+edi*2-0x80],sp
    add dword [edi+edi*2+0x80],esp
    add word [edi*4],bx
    add dword [edi*4+0x100],edx
    add word [eax+edi*4],dx
    add word [eax+edi*4],di
    add dword [ebp+edi*4],ecx
    add dword [ebp+edi*4],esi
    add word [esp+edi*4+0x8],si
    add word [esp+edi*4+0x8],ax
    add dword [ebx+edi*4-0x80],eax
    add dword [ebx+edi*4-0x80],ebp
    add word [edi+edi*4+0x80],sp
    add dword [edi*8],esp
    add word [edi*8+0x100],bx
    add dword [eax+edi*8],edx
    add word [ebp+edi*8],dx
    add word [ebp+edi*8],di
    add dword [esp+edi*8+0x8],ecx
    add dword [esp+edi*8+0x8],esi
    add word [ebx+edi*8-0x80],si
    add word [ebx+edi*8-0x80],ax
    add dword [edi+edi*8+0x80],eax
    add dword [edi+edi*8+0x80],ebp
    add word [nosplit eax*2],sp
    add dword [nosplit ecx*1],esp
    add word [esp],bx
    add dword [eax+esp],edx
    add word [byte eax+0x1],dx
    add word [byte eax+0x1],di
    add dword [dword eax+0x1],ecx
    add dword [dword eax+0x1],esi
    add word [dword ebp],si
    add word [dword ebp],ax
    add dword [es:ebx+0x4],eax
    add dword [es:ebx+0x4],ebp
    add word [cs:ebx+0x4],sp
    add dword [ss:ebx+0x4],esp
    add word [ds:ebx+0x4],bx
    add dword [fs:ebx+0x4],edx
    add word [gs:ebx+0x4],dx
    add word [gs:ebx+0x4],di
    add dword [cs:0x1000],ecx
    add dword [cs:0x1000],esi
    add word [ss:ebp],si
    add word [ss:ebp],ax
    add ebp,eax
    add ecx,ecx
    add edx,edx
    add edi,edx
    add ebx,ebx
    add esp,esp
    add ebp,ebp
    add dword [0x0],esi
    add edi,edi
    add ax,ax
    add bp,ax
    add cx,cx
    add si,cx
    add word [0xffffffff],cx
    add dx,dx
    add di,dx
    add word [eax],bx
    add sp,sp
    add bp,bp
    add word [eax+0x1],bp
    add si,si
    add word [0xffffffff],si
    add di,di
    add word [eax+0x7f],di
    lock add dword [0x0],eax
    add al,byte [ebp-0x80]
    add cl,byte [fs:ebx+0x4]
    add dl,byte [0x1234]
    add dl,byte [ebp]
    add bl,byte [esp+0x80]
    add bl,cl
    add ah,byte [eax]
    add ah,byte [ecx*8+0x100]
    add ah,bl
    add ch,byte [ebp-0x80]
    add dh,byte [fs:ebx+0x4]
    add dh,dl
    add dh,bh
    add bh,byte [ebp]
    add bh,ah
    add bh,byte [0x1234]
    add dl,al
    add al,bl
    add ch,bl
    add dl,ch
    add bh,ch
    add al,dh
    add ah,bh
    add al,byte [eax]
    add ch,byte [eax]
    add dl,byte [eax]
    add cl,byte [0x1234]
    add dh,byte [0x1234]
    add bl,byte [0x1234]
    add dl,byte [ebp-0x80]
    add bh,byte [ebp-0x80]
    add ah,byte [ebp-0x80]
    add al,byte [esp+0x80]
    add ch,byte [esp+0x80]
    add ah,byte [fs:ebx+0x4]
    add ch,byte [ecx*8+0x100]
    add dl,byte [ecx*8+0x100]
    add bh,byte [ecx*8+0x100]
    add dh,byte [ebp]
    add bl,byte [ebp]
    add al,byte [ebp]
    lock add al,byte [ebp-0x80]
    add ebx,dword [eax]
    add esp,dword [ebp-0x80]
    add ebp,dword [fs:ebx+0x4]
    add esi,dword [ebp]
    add edi,ecx
    add ax,word [ecx*8+0x100]
    add bx,cx
    add sp,bx
    add si,dx
    add si,di
    add di,sp
    add di,word [0x1234]
    add eax,esi
    add ax,si
    add cx,di
    add eax,dword [eax]
    add ebp,dword [eax]
    add bx,word [0x1234]
    add edx,dword [ebp-0x80]
    add edi,dword [ebp-0x80]
    add ax,word [esp+0x80]
    add bp,word [esp+0x80]
    add esp,dword [fs:ebx+0x4]
    add dx,word [ecx*8+0x100]
    add di,word [ecx*8+0x100]
    add eax,dword [ebp]
    lock add ebx,dword [eax]
    add eax,0x0
    add eax,-0x81
    add eax,0x7fffffff
    add ecx,0x7f
    add ecx,0x7fff
    add ecx,0xffffffff
    add edx,-0x80
    add edx,0xffff
    add edx,byte -0x1
    add ebx,0xff
    add ebx,0x80000000
    add ebx,0x1
    add esp,0x8000
    add esp,byte 0x1
    add esp,0x80
    add ebp,0x7fffffff
    add ebp,0x0
    add ebp,-0x81
    add esi,0xffffffff
    add esi,0x7f
    add esi,0x7fff
    add edi,byte -0x1
    add edi,-0x80
    add edi,0xffff
    add ax,0x1
    add ax,0xff
    add cx,0x80
    add cx,0x8000
    add cx,byte 0x1
    add dx,-0x81
    add dx,0x0
    add bx,0x7fff
    add bx,0x7f
    add sp,0xffff
    add sp,byte -0x1
    add sp,-0x80
    add bp,0x1
    add bp,0xff
    add si,byte 0x1
    add si,0x80
    add si,0x8000
    add di,0x0
    add di,-0x81
    add dword [eax],0x7f
    add dword [eax],0x7fff
    add dword [eax],0xffffffff
    add word [0x1234],-0x80
    add word [0x1234],0xffff
    add word [0x1234],byte -0x1
    add dword [ebp-0x80],0xff
    add dword [ebp-0x80],0x80000000
    add dword [ebp-0x80],0x1
    add word [esp+0x80],0x8000
    add word [esp+0x80],byte 0x1
    add word [esp+0x80],0x80
    add dword [fs:ebx+0x4],0x7fffffff
    add dword [fs:ebx+0x4],0x0
    add dword [fs:ebx+0x4],-0x81
    add word [ecx*8+0x100],0x7f
    add word [ecx*8+0x100],0x7fff
    add dword [ebp],byte -0x1
    add dword [ebp],-0x80
    add dword [ebp],0xffff
    add ecx,0x1
    add esi,0x1
    add bx,0x1
    add edx,0x7f
    add edi,0x7f
    add sp,0x7f
    add ebx,0x80
    add ax,0x80
    add bp,0x80
    add esp,-0x80
    add cx,-0x80
    add si,-0x80
    add esi,0xff
    add bx,0xff
    add dword [eax],0xff
    add edi,0x7fff
    add sp,0x7fff
    add word [0x1234],0x7fff
    add ax,0x8000
    add bp,0x8000
    add dword [ebp-0x80],0x8000
    add cx,0xffff
    add si,0xffff
    add word [esp+0x80],0xffff
    add dword [eax],0x80000000
    add dword [ebp],0xffffffff
    add bp,byte 0x1
    add dword [ebp-0x80],byte 0x1
    add eax,byte 0x1
    add si,byte -0x1
    add word [esp+0x80],byte -0x1
    add ecx,byte -0x1
    lock add dword [eax],0x7f
    add al,0x0
    add al,0xff
    add al,0x80
    add al,0x1
    add al,0x7f
    add al,-0x80
    add al,-0x1
    add ax,0x7f
    add ax,0x7fff
    add ax,0x0
    add eax,0x1
    add eax,0x7f
    add eax,0x80
    add eax,-0x80
    add ax,-0x80
    add ax,-0x81
    add eax,0xff
    add eax,0x7fff
    add eax,0x8000
    add ax,0xffff
    add eax,0xffff
    add eax,0x80000000
    add eax,0xffffffff
    add eax,strict dword 0x1
    add cl,0x7f
    add cl,0x0
    add cl,0xff
    add dl,-0x80
    add dl,0x7f
    add dl,0x0
    add bl,-0x1
    add bl,-0x80
    add bl,0x7f
    add ah,0x1
    add ah,-0x1
    add ah,-0x80
    add ch,0x80
    add ch,0x1
    add ch,-0x1
    add dh,0xff
    add dh,0x80
    add dh,0x1
    add bh,0x0
    add bh,0xff
    add bh,0x80
    add byte [eax],0x7f
    add byte [eax],0x0
    add byte [eax],0xff
    add byte [0x1234],-0x80
    add byte [0x1234],0x7f
    add byte [0x1234],0x0
    add byte [ebp-0x80],-0x1
    add byte [ebp-0x80],-0x80
    add byte [ebp-0x80],0x7f
    add byte [esp+0x80],0x1
    add byte [esp+0x80],-0x1
    add byte [esp+0x80],-0x80
    add byte [fs:ebx+0x4],0x80
    add byte [fs:ebx+0x4],0x1
    add byte [fs:ebx+0x4],-0x1
    add byte [ecx*8+0x100],0xff
    add byte [ecx*8+0x100],0x80
    add byte [ecx*8+0x100],0x1
    add byte [ebp],0x0
    add byte [ebp],0xff
    add byte [ebp],0x80
    add ch,0x0
    add byte [ebp-0x80],0x0
    add cl,0x1
    add bh,0x7f
    add byte [fs:ebx+0x4],0x7f
    add bl,0x80
    add byte [eax],0x80
    add byte [ebp],-0x80
    add ch,0xff
    add byte [ebp-0x80],0xff
    add dh,-0x1
    add cl,-0x1
    lock add byte [eax],0x7f
    add edx,0x0
    add ebx,0x7f
    add esp,strict dword 0x1
    add ebp,0x1
    add ebp,0xff
    add esi,0x80
    add esi,0x8000
    add edi,0x0
    add edi,-0x81
    add edi,0x7fffffff
    add cx,0x0
    add dx,0xff
    add dx,0x7f
    add bx,0x8000
    add bx,-0x80
    add sp,0x1
    add sp,0xff
    add si,0x0
    add si,-0x81
    add di,0x7f
    add di,0x7fff
    add dword [eax],-0x80
    add dword [eax],0xffff
    add dword [eax],0x0
    add word [0x1234],0xff
    add word [0x1234],0x7f
    add dword [ebp-0x80],strict dword 0x1
    add dword [ebp-0x80],-0x80
    add word [esp+0x80],0x1
    add word [esp+0x80],0xff
    add dword [fs:ebx+0x4],0xffffffff
    add dword [fs:ebx+0x4],0x80
    add dword [fs:ebx+0x4],0x8000
    add word [ecx*8+0x100],0x0
    add word [ecx*8+0x100],-0x81
    add dword [ebp],0x7f
    add dword [ebp],0x7fff
    lock add dword [eax],-0x80
    add [eax],ebx
    add eax,strict dword 1
    add eax,dword 1
    lock add word [fs:eax],bx
