; sbb: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    sbb al,al
    sbb al,ch
    sbb al,dl
    sbb cl,dl
    sbb cl,bh
    sbb cl,ah
    sbb dl,ah
    sbb dl,cl
    sbb dl,dh
    sbb bl,dh
    sbb bl,bl
    sbb bl,al
    sbb ah,al
    sbb ah,ch
    sbb ah,dl
    sbb ch,dl
    sbb ch,bh
    sbb ch,ah
    sbb dh,ah
    sbb dh,cl
    sbb dh,dh
    sbb bh,dh
    sbb bh,bl
    sbb bh,al
    sbb byte [eax],al
    sbb byte [eax],ch
    sbb byte [eax],dl
    sbb byte [0x1234],dl
    sbb byte [0x1234],bh
    sbb byte [0x1234],ah
    sbb byte [ebp-0x80],ah
    sbb byte [ebp-0x80],cl
    sbb byte [ebp-0x80],dh
    sbb byte [esp+0x80],dh
    sbb byte [esp+0x80],bl
    sbb byte [esp+0x80],al
    sbb byte [fs:ebx+0x4],al
    sbb byte [fs:ebx+0x4],ch
    sbb byte [fs:ebx+0x4],dl
    sbb byte [ecx*8+0x100],dl
    sbb byte [ecx*8+0x100],bh
    sbb byte [ecx*8+0x100],ah
    sbb byte [ebp],ah
    sbb byte [ebp],cl
    sbb byte [ebp],dh
    sbb ch,al
    sbb byte [ebp-0x80],al
    sbb cl,cl
    sbb byte [esp+0x80],cl
    sbb dl,dl
    sbb bh,dl
    sbb byte [eax],bl
    sbb byte [ecx*8+0x100],bl
    sbb ah,ah
    sbb ch,ch
    sbb byte [ebp-0x80],ch
    sbb cl,dh
    sbb bh,bh
    sbb byte [fs:ebx+0x4],bh
    sbb dl,bh
    lock sbb byte [eax],al
    sbb eax,eax
    sbb eax,ebp
    sbb ecx,edx
    sbb ecx,edi
    sbb edx,esp
    sbb ebx,esi
    sbb ebx,eax
    sbb esp,edx
    sbb ebp,esp
    sbb esi,ecx
    sbb esi,esi
    sbb edi,ebx
    sbb ax,dx
    sbb cx,sp
    sbb dx,cx
    sbb dx,si
    sbb bx,bx
    sbb sp,ax
    sbb sp,bp
    sbb bp,dx
    sbb bp,di
    sbb si,sp
    sbb di,si
    sbb di,ax
    sbb dword [eax],eax
    sbb dword [eax],ebp
    sbb word [0x1234],sp
    sbb dword [ebp-0x80],esp
    sbb word [esp+0x80],bx
    sbb dword [fs:ebx+0x4],edx
    sbb word [ecx*8+0x100],dx
    sbb word [ecx*8+0x100],di
    sbb dword [ebp],ecx
    sbb dword [ebp],esi
    sbb ebp,eax
    sbb ecx,ecx
    sbb edx,edx
    sbb edi,edx
    sbb ebx,ebx
    sbb esp,esp
    sbb ebp,ebp
    sbb dword [eax],esi
    sbb edi,edi
    sbb ax,ax
    sbb bp,ax
    sbb cx,cx
    sbb si,cx
    sbb word [esp+0x80],cx
    sbb dx,dx
    sbb di,dx
    sbb word [ecx*8+0x100],bx
    sbb sp,sp
    sbb bp,bp
    sbb si,si
    sbb word [esp+0x80],si
    sbb di,di
    lock sbb dword [eax],eax
    sbb al,byte [ebp-0x80]
    sbb cl,byte [fs:ebx+0x4]
    sbb dl,byte [0x1234]
    sbb dl,byte [ebp]
    sbb bl,byte [esp+0x80]
    sbb bl,cl
    sbb ah,byte [eax]
    sbb ah,byte [ecx*8+0x100]
    sbb ah,bl
    sbb ch,byte [ebp-0x80]
    sbb dh,byte [fs:ebx+0x4]
    sbb dh,dl
    sbb dh,bh
    sbb bh,byte [ebp]
    sbb bh,ah
    sbb bh,byte [0x1234]
    sbb dl,al
    sbb al,bl
    sbb ch,bl
    sbb dl,ch
    sbb bh,ch
    sbb al,dh
    sbb ah,bh
    sbb al,byte [eax]
    sbb ch,byte [eax]
    sbb dl,byte [eax]
    sbb cl,byte [0x1234]
    sbb dh,byte [0x1234]
    sbb bl,byte [0x1234]
    sbb dl,byte [ebp-0x80]
    sbb bh,byte [ebp-0x80]
    sbb ah,byte [ebp-0x80]
    sbb al,byte [esp+0x80]
    sbb ch,byte [esp+0x80]
    sbb ah,byte [fs:ebx+0x4]
    sbb ch,byte [ecx*8+0x100]
    sbb dl,byte [ecx*8+0x100]
    sbb bh,byte [ecx*8+0x100]
    sbb dh,byte [ebp]
    sbb bl,byte [ebp]
    sbb al,byte [ebp]
    lock sbb al,byte [ebp-0x80]
    sbb ebx,dword [eax]
    sbb esp,dword [ebp-0x80]
    sbb ebp,dword [fs:ebx+0x4]
    sbb esi,dword [ebp]
    sbb edi,ecx
    sbb ax,word [ecx*8+0x100]
    sbb bx,cx
    sbb sp,bx
    sbb si,dx
    sbb si,di
    sbb di,sp
    sbb di,word [0x1234]
    sbb eax,esi
    sbb ax,si
    sbb cx,di
    sbb eax,dword [eax]
    sbb ebp,dword [eax]
    sbb bx,word [0x1234]
    sbb edx,dword [ebp-0x80]
    sbb edi,dword [ebp-0x80]
    sbb ax,word [esp+0x80]
    sbb bp,word [esp+0x80]
    sbb esp,dword [fs:ebx+0x4]
    sbb dx,word [ecx*8+0x100]
    sbb di,word [ecx*8+0x100]
    sbb eax,dword [ebp]
    lock sbb ebx,dword [eax]
    sbb eax,0x0
    sbb eax,-0x81
    sbb eax,0x7fffffff
    sbb ecx,0x7f
    sbb ecx,0x7fff
    sbb ecx,0xffffffff
    sbb edx,-0x80
    sbb edx,0xffff
    sbb edx,byte -0x1
    sbb ebx,0xff
    sbb ebx,0x80000000
    sbb ebx,0x1
    sbb esp,0x8000
    sbb esp,byte 0x1
    sbb esp,0x80
    sbb ebp,0x7fffffff
    sbb ebp,0x0
    sbb ebp,-0x81
    sbb esi,0xffffffff
    sbb esi,0x7f
    sbb esi,0x7fff
    sbb edi,byte -0x1
    sbb edi,-0x80
    sbb edi,0xffff
    sbb ax,0x1
    sbb ax,0xff
    sbb cx,0x80
    sbb cx,0x8000
    sbb cx,byte 0x1
    sbb dx,-0x81
    sbb dx,0x0
    sbb bx,0x7fff
    sbb bx,0x7f
    sbb sp,0xffff
    sbb sp,byte -0x1
    sbb sp,-0x80
    sbb bp,0x1
    sbb bp,0xff
    sbb si,byte 0x1
    sbb si,0x80
    sbb si,0x8000
    sbb di,0x0
    sbb di,-0x81
    sbb dword [eax],0x7f
    sbb dword [eax],0x7fff
    sbb dword [eax],0xffffffff
    sbb word [0x1234],-0x80
    sbb word [0x1234],0xffff
    sbb word [0x1234],byte -0x1
    sbb dword [ebp-0x80],0xff
    sbb dword [ebp-0x80],0x80000000
    sbb dword [ebp-0x80],0x1
    sbb word [esp+0x80],0x8000
    sbb word [esp+0x80],byte 0x1
    sbb word [esp+0x80],0x80
    sbb dword [fs:ebx+0x4],0x7fffffff
    sbb dword [fs:ebx+0x4],0x0
    sbb dword [fs:ebx+0x4],-0x81
    sbb word [ecx*8+0x100],0x7f
    sbb word [ecx*8+0x100],0x7fff
    sbb dword [ebp],byte -0x1
    sbb dword [ebp],-0x80
    sbb dword [ebp],0xffff
    sbb ecx,0x1
    sbb esi,0x1
    sbb bx,0x1
    sbb edx,0x7f
    sbb edi,0x7f
    sbb sp,0x7f
    sbb ebx,0x80
    sbb ax,0x80
    sbb bp,0x80
    sbb esp,-0x80
    sbb cx,-0x80
    sbb si,-0x80
    sbb esi,0xff
    sbb bx,0xff
    sbb dword [eax],0xff
    sbb edi,0x7fff
    sbb sp,0x7fff
    sbb word [0x1234],0x7fff
    sbb ax,0x8000
    sbb bp,0x8000
    sbb dword [ebp-0x80],0x8000
    sbb cx,0xffff
    sbb si,0xffff
    sbb word [esp+0x80],0xffff
    sbb dword [eax],0x80000000
    sbb dword [ebp],0xffffffff
    sbb bp,byte 0x1
    sbb dword [ebp-0x80],byte 0x1
    sbb eax,byte 0x1
    sbb si,byte -0x1
    sbb word [esp+0x80],byte -0x1
    sbb ecx,byte -0x1
    lock sbb dword [eax],0x7f
    sbb al,0x0
    sbb al,0xff
    sbb al,0x80
    sbb al,0x1
    sbb al,0x7f
    sbb al,-0x80
    sbb al,-0x1
    sbb ax,0x7f
    sbb ax,0x7fff
    sbb ax,0x0
    sbb eax,0x1
    sbb eax,0x7f
    sbb eax,0x80
    sbb eax,-0x80
    sbb ax,-0x80
    sbb ax,-0x81
    sbb eax,0xff
    sbb eax,0x7fff
    sbb eax,0x8000
    sbb ax,0xffff
    sbb eax,0xffff
    sbb eax,0x80000000
    sbb eax,0xffffffff
    sbb eax,strict dword 0x1
    sbb cl,0x7f
    sbb cl,0x0
    sbb cl,0xff
    sbb dl,-0x80
    sbb dl,0x7f
    sbb dl,0x0
    sbb bl,-0x1
    sbb bl,-0x80
    sbb bl,0x7f
    sbb ah,0x1
    sbb ah,-0x1
    sbb ah,-0x80
    sbb ch,0x80
    sbb ch,0x1
    sbb ch,-0x1
    sbb dh,0xff
    sbb dh,0x80
    sbb dh,0x1
    sbb bh,0x0
    sbb bh,0xff
    sbb bh,0x80
    sbb byte [eax],0x7f
    sbb byte [eax],0x0
    sbb byte [eax],0xff
    sbb byte [0x1234],-0x80
    sbb byte [0x1234],0x7f
    sbb byte [0x1234],0x0
    sbb byte [ebp-0x80],-0x1
    sbb byte [ebp-0x80],-0x80
    sbb byte [ebp-0x80],0x7f
    sbb byte [esp+0x80],0x1
    sbb byte [esp+0x80],-0x1
    sbb byte [esp+0x80],-0x80
    sbb byte [fs:ebx+0x4],0x80
    sbb byte [fs:ebx+0x4],0x1
    sbb byte [fs:ebx+0x4],-0x1
    sbb byte [ecx*8+0x100],0xff
    sbb byte [ecx*8+0x100],0x80
    sbb byte [ecx*8+0x100],0x1
    sbb byte [ebp],0x0
    sbb byte [ebp],0xff
    sbb byte [ebp],0x80
    sbb ch,0x0
    sbb byte [ebp-0x80],0x0
    sbb cl,0x1
    sbb bh,0x7f
    sbb byte [fs:ebx+0x4],0x7f
    sbb bl,0x80
    sbb byte [eax],0x80
    sbb byte [ebp],-0x80
    sbb ch,0xff
    sbb byte [ebp-0x80],0xff
    sbb dh,-0x1
    sbb cl,-0x1
    lock sbb byte [eax],0x7f
    sbb edx,0x0
    sbb ebx,0x7f
    sbb esp,strict dword 0x1
    sbb ebp,0x1
    sbb ebp,0xff
    sbb esi,0x80
    sbb esi,0x8000
    sbb edi,0x0
    sbb edi,-0x81
    sbb edi,0x7fffffff
    sbb cx,0x0
    sbb dx,0xff
    sbb dx,0x7f
    sbb bx,0x8000
    sbb bx,-0x80
    sbb sp,0x1
    sbb sp,0xff
    sbb si,0x0
    sbb si,-0x81
    sbb di,0x7f
    sbb di,0x7fff
    sbb dword [eax],-0x80
    sbb dword [eax],0xffff
    sbb dword [eax],0x0
    sbb word [0x1234],0xff
    sbb word [0x1234],0x7f
    sbb dword [ebp-0x80],strict dword 0x1
    sbb dword [ebp-0x80],-0x80
    sbb word [esp+0x80],0x1
    sbb word [esp+0x80],0xff
    sbb dword [fs:ebx+0x4],0xffffffff
    sbb dword [fs:ebx+0x4],0x80
    sbb dword [fs:ebx+0x4],0x8000
    sbb word [ecx*8+0x100],0x0
    sbb word [ecx*8+0x100],-0x81
    sbb dword [ebp],0x7f
    sbb dword [ebp],0x7fff
    lock sbb dword [eax],-0x80
