; adc: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    adc al,al
    adc al,ch
    adc al,dl
    adc cl,dl
    adc cl,bh
    adc cl,ah
    adc dl,ah
    adc dl,cl
    adc dl,dh
    adc bl,dh
    adc bl,bl
    adc bl,al
    adc ah,al
    adc ah,ch
    adc ah,dl
    adc ch,dl
    adc ch,bh
    adc ch,ah
    adc dh,ah
    adc dh,cl
    adc dh,dh
    adc bh,dh
    adc bh,bl
    adc bh,al
    adc byte [eax],al
    adc byte [eax],ch
    adc byte [eax],dl
    adc byte [0x1234],dl
    adc byte [0x1234],bh
    adc byte [0x1234],ah
    adc byte [ebp-0x80],ah
    adc byte [ebp-0x80],cl
    adc byte [ebp-0x80],dh
    adc byte [esp+0x80],dh
    adc byte [esp+0x80],bl
    adc byte [esp+0x80],al
    adc byte [fs:ebx+0x4],al
    adc byte [fs:ebx+0x4],ch
    adc byte [fs:ebx+0x4],dl
    adc byte [ecx*8+0x100],dl
    adc byte [ecx*8+0x100],bh
    adc byte [ecx*8+0x100],ah
    adc byte [ebp],ah
    adc byte [ebp],cl
    adc byte [ebp],dh
    adc ch,al
    adc byte [ebp-0x80],al
    adc cl,cl
    adc byte [esp+0x80],cl
    adc dl,dl
    adc bh,dl
    adc byte [eax],bl
    adc byte [ecx*8+0x100],bl
    adc ah,ah
    adc ch,ch
    adc byte [ebp-0x80],ch
    adc cl,dh
    adc bh,bh
    adc byte [fs:ebx+0x4],bh
    adc dl,bh
    lock adc byte [eax],al
    adc eax,eax
    adc eax,ebp
    adc ecx,edx
    adc ecx,edi
    adc edx,esp
    adc ebx,esi
    adc ebx,eax
    adc esp,edx
    adc ebp,esp
    adc esi,ecx
    adc esi,esi
    adc edi,ebx
    adc ax,dx
    adc cx,sp
    adc dx,cx
    adc dx,si
    adc bx,bx
    adc sp,ax
    adc sp,bp
    adc bp,dx
    adc bp,di
    adc si,sp
    adc di,si
    adc di,ax
    adc dword [eax],eax
    adc dword [eax],ebp
    adc word [0x1234],sp
    adc dword [ebp-0x80],esp
    adc word [esp+0x80],bx
    adc dword [fs:ebx+0x4],edx
    adc word [ecx*8+0x100],dx
    adc word [ecx*8+0x100],di
    adc dword [ebp],ecx
    adc dword [ebp],esi
    adc ebp,eax
    adc ecx,ecx
    adc edx,edx
    adc edi,edx
    adc ebx,ebx
    adc esp,esp
    adc ebp,ebp
    adc dword [eax],esi
    adc edi,edi
    adc ax,ax
    adc bp,ax
    adc cx,cx
    adc si,cx
    adc word [esp+0x80],cx
    adc dx,dx
    adc di,dx
    adc word [ecx*8+0x100],bx
    adc sp,sp
    adc bp,bp
    adc si,si
    adc word [esp+0x80],si
    adc di,di
    lock adc dword [eax],eax
    adc al,byte [ebp-0x80]
    adc cl,byte [fs:ebx+0x4]
    adc dl,byte [0x1234]
    adc dl,byte [ebp]
    adc bl,byte [esp+0x80]
    adc bl,cl
    adc ah,byte [eax]
    adc ah,byte [ecx*8+0x100]
    adc ah,bl
    adc ch,byte [ebp-0x80]
    adc dh,byte [fs:ebx+0x4]
    adc dh,dl
    adc dh,bh
    adc bh,byte [ebp]
    adc bh,ah
    adc bh,byte [0x1234]
    adc dl,al
    adc al,bl
    adc ch,bl
    adc dl,ch
    adc bh,ch
    adc al,dh
    adc ah,bh
    adc al,byte [eax]
    adc ch,byte [eax]
    adc dl,byte [eax]
    adc cl,byte [0x1234]
    adc dh,byte [0x1234]
    adc bl,byte [0x1234]
    adc dl,byte [ebp-0x80]
    adc bh,byte [ebp-0x80]
    adc ah,byte [ebp-0x80]
    adc al,byte [esp+0x80]
    adc ch,byte [esp+0x80]
    adc ah,byte [fs:ebx+0x4]
    adc ch,byte [ecx*8+0x100]
    adc dl,byte [ecx*8+0x100]
    adc bh,byte [ecx*8+0x100]
    adc dh,byte [ebp]
    adc bl,byte [ebp]
    adc al,byte [ebp]
    lock adc al,byte [ebp-0x80]
    adc ebx,dword [eax]
    adc esp,dword [ebp-0x80]
    adc ebp,dword [fs:ebx+0x4]
    adc esi,dword [ebp]
    adc edi,ecx
    adc ax,word [ecx*8+0x100]
    adc bx,cx
    adc sp,bx
    adc si,dx
    adc si,di
    adc di,sp
    adc di,word [0x1234]
    adc eax,esi
    adc ax,si
    adc cx,di
    adc eax,dword [eax]
    adc ebp,dword [eax]
    adc bx,word [0x1234]
    adc edx,dword [ebp-0x80]
    adc edi,dword [ebp-0x80]
    adc ax,word [esp+0x80]
    adc bp,word [esp+0x80]
    adc esp,dword [fs:ebx+0x4]
    adc dx,word [ecx*8+0x100]
    adc di,word [ecx*8+0x100]
    adc eax,dword [ebp]
    lock adc ebx,dword [eax]
    adc eax,0x0
    adc eax,-0x81
    adc eax,0x7fffffff
    adc ecx,0x7f
    adc ecx,0x7fff
    adc ecx,0xffffffff
    adc edx,-0x80
    adc edx,0xffff
    adc edx,byte -0x1
    adc ebx,0xff
    adc ebx,0x80000000
    adc ebx,0x1
    adc esp,0x8000
    adc esp,byte 0x1
    adc esp,0x80
    adc ebp,0x7fffffff
    adc ebp,0x0
    adc ebp,-0x81
    adc esi,0xffffffff
    adc esi,0x7f
    adc esi,0x7fff
    adc edi,byte -0x1
    adc edi,-0x80
    adc edi,0xffff
    adc ax,0x1
    adc ax,0xff
    adc cx,0x80
    adc cx,0x8000
    adc cx,byte 0x1
    adc dx,-0x81
    adc dx,0x0
    adc bx,0x7fff
    adc bx,0x7f
    adc sp,0xffff
    adc sp,byte -0x1
    adc sp,-0x80
    adc bp,0x1
    adc bp,0xff
    adc si,byte 0x1
    adc si,0x80
    adc si,0x8000
    adc di,0x0
    adc di,-0x81
    adc dword [eax],0x7f
    adc dword [eax],0x7fff
    adc dword [eax],0xffffffff
    adc word [0x1234],-0x80
    adc word [0x1234],0xffff
    adc word [0x1234],byte -0x1
    adc dword [ebp-0x80],0xff
    adc dword [ebp-0x80],0x80000000
    adc dword [ebp-0x80],0x1
    adc word [esp+0x80],0x8000
    adc word [esp+0x80],byte 0x1
    adc word [esp+0x80],0x80
    adc dword [fs:ebx+0x4],0x7fffffff
    adc dword [fs:ebx+0x4],0x0
    adc dword [fs:ebx+0x4],-0x81
    adc word [ecx*8+0x100],0x7f
    adc word [ecx*8+0x100],0x7fff
    adc dword [ebp],byte -0x1
    adc dword [ebp],-0x80
    adc dword [ebp],0xffff
    adc ecx,0x1
    adc esi,0x1
    adc bx,0x1
    adc edx,0x7f
    adc edi,0x7f
    adc sp,0x7f
    adc ebx,0x80
    adc ax,0x80
    adc bp,0x80
    adc esp,-0x80
    adc cx,-0x80
    adc si,-0x80
    adc esi,0xff
    adc bx,0xff
    adc dword [eax],0xff
    adc edi,0x7fff
    adc sp,0x7fff
    adc word [0x1234],0x7fff
    adc ax,0x8000
    adc bp,0x8000
    adc dword [ebp-0x80],0x8000
    adc cx,0xffff
    adc si,0xffff
    adc word [esp+0x80],0xffff
    adc dword [eax],0x80000000
    adc dword [ebp],0xffffffff
    adc bp,byte 0x1
    adc dword [ebp-0x80],byte 0x1
    adc eax,byte 0x1
    adc si,byte -0x1
    adc word [esp+0x80],byte -0x1
    adc ecx,byte -0x1
    lock adc dword [eax],0x7f
    adc al,0x0
    adc al,0xff
    adc al,0x80
    adc al,0x1
    adc al,0x7f
    adc al,-0x80
    adc al,-0x1
    adc ax,0x7f
    adc ax,0x7fff
    adc ax,0x0
    adc eax,0x1
    adc eax,0x7f
    adc eax,0x80
    adc eax,-0x80
    adc ax,-0x80
    adc ax,-0x81
    adc eax,0xff
    adc eax,0x7fff
    adc eax,0x8000
    adc ax,0xffff
    adc eax,0xffff
    adc eax,0x80000000
    adc eax,0xffffffff
    adc eax,strict dword 0x1
    adc cl,0x7f
    adc cl,0x0
    adc cl,0xff
    adc dl,-0x80
    adc dl,0x7f
    adc dl,0x0
    adc bl,-0x1
    adc bl,-0x80
    adc bl,0x7f
    adc ah,0x1
    adc ah,-0x1
    adc ah,-0x80
    adc ch,0x80
    adc ch,0x1
    adc ch,-0x1
    adc dh,0xff
    adc dh,0x80
    adc dh,0x1
    adc bh,0x0
    adc bh,0xff
    adc bh,0x80
    adc byte [eax],0x7f
    adc byte [eax],0x0
    adc byte [eax],0xff
    adc byte [0x1234],-0x80
    adc byte [0x1234],0x7f
    adc byte [0x1234],0x0
    adc byte [ebp-0x80],-0x1
    adc byte [ebp-0x80],-0x80
    adc byte [ebp-0x80],0x7f
    adc byte [esp+0x80],0x1
    adc byte [esp+0x80],-0x1
    adc byte [esp+0x80],-0x80
    adc byte [fs:ebx+0x4],0x80
    adc byte [fs:ebx+0x4],0x1
    adc byte [fs:ebx+0x4],-0x1
    adc byte [ecx*8+0x100],0xff
    adc byte [ecx*8+0x100],0x80
    adc byte [ecx*8+0x100],0x1
    adc byte [ebp],0x0
    adc byte [ebp],0xff
    adc byte [ebp],0x80
    adc ch,0x0
    adc byte [ebp-0x80],0x0
    adc cl,0x1
    adc bh,0x7f
    adc byte [fs:ebx+0x4],0x7f
    adc bl,0x80
    adc byte [eax],0x80
    adc byte [ebp],-0x80
    adc ch,0xff
    adc byte [ebp-0x80],0xff
    adc dh,-0x1
    adc cl,-0x1
    lock adc byte [eax],0x7f
    adc edx,0x0
    adc ebx,0x7f
    adc esp,strict dword 0x1
    adc ebp,0x1
    adc ebp,0xff
    adc esi,0x80
    adc esi,0x8000
    adc edi,0x0
    adc edi,-0x81
    adc edi,0x7fffffff
    adc cx,0x0
    adc dx,0xff
    adc dx,0x7f
    adc bx,0x8000
    adc bx,-0x80
    adc sp,0x1
    adc sp,0xff
    adc si,0x0
    adc si,-0x81
    adc di,0x7f
    adc di,0x7fff
    adc dword [eax],-0x80
    adc dword [eax],0xffff
    adc dword [eax],0x0
    adc word [0x1234],0xff
    adc word [0x1234],0x7f
    adc dword [ebp-0x80],strict dword 0x1
    adc dword [ebp-0x80],-0x80
    adc word [esp+0x80],0x1
    adc word [esp+0x80],0xff
    adc dword [fs:ebx+0x4],0xffffffff
    adc dword [fs:ebx+0x4],0x80
    adc dword [fs:ebx+0x4],0x8000
    adc word [ecx*8+0x100],0x0
    adc word [ecx*8+0x100],-0x81
    adc dword [ebp],0x7f
    adc dword [ebp],0x7fff
    lock adc dword [eax],-0x80
