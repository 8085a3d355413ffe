; sub: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    sub al,al
    sub al,ch
    sub al,dl
    sub cl,dl
    sub cl,bh
    sub cl,ah
    sub dl,ah
    sub dl,cl
    sub dl,dh
    sub bl,dh
    sub bl,bl
    sub bl,al
    sub ah,al
    sub ah,ch
    sub ah,dl
    sub ch,dl
    sub ch,bh
    sub ch,ah
    sub dh,ah
    sub dh,cl
    sub dh,dh
    sub bh,dh
    sub bh,bl
    sub bh,al
    sub byte [eax],al
    sub byte [eax],ch
    sub byte [eax],dl
    sub byte [0x1234],dl
    sub byte [0x1234],bh
    sub byte [0x1234],ah
    sub byte [ebp-0x80],ah
    sub byte [ebp-0x80],cl
    sub byte [ebp-0x80],dh
    sub byte [esp+0x80],dh
    sub byte [esp+0x80],bl
    sub byte [esp+0x80],al
    sub byte [fs:ebx+0x4],al
    sub byte [fs:ebx+0x4],ch
    sub byte [fs:ebx+0x4],dl
    sub byte [ecx*8+0x100],dl
    sub byte [ecx*8+0x100],bh
    sub byte [ecx*8+0x100],ah
    sub byte [ebp],ah
    sub byte [ebp],cl
    sub byte [ebp],dh
    sub ch,al
    sub byte [ebp-0x80],al
    sub cl,cl
    sub byte [esp+0x80],cl
    sub dl,dl
    sub bh,dl
    sub byte [eax],bl
    sub byte [ecx*8+0x100],bl
    sub ah,ah
    sub ch,ch
    sub byte [ebp-0x80],ch
    sub cl,dh
    sub bh,bh
    sub byte [fs:ebx+0x4],bh
    sub dl,bh
    lock sub byte [eax],al
    sub eax,eax
    sub eax,ebp
    sub ecx,edx
    sub ecx,edi
    sub edx,esp
    sub ebx,esi
    sub ebx,eax
    sub esp,edx
    sub ebp,esp
    sub esi,ecx
    sub esi,esi
    sub edi,ebx
    sub ax,dx
    sub cx,sp
    sub dx,cx
    sub dx,si
    sub bx,bx
    sub sp,ax
    sub sp,bp
    sub bp,dx
    sub bp,di
    sub si,sp
    sub di,si
    sub di,ax
    sub dword [eax],eax
    sub dword [eax],ebp
    sub word [0x1234],sp
    sub dword [ebp-0x80],esp
    sub word [esp+0x80],bx
    sub dword [fs:ebx+0x4],edx
    sub word [ecx*8+0x100],dx
    sub word [ecx*8+0x100],di
    sub dword [ebp],ecx
    sub dword [ebp],esi
    sub ebp,eax
    sub ecx,ecx
    sub edx,edx
    sub edi,edx
    sub ebx,ebx
    sub esp,esp
    sub ebp,ebp
    sub dword [eax],esi
    sub edi,edi
    sub ax,ax
    sub bp,ax
    sub cx,cx
    sub si,cx
    sub word [esp+0x80],cx
    sub dx,dx
    sub di,dx
    sub word [ecx*8+0x100],bx
    sub sp,sp
    sub bp,bp
    sub si,si
    sub word [esp+0x80],si
    sub di,di
    lock sub dword [eax],eax
    sub al,byte [ebp-0x80]
    sub cl,byte [fs:ebx+0x4]
    sub dl,byte [0x1234]
    sub dl,byte [ebp]
    sub bl,byte [esp+0x80]
    sub bl,cl
    sub ah,byte [eax]
    sub ah,byte [ecx*8+0x100]
    sub ah,bl
    sub ch,byte [ebp-0x80]
    sub dh,byte [fs:ebx+0x4]
    sub dh,dl
    sub dh,bh
    sub bh,byte [ebp]
    sub bh,ah
    sub bh,byte [0x1234]
    sub dl,al
    sub al,bl
    sub ch,bl
    sub dl,ch
    sub bh,ch
    sub al,dh
    sub ah,bh
    sub al,byte [eax]
    sub ch,byte [eax]
    sub dl,byte [eax]
    sub cl,byte [0x1234]
    sub dh,byte [0x1234]
    sub bl,byte [0x1234]
    sub dl,byte [ebp-0x80]
    sub bh,byte [ebp-0x80]
    sub ah,byte [ebp-0x80]
    sub al,byte [esp+0x80]
    sub ch,byte [esp+0x80]
    sub ah,byte [fs:ebx+0x4]
    sub ch,byte [ecx*8+0x100]
    sub dl,byte [ecx*8+0x100]
    sub bh,byte [ecx*8+0x100]
    sub dh,byte [ebp]
    sub bl,byte [ebp]
    sub al,byte [ebp]
    lock sub al,byte [ebp-0x80]
    sub ebx,dword [eax]
    sub esp,dword [ebp-0x80]
    sub ebp,dword [fs:ebx+0x4]
    sub esi,dword [ebp]
    sub edi,ecx
    sub ax,word [ecx*8+0x100]
    sub bx,cx
    sub sp,bx
    sub si,dx
    sub si,di
    sub di,sp
    sub di,word [0x1234]
    sub eax,esi
    sub ax,si
    sub cx,di
    sub eax,dword [eax]
    sub ebp,dword [eax]
    sub bx,word [0x1234]
    sub edx,dword [ebp-0x80]
    sub edi,dword [ebp-0x80]
    sub ax,word [esp+0x80]
    sub bp,word [esp+0x80]
    sub esp,dword [fs:ebx+0x4]
    sub dx,word [ecx*8+0x100]
    sub di,word [ecx*8+0x100]
    sub eax,dword [ebp]
    lock sub ebx,dword [eax]
    sub eax,0x0
    sub eax,-0x81
    sub eax,0x7fffffff
    sub ecx,0x7f
    sub ecx,0x7fff
    sub ecx,0xffffffff
    sub edx,-0x80
    sub edx,0xffff
    sub edx,byte -0x1
    sub ebx,0xff
    sub ebx,0x80000000
    sub ebx,0x1
    sub esp,0x8000
    sub esp,byte 0x1
    sub esp,0x80
    sub ebp,0x7fffffff
    sub ebp,0x0
    sub ebp,-0x81
    sub esi,0xffffffff
    sub esi,0x7f
    sub esi,0x7fff
    sub edi,byte -0x1
    sub edi,-0x80
    sub edi,0xffff
    sub ax,0x1
    sub ax,0xff
    sub cx,0x80
    sub cx,0x8000
    sub cx,byte 0x1
    sub dx,-0x81
    sub dx,0x0
    sub bx,0x7fff
    sub bx,0x7f
    sub sp,0xffff
    sub sp,byte -0x1
    sub sp,-0x80
    sub bp,0x1
    sub bp,0xff
    sub si,byte 0x1
    sub si,0x80
    sub si,0x8000
    sub di,0x0
    sub di,-0x81
    sub dword [eax],0x7f
    sub dword [eax],0x7fff
    sub dword [eax],0xffffffff
    sub word [0x1234],-0x80
    sub word [0x1234],0xffff
    sub word [0x1234],byte -0x1
    sub dword [ebp-0x80],0xff
    sub dword [ebp-0x80],0x80000000
    sub dword [ebp-0x80],0x1
    sub word [esp+0x80],0x8000
    sub word [esp+0x80],byte 0x1
    sub word [esp+0x80],0x80
    sub dword [fs:ebx+0x4],0x7fffffff
    sub dword [fs:ebx+0x4],0x0
    sub dword [fs:ebx+0x4],-0x81
    sub word [ecx*8+0x100],0x7f
    sub word [ecx*8+0x100],0x7fff
    sub dword [ebp],byte -0x1
    sub dword [ebp],-0x80
    sub dword [ebp],0xffff
    sub ecx,0x1
    sub esi,0x1
    sub bx,0x1
    sub edx,0x7f
    sub edi,0x7f
    sub sp,0x7f
    sub ebx,0x80
    sub ax,0x80
    sub bp,0x80
    sub esp,-0x80
    sub cx,-0x80
    sub si,-0x80
    sub esi,0xff
    sub bx,0xff
    sub dword [eax],0xff
    sub edi,0x7fff
    sub sp,0x7fff
    sub word [0x1234],0x7fff
    sub ax,0x8000
    sub bp,0x8000
    sub dword [ebp-0x80],0x8000
    sub cx,0xffff
    sub si,0xffff
    sub word [esp+0x80],0xffff
    sub dword [eax],0x80000000
    sub dword [ebp],0xffffffff
    sub bp,byte 0x1
    sub dword [ebp-0x80],byte 0x1
    sub eax,byte 0x1
    sub si,byte -0x1
    sub word [esp+0x80],byte -0x1
    sub ecx,byte -0x1
    lock sub dword [eax],0x7f
    sub al,0x0
    sub al,0xff
    sub al,0x80
    sub al,0x1
    sub al,0x7f
    sub al,-0x80
    sub al,-0x1
    sub ax,0x7f
    sub ax,0x7fff
    sub ax,0x0
    sub eax,0x1
    sub eax,0x7f
    sub eax,0x80
    sub eax,-0x80
    sub ax,-0x80
    sub ax,-0x81
    sub eax,0xff
    sub eax,0x7fff
    sub eax,0x8000
    sub ax,0xffff
    sub eax,0xffff
    sub eax,0x80000000
    sub eax,0xffffffff
    sub eax,strict dword 0x1
    sub cl,0x7f
    sub cl,0x0
    sub cl,0xff
    sub dl,-0x80
    sub dl,0x7f
    sub dl,0x0
    sub bl,-0x1
    sub bl,-0x80
    sub bl,0x7f
    sub ah,0x1
    sub ah,-0x1
    sub ah,-0x80
    sub ch,0x80
    sub ch,0x1
    sub ch,-0x1
    sub dh,0xff
    sub dh,0x80
    sub dh,0x1
    sub bh,0x0
    sub bh,0xff
    sub bh,0x80
    sub byte [eax],0x7f
    sub byte [eax],0x0
    sub byte [eax],0xff
    sub byte [0x1234],-0x80
    sub byte [0x1234],0x7f
    sub byte [0x1234],0x0
    sub byte [ebp-0x80],-0x1
    sub byte [ebp-0x80],-0x80
    sub byte [ebp-0x80],0x7f
    sub byte [esp+0x80],0x1
    sub byte [esp+0x80],-0x1
    sub byte [esp+0x80],-0x80
    sub byte [fs:ebx+0x4],0x80
    sub byte [fs:ebx+0x4],0x1
    sub byte [fs:ebx+0x4],-0x1
    sub byte [ecx*8+0x100],0xff
    sub byte [ecx*8+0x100],0x80
    sub byte [ecx*8+0x100],0x1
    sub byte [ebp],0x0
    sub byte [ebp],0xff
    sub byte [ebp],0x80
    sub ch,0x0
    sub byte [ebp-0x80],0x0
    sub cl,0x1
    sub bh,0x7f
    sub byte [fs:ebx+0x4],0x7f
    sub bl,0x80
    sub byte [eax],0x80
    sub byte [ebp],-0x80
    sub ch,0xff
    sub byte [ebp-0x80],0xff
    sub dh,-0x1
    sub cl,-0x1
    lock sub byte [eax],0x7f
    sub edx,0x0
    sub ebx,0x7f
    sub esp,strict dword 0x1
    sub ebp,0x1
    sub ebp,0xff
    sub esi,0x80
    sub esi,0x8000
    sub edi,0x0
    sub edi,-0x81
    sub edi,0x7fffffff
    sub cx,0x0
    sub dx,0xff
    sub dx,0x7f
    sub bx,0x8000
    sub bx,-0x80
    sub sp,0x1
    sub sp,0xff
    sub si,0x0
    sub si,-0x81
    sub di,0x7f
    sub di,0x7fff
    sub dword [eax],-0x80
    sub dword [eax],0xffff
    sub dword [eax],0x0
    sub word [0x1234],0xff
    sub word [0x1234],0x7f
    sub dword [ebp-0x80],strict dword 0x1
    sub dword [ebp-0x80],-0x80
    sub word [esp+0x80],0x1
    sub word [esp+0x80],0xff
    sub dword [fs:ebx+0x4],0xffffffff
    sub dword [fs:ebx+0x4],0x80
    sub dword [fs:ebx+0x4],0x8000
    sub word [ecx*8+0x100],0x0
    sub word [ecx*8+0x100],-0x81
    sub dword [ebp],0x7f
    sub dword [ebp],0x7fff
    lock sub dword [eax],-0x80
