; xor: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    xor al,al
    xor al,ch
    xor al,dl
    xor cl,dl
    xor cl,bh
    xor cl,ah
    xor dl,ah
    xor dl,cl
    xor dl,dh
    xor bl,dh
    xor bl,bl
    xor bl,al
    xor ah,al
    xor ah,ch
    xor ah,dl
    xor ch,dl
    xor ch,bh
    xor ch,ah
    xor dh,ah
    xor dh,cl
    xor dh,dh
    xor bh,dh
    xor bh,bl
    xor bh,al
    xor byte [eax],al
    xor byte [eax],ch
    xor byte [eax],dl
    xor byte [0x1234],dl
    xor byte [0x1234],bh
    xor byte [0x1234],ah
    xor byte [ebp-0x80],ah
    xor byte [ebp-0x80],cl
    xor byte [ebp-0x80],dh
    xor byte [esp+0x80],dh
    xor byte [esp+0x80],bl
    xor byte [esp+0x80],al
    xor byte [fs:ebx+0x4],al
    xor byte [fs:ebx+0x4],ch
    xor byte [fs:ebx+0x4],dl
    xor byte [ecx*8+0x100],dl
    xor byte [ecx*8+0x100],bh
    xor byte [ecx*8+0x100],ah
    xor byte [ebp],ah
    xor byte [ebp],cl
    xor byte [ebp],dh
    xor ch,al
    xor byte [ebp-0x80],al
    xor cl,cl
    xor byte [esp+0x80],cl
    xor dl,dl
    xor bh,dl
    xor byte [eax],bl
    xor byte [ecx*8+0x100],bl
    xor ah,ah
    xor ch,ch
    xor byte [ebp-0x80],ch
    xor cl,dh
    xor bh,bh
    xor byte [fs:ebx+0x4],bh
    xor dl,bh
    lock xor byte [eax],al
    xor eax,eax
    xor eax,ebp
    xor ecx,edx
    xor ecx,edi
    xor edx,esp
    xor ebx,esi
    xor ebx,eax
    xor esp,edx
    xor ebp,esp
    xor esi,ecx
    xor esi,esi
    xor edi,ebx
    xor ax,dx
    xor cx,sp
    xor dx,cx
    xor dx,si
    xor bx,bx
    xor sp,ax
    xor sp,bp
    xor bp,dx
    xor bp,di
    xor si,sp
    xor di,si
    xor di,ax
    xor dword [eax],eax
    xor dword [eax],ebp
    xor word [0x1234],sp
    xor dword [ebp-0x80],esp
    xor word [esp+0x80],bx
    xor dword [fs:ebx+0x4],edx
    xor word [ecx*8+0x100],dx
    xor word [ecx*8+0x100],di
    xor dword [ebp],ecx
    xor dword [ebp],esi
    xor ebp,eax
    xor ecx,ecx
    xor edx,edx
    xor edi,edx
    xor ebx,ebx
    xor esp,esp
    xor ebp,ebp
    xor dword [eax],esi
    xor edi,edi
    xor ax,ax
    xor bp,ax
    xor cx,cx
    xor si,cx
    xor word [esp+0x80],cx
    xor dx,dx
    xor di,dx
    xor word [ecx*8+0x100],bx
    xor sp,sp
    xor bp,bp
    xor si,si
    xor word [esp+0x80],si
    xor di,di
    lock xor dword [eax],eax
    xor al,byte [ebp-0x80]
    xor cl,byte [fs:ebx+0x4]
    xor dl,byte [0x1234]
    xor dl,byte [ebp]
    xor bl,byte [esp+0x80]
    xor bl,cl
    xor ah,byte [eax]
    xor ah,byte [ecx*8+0x100]
    xor ah,bl
    xor ch,byte [ebp-0x80]
    xor dh,byte [fs:ebx+0x4]
    xor dh,dl
    xor dh,bh
    xor bh,byte [ebp]
    xor bh,ah
    xor bh,byte [0x1234]
    xor dl,al
    xor al,bl
    xor ch,bl
    xor dl,ch
    xor bh,ch
    xor al,dh
    xor ah,bh
    xor al,byte [eax]
    xor ch,byte [eax]
    xor dl,byte [eax]
    xor cl,byte [0x1234]
    xor dh,byte [0x1234]
    xor bl,byte [0x1234]
    xor dl,byte [ebp-0x80]
    xor bh,byte [ebp-0x80]
    xor ah,byte [ebp-0x80]
    xor al,byte [esp+0x80]
    xor ch,byte [esp+0x80]
    xor ah,byte [fs:ebx+0x4]
    xor ch,byte [ecx*8+0x100]
    xor dl,byte [ecx*8+0x100]
    xor bh,byte [ecx*8+0x100]
    xor dh,byte [ebp]
    xor bl,byte [ebp]
    xor al,byte [ebp]
    lock xor al,byte [ebp-0x80]
    xor ebx,dword [eax]
    xor esp,dword [ebp-0x80]
    xor ebp,dword [fs:ebx+0x4]
    xor esi,dword [ebp]
    xor edi,ecx
    xor ax,word [ecx*8+0x100]
    xor bx,cx
    xor sp,bx
    xor si,dx
    xor si,di
    xor di,sp
    xor di,word [0x1234]
    xor eax,esi
    xor ax,si
    xor cx,di
    xor eax,dword [eax]
    xor ebp,dword [eax]
    xor bx,word [0x1234]
    xor edx,dword [ebp-0x80]
    xor edi,dword [ebp-0x80]
    xor ax,word [esp+0x80]
    xor bp,word [esp+0x80]
    xor esp,dword [fs:ebx+0x4]
    xor dx,word [ecx*8+0x100]
    xor di,word [ecx*8+0x100]
    xor eax,dword [ebp]
    lock xor ebx,dword [eax]
    xor eax,0x0
    xor eax,-0x81
    xor eax,0x7fffffff
    xor ecx,0x7f
    xor ecx,0x7fff
    xor ecx,0xffffffff
    xor edx,-0x80
    xor edx,0xffff
    xor edx,byte -0x1
    xor ebx,0xff
    xor ebx,0x80000000
    xor ebx,0x1
    xor esp,0x8000
    xor esp,byte 0x1
    xor esp,0x80
    xor ebp,0x7fffffff
    xor ebp,0x0
    xor ebp,-0x81
    xor esi,0xffffffff
    xor esi,0x7f
    xor esi,0x7fff
    xor edi,byte -0x1
    xor edi,-0x80
    xor edi,0xffff
    xor ax,0x1
    xor ax,0xff
    xor cx,0x80
    xor cx,0x8000
    xor cx,byte 0x1
    xor dx,-0x81
    xor dx,0x0
    xor bx,0x7fff
    xor bx,0x7f
    xor sp,0xffff
    xor sp,byte -0x1
    xor sp,-0x80
    xor bp,0x1
    xor bp,0xff
    xor si,byte 0x1
    xor si,0x80
    xor si,0x8000
    xor di,0x0
    xor di,-0x81
    xor dword [eax],0x7f
    xor dword [eax],0x7fff
    xor dword [eax],0xffffffff
    xor word [0x1234],-0x80
    xor word [0x1234],0xffff
    xor word [0x1234],byte -0x1
    xor dword [ebp-0x80],0xff
    xor dword [ebp-0x80],0x80000000
    xor dword [ebp-0x80],0x1
    xor word [esp+0x80],0x8000
    xor word [esp+0x80],byte 0x1
    xor word [esp+0x80],0x80
    xor dword [fs:ebx+0x4],0x7fffffff
    xor dword [fs:ebx+0x4],0x0
    xor dword [fs:ebx+0x4],-0x81
    xor word [ecx*8+0x100],0x7f
    xor word [ecx*8+0x100],0x7fff
    xor dword [ebp],byte -0x1
    xor dword [ebp],-0x80
    xor dword [ebp],0xffff
    xor ecx,0x1
    xor esi,0x1
    xor bx,0x1
    xor edx,0x7f
    xor edi,0x7f
    xor sp,0x7f
    xor ebx,0x80
    xor ax,0x80
    xor bp,0x80
    xor esp,-0x80
    xor cx,-0x80
    xor si,-0x80
    xor esi,0xff
    xor bx,0xff
    xor dword [eax],0xff
    xor edi,0x7fff
    xor sp,0x7fff
    xor word [0x1234],0x7fff
    xor ax,0x8000
    xor bp,0x8000
    xor dword [ebp-0x80],0x8000
    xor cx,0xffff
    xor si,0xffff
    xor word [esp+0x80],0xffff
    xor dword [eax],0x80000000
    xor dword [ebp],0xffffffff
    xor bp,byte 0x1
    xor dword [ebp-0x80],byte 0x1
    xor eax,byte 0x1
    xor si,byte -0x1
    xor word [esp+0x80],byte -0x1
    xor ecx,byte -0x1
    lock xor dword [eax],0x7f
    xor al,0x0
    xor al,0xff
    xor al,0x80
    xor al,0x1
    xor al,0x7f
    xor al,-0x80
    xor al,-0x1
    xor ax,0x7f
    xor ax,0x7fff
    xor ax,0x0
    xor eax,0x1
    xor eax,0x7f
    xor eax,0x80
    xor eax,-0x80
    xor ax,-0x80
    xor ax,-0x81
    xor eax,0xff
    xor eax,0x7fff
    xor eax,0x8000
    xor ax,0xffff
    xor eax,0xffff
    xor eax,0x80000000
    xor eax,0xffffffff
    xor eax,strict dword 0x1
    xor cl,0x7f
    xor cl,0x0
    xor cl,0xff
    xor dl,-0x80
    xor dl,0x7f
    xor dl,0x0
    xor bl,-0x1
    xor bl,-0x80
    xor bl,0x7f
    xor ah,0x1
    xor ah,-0x1
    xor ah,-0x80
    xor ch,0x80
    xor ch,0x1
    xor ch,-0x1
    xor dh,0xff
    xor dh,0x80
    xor dh,0x1
    xor bh,0x0
    xor bh,0xff
    xor bh,0x80
    xor byte [eax],0x7f
    xor byte [eax],0x0
    xor byte [eax],0xff
    xor byte [0x1234],-0x80
    xor byte [0x1234],0x7f
    xor byte [0x1234],0x0
    xor byte [ebp-0x80],-0x1
    xor byte [ebp-0x80],-0x80
    xor byte [ebp-0x80],0x7f
    xor byte [esp+0x80],0x1
    xor byte [esp+0x80],-0x1
    xor byte [esp+0x80],-0x80
    xor byte [fs:ebx+0x4],0x80
    xor byte [fs:ebx+0x4],0x1
    xor byte [fs:ebx+0x4],-0x1
    xor byte [ecx*8+0x100],0xff
    xor byte [ecx*8+0x100],0x80
    xor byte [ecx*8+0x100],0x1
    xor byte [ebp],0x0
    xor byte [ebp],0xff
    xor byte [ebp],0x80
    xor ch,0x0
    xor byte [ebp-0x80],0x0
    xor cl,0x1
    xor bh,0x7f
    xor byte [fs:ebx+0x4],0x7f
    xor bl,0x80
    xor byte [eax],0x80
    xor byte [ebp],-0x80
    xor ch,0xff
    xor byte [ebp-0x80],0xff
    xor dh,-0x1
    xor cl,-0x1
    lock xor byte [eax],0x7f
    xor edx,0x0
    xor ebx,0x7f
    xor esp,strict dword 0x1
    xor ebp,0x1
    xor ebp,0xff
    xor esi,0x80
    xor esi,0x8000
    xor edi,0x0
    xor edi,-0x81
    xor edi,0x7fffffff
    xor cx,0x0
    xor dx,0xff
    xor dx,0x7f
    xor bx,0x8000
    xor bx,-0x80
    xor sp,0x1
    xor sp,0xff
    xor si,0x0
    xor si,-0x81
    xor di,0x7f
    xor di,0x7fff
    xor dword [eax],-0x80
    xor dword [eax],0xffff
    xor dword [eax],0x0
    xor word [0x1234],0xff
    xor word [0x1234],0x7f
    xor dword [ebp-0x80],strict dword 0x1
    xor dword [ebp-0x80],-0x80
    xor word [esp+0x80],0x1
    xor word [esp+0x80],0xff
    xor dword [fs:ebx+0x4],0xffffffff
    xor dword [fs:ebx+0x4],0x80
    xor dword [fs:ebx+0x4],0x8000
    xor word [ecx*8+0x100],0x0
    xor word [ecx*8+0x100],-0x81
    xor dword [ebp],0x7f
    xor dword [ebp],0x7fff
    lock xor dword [eax],-0x80
