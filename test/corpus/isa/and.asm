; and: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    and al,al
    and al,ch
    and al,dl
    and cl,dl
    and cl,bh
    and cl,ah
    and dl,ah
    and dl,cl
    and dl,dh
    and bl,dh
    and bl,bl
    and bl,al
    and ah,al
    and ah,ch
    and ah,dl
    and ch,dl
    and ch,bh
    and ch,ah
    and dh,ah
    and dh,cl
    and dh,dh
    and bh,dh
    and bh,bl
    and bh,al
    and byte [eax],al
    and byte [eax],ch
    and byte [eax],dl
    and byte [0x1234],dl
    and byte [0x1234],bh
    and byte [0x1234],ah
    and byte [ebp-0x80],ah
    and byte [ebp-0x80],cl
    and byte [ebp-0x80],dh
    and byte [esp+0x80],dh
    and byte [esp+0x80],bl
    and byte [esp+0x80],al
    and byte [fs:ebx+0x4],al
    and byte [fs:ebx+0x4],ch
    and byte [fs:ebx+0x4],dl
    and byte [ecx*8+0x100],dl
    and byte [ecx*8+0x100],bh
    and byte [ecx*8+0x100],ah
    and byte [ebp],ah
    and byte [ebp],cl
    and byte [ebp],dh
    and ch,al
    and byte [ebp-0x80],al
    and cl,cl
    and byte [esp+0x80],cl
    and dl,dl
    and bh,dl
    and byte [eax],bl
    and byte [ecx*8+0x100],bl
    and ah,ah
    and ch,ch
    and byte [ebp-0x80],ch
    and cl,dh
    and bh,bh
    and byte [fs:ebx+0x4],bh
    and dl,bh
    lock and byte [eax],al
    and eax,eax
    and eax,ebp
    and ecx,edx
    and ecx,edi
    and edx,esp
    and ebx,esi
    and ebx,eax
    and esp,edx
    and ebp,esp
    and esi,ecx
    and esi,esi
    and edi,ebx
    and ax,dx
    and cx,sp
    and dx,cx
    and dx,si
    and bx,bx
    and sp,ax
    and sp,bp
    and bp,dx
    and bp,di
    and si,sp
    and di,si
    and di,ax
    and dword [eax],eax
    and dword [eax],ebp
    and word [0x1234],sp
    and dword [ebp-0x80],esp
    and word [esp+0x80],bx
    and dword [fs:ebx+0x4],edx
    and word [ecx*8+0x100],dx
    and word [ecx*8+0x100],di
    and dword [ebp],ecx
    and dword [ebp],esi
    and ebp,eax
    and ecx,ecx
    and edx,edx
    and edi,edx
    and ebx,ebx
    and esp,esp
    and ebp,ebp
    and dword [eax],esi
    and edi,edi
    and ax,ax
    and bp,ax
    and cx,cx
    and si,cx
    and word [esp+0x80],cx
    and dx,dx
    and di,dx
    and word [ecx*8+0x100],bx
    and sp,sp
    and bp,bp
    and si,si
    and word [esp+0x80],si
    and di,di
    lock and dword [eax],eax
    and al,byte [ebp-0x80]
    and cl,byte [fs:ebx+0x4]
    and dl,byte [0x1234]
    and dl,byte [ebp]
    and bl,byte [esp+0x80]
    and bl,cl
    and ah,byte [eax]
    and ah,byte [ecx*8+0x100]
    and ah,bl
    and ch,byte [ebp-0x80]
    and dh,byte [fs:ebx+0x4]
    and dh,dl
    and dh,bh
    and bh,byte [ebp]
    and bh,ah
    and bh,byte [0x1234]
    and dl,al
    and al,bl
    and ch,bl
    and dl,ch
    and bh,ch
    and al,dh
    and ah,bh
    and al,byte [eax]
    and ch,byte [eax]
    and dl,byte [eax]
    and cl,byte [0x1234]
    and dh,byte [0x1234]
    and bl,byte [0x1234]
    and dl,byte [ebp-0x80]
    and bh,byte [ebp-0x80]
    and ah,byte [ebp-0x80]
    and al,byte [esp+0x80]
    and ch,byte [esp+0x80]
    and ah,byte [fs:ebx+0x4]
    and ch,byte [ecx*8+0x100]
    and dl,byte [ecx*8+0x100]
    and bh,byte [ecx*8+0x100]
    and dh,byte [ebp]
    and bl,byte [ebp]
    and al,byte [ebp]
    lock and al,byte [ebp-0x80]
    and ebx,dword [eax]
    and esp,dword [ebp-0x80]
    and ebp,dword [fs:ebx+0x4]
    and esi,dword [ebp]
    and edi,ecx
    and ax,word [ecx*8+0x100]
    and bx,cx
    and sp,bx
    and si,dx
    and si,di
    and di,sp
    and di,word [0x1234]
    and eax,esi
    and ax,si
    and cx,di
    and eax,dword [eax]
    and ebp,dword [eax]
    and bx,word [0x1234]
    and edx,dword [ebp-0x80]
    and edi,dword [ebp-0x80]
    and ax,word [esp+0x80]
    and bp,word [esp+0x80]
    and esp,dword [fs:ebx+0x4]
    and dx,word [ecx*8+0x100]
    and di,word [ecx*8+0x100]
    and eax,dword [ebp]
    lock and ebx,dword [eax]
    and eax,0x0
    and eax,-0x81
    and eax,0x7fffffff
    and ecx,0x7f
    and ecx,0x7fff
    and ecx,0xffffffff
    and edx,-0x80
    and edx,0xffff
    and edx,byte -0x1
    and ebx,0xff
    and ebx,0x80000000
    and ebx,0x1
    and esp,0x8000
    and esp,byte 0x1
    and esp,0x80
    and ebp,0x7fffffff
    and ebp,0x0
    and ebp,-0x81
    and esi,0xffffffff
    and esi,0x7f
    and esi,0x7fff
    and edi,byte -0x1
    and edi,-0x80
    and edi,0xffff
    and ax,0x1
    and ax,0xff
    and cx,0x80
    and cx,0x8000
    and cx,byte 0x1
    and dx,-0x81
    and dx,0x0
    and bx,0x7fff
    and bx,0x7f
    and sp,0xffff
    and sp,byte -0x1
    and sp,-0x80
    and bp,0x1
    and bp,0xff
    and si,byte 0x1
    and si,0x80
    and si,0x8000
    and di,0x0
    and di,-0x81
    and dword [eax],0x7f
    and dword [eax],0x7fff
    and dword [eax],0xffffffff
    and word [0x1234],-0x80
    and word [0x1234],0xffff
    and word [0x1234],byte -0x1
    and dword [ebp-0x80],0xff
    and dword [ebp-0x80],0x80000000
    and dword [ebp-0x80],0x1
    and word [esp+0x80],0x8000
    and word [esp+0x80],byte 0x1
    and word [esp+0x80],0x80
    and dword [fs:ebx+0x4],0x7fffffff
    and dword [fs:ebx+0x4],0x0
    and dword [fs:ebx+0x4],-0x81
    and word [ecx*8+0x100],0x7f
    and word [ecx*8+0x100],0x7fff
    and dword [ebp],byte -0x1
    and dword [ebp],-0x80
    and dword [ebp],0xffff
    and ecx,0x1
    and esi,0x1
    and bx,0x1
    and edx,0x7f
    and edi,0x7f
    and sp,0x7f
    and ebx,0x80
    and ax,0x80
    and bp,0x80
    and esp,-0x80
    and cx,-0x80
    and si,-0x80
    and esi,0xff
    and bx,0xff
    and dword [eax],0xff
    and edi,0x7fff
    and sp,0x7fff
    and word [0x1234],0x7fff
    and ax,0x8000
    and bp,0x8000
    and dword [ebp-0x80],0x8000
    and cx,0xffff
    and si,0xffff
    and word [esp+0x80],0xffff
    and dword [eax],0x80000000
    and dword [ebp],0xffffffff
    and bp,byte 0x1
    and dword [ebp-0x80],byte 0x1
    and eax,byte 0x1
    and si,byte -0x1
    and word [esp+0x80],byte -0x1
    and ecx,byte -0x1
    lock and dword [eax],0x7f
    and al,0x0
    and al,0xff
    and al,0x80
    and al,0x1
    and al,0x7f
    and al,-0x80
    and al,-0x1
    and ax,0x7f
    and ax,0x7fff
    and ax,0x0
    and eax,0x1
    and eax,0x7f
    and eax,0x80
    and eax,-0x80
    and ax,-0x80
    and ax,-0x81
    and eax,0xff
    and eax,0x7fff
    and eax,0x8000
    and ax,0xffff
    and eax,0xffff
    and eax,0x80000000
    and eax,0xffffffff
    and eax,strict dword 0x1
    and cl,0x7f
    and cl,0x0
    and cl,0xff
    and dl,-0x80
    and dl,0x7f
    and dl,0x0
    and bl,-0x1
    and bl,-0x80
    and bl,0x7f
    and ah,0x1
    and ah,-0x1
    and ah,-0x80
    and ch,0x80
    and ch,0x1
    and ch,-0x1
    and dh,0xff
    and dh,0x80
    and dh,0x1
    and bh,0x0
    and bh,0xff
    and bh,0x80
    and byte [eax],0x7f
    and byte [eax],0x0
    and byte [eax],0xff
    and byte [0x1234],-0x80
    and byte [0x1234],0x7f
    and byte [0x1234],0x0
    and byte [ebp-0x80],-0x1
    and byte [ebp-0x80],-0x80
    and byte [ebp-0x80],0x7f
    and byte [esp+0x80],0x1
    and byte [esp+0x80],-0x1
    and byte [esp+0x80],-0x80
    and byte [fs:ebx+0x4],0x80
    and byte [fs:ebx+0x4],0x1
    and byte [fs:ebx+0x4],-0x1
    and byte [ecx*8+0x100],0xff
    and byte [ecx*8+0x100],0x80
    and byte [ecx*8+0x100],0x1
    and byte [ebp],0x0
    and byte [ebp],0xff
    and byte [ebp],0x80
    and ch,0x0
    and byte [ebp-0x80],0x0
    and cl,0x1
    and bh,0x7f
    and byte [fs:ebx+0x4],0x7f
    and bl,0x80
    and byte [eax],0x80
    and byte [ebp],-0x80
    and ch,0xff
    and byte [ebp-0x80],0xff
    and dh,-0x1
    and cl,-0x1
    lock and byte [eax],0x7f
    and edx,0x0
    and ebx,0x7f
    and esp,strict dword 0x1
    and ebp,0x1
    and ebp,0xff
    and esi,0x80
    and esi,0x8000
    and edi,0x0
    and edi,-0x81
    and edi,0x7fffffff
    and cx,0x0
    and dx,0xff
    and dx,0x7f
    and bx,0x8000
    and bx,-0x80
    and sp,0x1
    and sp,0xff
    and si,0x0
    and si,-0x81
    and di,0x7f
    and di,0x7fff
    and dword [eax],-0x80
    and dword [eax],0xffff
    and dword [eax],0x0
    and word [0x1234],0xff
    and word [0x1234],0x7f
    and dword [ebp-0x80],strict dword 0x1
    and dword [ebp-0x80],-0x80
    and word [esp+0x80],0x1
    and word [esp+0x80],0xff
    and dword [fs:ebx+0x4],0xffffffff
    and dword [fs:ebx+0x4],0x80
    and dword [fs:ebx+0x4],0x8000
    and word [ecx*8+0x100],0x0
    and word [ecx*8+0x100],-0x81
    and dword [ebp],0x7f
    and dword [ebp],0x7fff
    lock and dword [eax],-0x80
