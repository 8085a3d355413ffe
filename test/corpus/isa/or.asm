; or: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    or al,al
    or al,ch
    or al,dl
    or cl,dl
    or cl,bh
    or cl,ah
    or dl,ah
    or dl,cl
    or dl,dh
    or bl,dh
    or bl,bl
    or bl,al
    or ah,al
    or ah,ch
    or ah,dl
    or ch,dl
    or ch,bh
    or ch,ah
    or dh,ah
    or dh,cl
    or dh,dh
    or bh,dh
    or bh,bl
    or bh,al
    or byte [eax],al
    or byte [eax],ch
    or byte [eax],dl
    or byte [0x1234],dl
    or byte [0x1234],bh
    or byte [0x1234],ah
    or byte [ebp-0x80],ah
    or byte [ebp-0x80],cl
    or byte [ebp-0x80],dh
    or byte [esp+0x80],dh
    or byte [esp+0x80],bl
    or byte [esp+0x80],al
    or byte [fs:ebx+0x4],al
    or byte [fs:ebx+0x4],ch
    or byte [fs:ebx+0x4],dl
    or byte [ecx*8+0x100],dl
    or byte [ecx*8+0x100],bh
    or byte [ecx*8+0x100],ah
    or byte [ebp],ah
    or byte [ebp],cl
    or byte [ebp],dh
    or ch,al
    or byte [ebp-0x80],al
    or cl,cl
    or byte [esp+0x80],cl
    or dl,dl
    or bh,dl
    or byte [eax],bl
    or byte [ecx*8+0x100],bl
    or ah,ah
    or ch,ch
    or byte [ebp-0x80],ch
    or cl,dh
    or bh,bh
    or byte [fs:ebx+0x4],bh
    or dl,bh
    lock or byte [eax],al
    or eax,eax
    or eax,ebp
    or ecx,edx
    or ecx,edi
    or edx,esp
    or ebx,esi
    or ebx,eax
    or esp,edx
    or ebp,esp
    or esi,ecx
    or esi,esi
    or edi,ebx
    or ax,dx
    or cx,sp
    or dx,cx
    or dx,si
    or bx,bx
    or sp,ax
    or sp,bp
    or bp,dx
    or bp,di
    or si,sp
    or di,si
    or di,ax
    or dword [eax],eax
    or dword [eax],ebp
    or word [0x1234],sp
    or dword [ebp-0x80],esp
    or word [esp+0x80],bx
    or dword [fs:ebx+0x4],edx
    or word [ecx*8+0x100],dx
    or word [ecx*8+0x100],di
    or dword [ebp],ecx
    or dword [ebp],esi
    or ebp,eax
    or ecx,ecx
    or edx,edx
    or edi,edx
    or ebx,ebx
    or esp,esp
    or ebp,ebp
    or dword [eax],esi
    or edi,edi
    or ax,ax
    or bp,ax
    or cx,cx
    or si,cx
    or word [esp+0x80],cx
    or dx,dx
    or di,dx
    or word [ecx*8+0x100],bx
    or sp,sp
    or bp,bp
    or si,si
    or word [esp+0x80],si
    or di,di
    lock or dword [eax],eax
    or al,byte [ebp-0x80]
    or cl,byte [fs:ebx+0x4]
    or dl,byte [0x1234]
    or dl,byte [ebp]
    or bl,byte [esp+0x80]
    or bl,cl
    or ah,byte [eax]
    or ah,byte [ecx*8+0x100]
    or ah,bl
    or ch,byte [ebp-0x80]
    or dh,byte [fs:ebx+0x4]
    or dh,dl
    or dh,bh
    or bh,byte [ebp]
    or bh,ah
    or bh,byte [0x1234]
    or dl,al
    or al,bl
    or ch,bl
    or dl,ch
    or bh,ch
    or al,dh
    or ah,bh
    or al,byte [eax]
    or ch,byte [eax]
    or dl,byte [eax]
    or cl,byte [0x1234]
    or dh,byte [0x1234]
    or bl,byte [0x1234]
    or dl,byte [ebp-0x80]
    or bh,byte [ebp-0x80]
    or ah,byte [ebp-0x80]
    or al,byte [esp+0x80]
    or ch,byte [esp+0x80]
    or ah,byte [fs:ebx+0x4]
    or ch,byte [ecx*8+0x100]
    or dl,byte [ecx*8+0x100]
    or bh,byte [ecx*8+0x100]
    or dh,byte [ebp]
    or bl,byte [ebp]
    or al,byte [ebp]
    lock or al,byte [ebp-0x80]
    or ebx,dword [eax]
    or esp,dword [ebp-0x80]
    or ebp,dword [fs:ebx+0x4]
    or esi,dword [ebp]
    or edi,ecx
    or ax,word [ecx*8+0x100]
    or bx,cx
    or sp,bx
    or si,dx
    or si,di
    or di,sp
    or di,word [0x1234]
    or eax,esi
    or ax,si
    or cx,di
    or eax,dword [eax]
    or ebp,dword [eax]
    or bx,word [0x1234]
    or edx,dword [ebp-0x80]
    or edi,dword [ebp-0x80]
    or ax,word [esp+0x80]
    or bp,word [esp+0x80]
    or esp,dword [fs:ebx+0x4]
    or dx,word [ecx*8+0x100]
    or di,word [ecx*8+0x100]
    or eax,dword [ebp]
    lock or ebx,dword [eax]
    or eax,0x0
    or eax,-0x81
    or eax,0x7fffffff
    or ecx,0x7f
    or ecx,0x7fff
    or ecx,0xffffffff
    or edx,-0x80
    or edx,0xffff
    or edx,byte -0x1
    or ebx,0xff
    or ebx,0x80000000
    or ebx,0x1
    or esp,0x8000
    or esp,byte 0x1
    or esp,0x80
    or ebp,0x7fffffff
    or ebp,0x0
    or ebp,-0x81
    or esi,0xffffffff
    or esi,0x7f
    or esi,0x7fff
    or edi,byte -0x1
    or edi,-0x80
    or edi,0xffff
    or ax,0x1
    or ax,0xff
    or cx,0x80
    or cx,0x8000
    or cx,byte 0x1
    or dx,-0x81
    or dx,0x0
    or bx,0x7fff
    or bx,0x7f
    or sp,0xffff
    or sp,byte -0x1
    or sp,-0x80
    or bp,0x1
    or bp,0xff
    or si,byte 0x1
    or si,0x80
    or si,0x8000
    or di,0x0
    or di,-0x81
    or dword [eax],0x7f
    or dword [eax],0x7fff
    or dword [eax],0xffffffff
    or word [0x1234],-0x80
    or word [0x1234],0xffff
    or word [0x1234],byte -0x1
    or dword [ebp-0x80],0xff
    or dword [ebp-0x80],0x80000000
    or dword [ebp-0x80],0x1
    or word [esp+0x80],0x8000
    or word [esp+0x80],byte 0x1
    or word [esp+0x80],0x80
    or dword [fs:ebx+0x4],0x7fffffff
    or dword [fs:ebx+0x4],0x0
    or dword [fs:ebx+0x4],-0x81
    or word [ecx*8+0x100],0x7f
    or word [ecx*8+0x100],0x7fff
    or dword [ebp],byte -0x1
    or dword [ebp],-0x80
    or dword [ebp],0xffff
    or ecx,0x1
    or esi,0x1
    or bx,0x1
    or edx,0x7f
    or edi,0x7f
    or sp,0x7f
    or ebx,0x80
    or ax,0x80
    or bp,0x80
    or esp,-0x80
    or cx,-0x80
    or si,-0x80
    or esi,0xff
    or bx,0xff
    or dword [eax],0xff
    or edi,0x7fff
    or sp,0x7fff
    or word [0x1234],0x7fff
    or ax,0x8000
    or bp,0x8000
    or dword [ebp-0x80],0x8000
    or cx,0xffff
    or si,0xffff
    or word [esp+0x80],0xffff
    or dword [eax],0x80000000
    or dword [ebp],0xffffffff
    or bp,byte 0x1
    or dword [ebp-0x80],byte 0x1
    or eax,byte 0x1
    or si,byte -0x1
    or word [esp+0x80],byte -0x1
    or ecx,byte -0x1
    lock or dword [eax],0x7f
    or al,0x0
    or al,0xff
    or al,0x80
    or al,0x1
    or al,0x7f
    or al,-0x80
    or al,-0x1
    or ax,0x7f
    or ax,0x7fff
    or ax,0x0
    or eax,0x1
    or eax,0x7f
    or eax,0x80
    or eax,-0x80
    or ax,-0x80
    or ax,-0x81
    or eax,0xff
    or eax,0x7fff
    or eax,0x8000
    or ax,0xffff
    or eax,0xffff
    or eax,0x80000000
    or eax,0xffffffff
    or eax,strict dword 0x1
    or cl,0x7f
    or cl,0x0
    or cl,0xff
    or dl,-0x80
    or dl,0x7f
    or dl,0x0
    or bl,-0x1
    or bl,-0x80
    or bl,0x7f
    or ah,0x1
    or ah,-0x1
    or ah,-0x80
    or ch,0x80
    or ch,0x1
    or ch,-0x1
    or dh,0xff
    or dh,0x80
    or dh,0x1
    or bh,0x0
    or bh,0xff
    or bh,0x80
    or byte [eax],0x7f
    or byte [eax],0x0
    or byte [eax],0xff
    or byte [0x1234],-0x80
    or byte [0x1234],0x7f
    or byte [0x1234],0x0
    or byte [ebp-0x80],-0x1
    or byte [ebp-0x80],-0x80
    or byte [ebp-0x80],0x7f
    or byte [esp+0x80],0x1
    or byte [esp+0x80],-0x1
    or byte [esp+0x80],-0x80
    or byte [fs:ebx+0x4],0x80
    or byte [fs:ebx+0x4],0x1
    or byte [fs:ebx+0x4],-0x1
    or byte [ecx*8+0x100],0xff
    or byte [ecx*8+0x100],0x80
    or byte [ecx*8+0x100],0x1
    or byte [ebp],0x0
    or byte [ebp],0xff
    or byte [ebp],0x80
    or ch,0x0
    or byte [ebp-0x80],0x0
    or cl,0x1
    or bh,0x7f
    or byte [fs:ebx+0x4],0x7f
    or bl,0x80
    or byte [eax],0x80
    or byte [ebp],-0x80
    or ch,0xff
    or byte [ebp-0x80],0xff
    or dh,-0x1
    or cl,-0x1
    lock or byte [eax],0x7f
    or edx,0x0
    or ebx,0x7f
    or esp,strict dword 0x1
    or ebp,0x1
    or ebp,0xff
    or esi,0x80
    or esi,0x8000
    or edi,0x0
    or edi,-0x81
    or edi,0x7fffffff
    or cx,0x0
    or dx,0xff
    or dx,0x7f
    or bx,0x8000
    or bx,-0x80
    or sp,0x1
    or sp,0xff
    or si,0x0
    or si,-0x81
    or di,0x7f
    or di,0x7fff
    or dword [eax],-0x80
    or dword [eax],0xffff
    or dword [eax],0x0
    or word [0x1234],0xff
    or word [0x1234],0x7f
    or dword [ebp-0x80],strict dword 0x1
    or dword [ebp-0x80],-0x80
    or word [esp+0x80],0x1
    or word [esp+0x80],0xff
    or dword [fs:ebx+0x4],0xffffffff
    or dword [fs:ebx+0x4],0x80
    or dword [fs:ebx+0x4],0x8000
    or word [ecx*8+0x100],0x0
    or word [ecx*8+0x100],-0x81
    or dword [ebp],0x7f
    or dword [ebp],0x7fff
    lock or dword [eax],-0x80
