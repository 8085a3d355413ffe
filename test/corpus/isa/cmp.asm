; cmp: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    cmp al,al
    cmp al,ch
    cmp al,dl
    cmp cl,dl
    cmp cl,bh
    cmp cl,ah
    cmp dl,ah
    cmp dl,cl
    cmp dl,dh
    cmp bl,dh
    cmp bl,bl
    cmp bl,al
    cmp ah,al
    cmp ah,ch
    cmp ah,dl
    cmp ch,dl
    cmp ch,bh
    cmp ch,ah
    cmp dh,ah
    cmp dh,cl
    cmp dh,dh
    cmp bh,dh
    cmp bh,bl
    cmp bh,al
    cmp byte [eax],al
    cmp byte [eax],ch
    cmp byte [eax],dl
    cmp byte [0x1234],dl
    cmp byte [0x1234],bh
    cmp byte [0x1234],ah
    cmp byte [ebp-0x80],ah
    cmp byte [ebp-0x80],cl
    cmp byte [ebp-0x80],dh
    cmp byte [esp+0x80],dh
    cmp byte [esp+0x80],bl
    cmp byte [esp+0x80],al
    cmp byte [fs:ebx+0x4],al
    cmp byte [fs:ebx+0x4],ch
    cmp byte [fs:ebx+0x4],dl
    cmp byte [ecx*8+0x100],dl
    cmp byte [ecx*8+0x100],bh
    cmp byte [ecx*8+0x100],ah
    cmp byte [ebp],ah
    cmp byte [ebp],cl
    cmp byte [ebp],dh
    cmp ch,al
    cmp byte [ebp-0x80],al
    cmp cl,cl
    cmp byte [esp+0x80],cl
    cmp dl,dl
    cmp bh,dl
    cmp byte [eax],bl
    cmp byte [ecx*8+0x100],bl
    cmp ah,ah
    cmp ch,ch
    cmp byte [ebp-0x80],ch
    cmp cl,dh
    cmp bh,bh
    cmp byte [fs:ebx+0x4],bh
    cmp dl,bh
    cmp eax,eax
    cmp eax,ebp
    cmp ecx,edx
    cmp ecx,edi
    cmp edx,esp
    cmp ebx,esi
    cmp ebx,eax
    cmp esp,edx
    cmp ebp,esp
    cmp esi,ecx
    cmp esi,esi
    cmp edi,ebx
    cmp ax,dx
    cmp cx,sp
    cmp dx,cx
    cmp dx,si
    cmp bx,bx
    cmp sp,ax
    cmp sp,bp
    cmp bp,dx
    cmp bp,di
    cmp si,sp
    cmp di,si
    cmp di,ax
    cmp dword [eax],eax
    cmp dword [eax],ebp
    cmp word [0x1234],sp
    cmp dword [ebp-0x80],esp
    cmp word [esp+0x80],bx
    cmp dword [fs:ebx+0x4],edx
    cmp word [ecx*8+0x100],dx
    cmp word [ecx*8+0x100],di
    cmp dword [ebp],ecx
    cmp dword [ebp],esi
    cmp ebp,eax
    cmp ecx,ecx
    cmp edx,edx
    cmp edi,edx
    cmp ebx,ebx
    cmp esp,esp
    cmp ebp,ebp
    cmp dword [eax],esi
    cmp edi,edi
    cmp ax,ax
    cmp bp,ax
    cmp cx,cx
    cmp si,cx
    cmp word [esp+0x80],cx
    cmp dx,dx
    cmp di,dx
    cmp word [ecx*8+0x100],bx
    cmp sp,sp
    cmp bp,bp
    cmp si,si
    cmp word [esp+0x80],si
    cmp di,di
    cmp al,byte [ebp-0x80]
    cmp cl,byte [fs:ebx+0x4]
    cmp dl,byte [0x1234]
    cmp dl,byte [ebp]
    cmp bl,byte [esp+0x80]
    cmp bl,cl
    cmp ah,byte [eax]
    cmp ah,byte [ecx*8+0x100]
    cmp ah,bl
    cmp ch,byte [ebp-0x80]
    cmp dh,byte [fs:ebx+0x4]
    cmp dh,dl
    cmp dh,bh
    cmp bh,byte [ebp]
    cmp bh,ah
    cmp bh,byte [0x1234]
    cmp dl,al
    cmp al,bl
    cmp ch,bl
    cmp dl,ch
    cmp bh,ch
    cmp al,dh
    cmp ah,bh
    cmp al,byte [eax]
    cmp ch,byte [eax]
    cmp dl,byte [eax]
    cmp cl,byte [0x1234]
    cmp dh,byte [0x1234]
    cmp bl,byte [0x1234]
    cmp dl,byte [ebp-0x80]
    cmp bh,byte [ebp-0x80]
    cmp ah,byte [ebp-0x80]
    cmp al,byte [esp+0x80]
    cmp ch,byte [esp+0x80]
    cmp ah,byte [fs:ebx+0x4]
    cmp ch,byte [ecx*8+0x100]
    cmp dl,byte [ecx*8+0x100]
    cmp bh,byte [ecx*8+0x100]
    cmp dh,byte [ebp]
    cmp bl,byte [ebp]
    cmp al,byte [ebp]
    cmp ebx,dword [eax]
    cmp esp,dword [ebp-0x80]
    cmp ebp,dword [fs:ebx+0x4]
    cmp esi,dword [ebp]
    cmp edi,ecx
    cmp ax,word [ecx*8+0x100]
    cmp bx,cx
    cmp sp,bx
    cmp si,dx
    cmp si,di
    cmp di,sp
    cmp di,word [0x1234]
    cmp eax,esi
    cmp ax,si
    cmp cx,di
    cmp eax,dword [eax]
    cmp ebp,dword [eax]
    cmp bx,word [0x1234]
    cmp edx,dword [ebp-0x80]
    cmp edi,dword [ebp-0x80]
    cmp ax,word [esp+0x80]
    cmp bp,word [esp+0x80]
    cmp esp,dword [fs:ebx+0x4]
    cmp dx,word [ecx*8+0x100]
    cmp di,word [ecx*8+0x100]
    cmp eax,dword [ebp]
    cmp eax,0x0
    cmp eax,-0x81
    cmp eax,0x7fffffff
    cmp ecx,0x7f
    cmp ecx,0x7fff
    cmp ecx,0xffffffff
    cmp edx,-0x80
    cmp edx,0xffff
    cmp edx,byte -0x1
    cmp ebx,0xff
    cmp ebx,0x80000000
    cmp ebx,0x1
    cmp esp,0x8000
    cmp esp,byte 0x1
    cmp esp,0x80
    cmp ebp,0x7fffffff
    cmp ebp,0x0
    cmp ebp,-0x81
    cmp esi,0xffffffff
    cmp esi,0x7f
    cmp esi,0x7fff
    cmp edi,byte -0x1
    cmp edi,-0x80
    cmp edi,0xffff
    cmp ax,0x1
    cmp ax,0xff
    cmp cx,0x80
    cmp cx,0x8000
    cmp cx,byte 0x1
    cmp dx,-0x81
    cmp dx,0x0
    cmp bx,0x7fff
    cmp bx,0x7f
    cmp sp,0xffff
    cmp sp,byte -0x1
    cmp sp,-0x80
    cmp bp,0x1
    cmp bp,0xff
    cmp si,byte 0x1
    cmp si,0x80
    cmp si,0x8000
    cmp di,0x0
    cmp di,-0x81
    cmp dword [eax],0x7f
    cmp dword [eax],0x7fff
    cmp dword [eax],0xffffffff
    cmp word [0x1234],-0x80
    cmp word [0x1234],0xffff
    cmp word [0x1234],byte -0x1
    cmp dword [ebp-0x80],0xff
    cmp dword [ebp-0x80],0x80000000
    cmp dword [ebp-0x80],0x1
    cmp word [esp+0x80],0x8000
    cmp word [esp+0x80],byte 0x1
    cmp word [esp+0x80],0x80
    cmp dword [fs:ebx+0x4],0x7fffffff
    cmp dword [fs:ebx+0x4],0x0
    cmp dword [fs:ebx+0x4],-0x81
    cmp word [ecx*8+0x100],0x7f
    cmp word [ecx*8+0x100],0x7fff
    cmp dword [ebp],byte -0x1
    cmp dword [ebp],-0x80
    cmp dword [ebp],0xffff
    cmp ecx,0x1
    cmp esi,0x1
    cmp bx,0x1
    cmp edx,0x7f
    cmp edi,0x7f
    cmp sp,0x7f
    cmp ebx,0x80
    cmp ax,0x80
    cmp bp,0x80
    cmp esp,-0x80
    cmp cx,-0x80
    cmp si,-0x80
    cmp esi,0xff
    cmp bx,0xff
    cmp dword [eax],0xff
    cmp edi,0x7fff
    cmp sp,0x7fff
    cmp word [0x1234],0x7fff
    cmp ax,0x8000
    cmp bp,0x8000
    cmp dword [ebp-0x80],0x8000
    cmp cx,0xffff
    cmp si,0xffff
    cmp word [esp+0x80],0xffff
    cmp dword [eax],0x80000000
    cmp dword [ebp],0xffffffff
    cmp bp,byte 0x1
    cmp dword [ebp-0x80],byte 0x1
    cmp eax,byte 0x1
    cmp si,byte -0x1
    cmp word [esp+0x80],byte -0x1
    cmp ecx,byte -0x1
    cmp al,0x0
    cmp al,0xff
    cmp al,0x80
    cmp al,0x1
    cmp al,0x7f
    cmp al,-0x80
    cmp al,-0x1
    cmp ax,0x7f
    cmp ax,0x7fff
    cmp ax,0x0
    cmp eax,0x1
    cmp eax,0x7f
    cmp eax,0x80
    cmp eax,-0x80
    cmp ax,-0x80
    cmp ax,-0x81
    cmp eax,0xff
    cmp eax,0x7fff
    cmp eax,0x8000
    cmp ax,0xffff
    cmp eax,0xffff
    cmp eax,0x80000000
    cmp eax,0xffffffff
    cmp eax,strict dword 0x1
    cmp cl,0x7f
    cmp cl,0x0
    cmp cl,0xff
    cmp dl,-0x80
    cmp dl,0x7f
    cmp dl,0x0
    cmp bl,-0x1
    cmp bl,-0x80
    cmp bl,0x7f
    cmp ah,0x1
    cmp ah,-0x1
    cmp ah,-0x80
    cmp ch,0x80
    cmp ch,0x1
    cmp ch,-0x1
    cmp dh,0xff
    cmp dh,0x80
    cmp dh,0x1
    cmp bh,0x0
    cmp bh,0xff
    cmp bh,0x80
    cmp byte [eax],0x7f
    cmp byte [eax],0x0
    cmp byte [eax],0xff
    cmp byte [0x1234],-0x80
    cmp byte [0x1234],0x7f
    cmp byte [0x1234],0x0
    cmp byte [ebp-0x80],-0x1
    cmp byte [ebp-0x80],-0x80
    cmp byte [ebp-0x80],0x7f
    cmp byte [esp+0x80],0x1
    cmp byte [esp+0x80],-0x1
    cmp byte [esp+0x80],-0x80
    cmp byte [fs:ebx+0x4],0x80
    cmp byte [fs:ebx+0x4],0x1
    cmp byte [fs:ebx+0x4],-0x1
    cmp byte [ecx*8+0x100],0xff
    cmp byte [ecx*8+0x100],0x80
    cmp byte [ecx*8+0x100],0x1
    cmp byte [ebp],0x0
    cmp byte [ebp],0xff
    cmp byte [ebp],0x80
    cmp ch,0x0
    cmp byte [ebp-0x80],0x0
    cmp cl,0x1
    cmp bh,0x7f
    cmp byte [fs:ebx+0x4],0x7f
    cmp bl,0x80
    cmp byte [eax],0x80
    cmp byte [ebp],-0x80
    cmp ch,0xff
    cmp byte [ebp-0x80],0xff
    cmp dh,-0x1
    cmp cl,-0x1
    cmp edx,0x0
    cmp ebx,0x7f
    cmp esp,strict dword 0x1
    cmp ebp,0x1
    cmp ebp,0xff
    cmp esi,0x80
    cmp esi,0x8000
    cmp edi,0x0
    cmp edi,-0x81
    cmp edi,0x7fffffff
    cmp cx,0x0
    cmp dx,0xff
    cmp dx,0x7f
    cmp bx,0x8000
    cmp bx,-0x80
    cmp sp,0x1
    cmp sp,0xff
    cmp si,0x0
    cmp si,-0x81
    cmp di,0x7f
    cmp di,0x7fff
    cmp dword [eax],-0x80
    cmp dword [eax],0xffff
    cmp dword [eax],0x0
    cmp word [0x1234],0xff
    cmp word [0x1234],0x7f
    cmp dword [ebp-0x80],strict dword 0x1
    cmp dword [ebp-0x80],-0x80
    cmp word [esp+0x80],0x1
    cmp word [esp+0x80],0xff
    cmp dword [fs:ebx+0x4],0xffffffff
    cmp dword [fs:ebx+0x4],0x80
    cmp dword [fs:ebx+0x4],0x8000
    cmp word [ecx*8+0x100],0x0
    cmp word [ecx*8+0x100],-0x81
    cmp dword [ebp],0x7f
    cmp dword [ebp],0x7fff
