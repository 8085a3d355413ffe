; imul: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    imul al
    imul cl
    imul dl
    imul bl
    imul ah
    imul ch
    imul dh
    imul bh
    imul byte [eax]
    imul byte [0x1234]
    imul byte [ebp-0x80]
    imul byte [esp+0x80]
    imul byte [fs:ebx+0x4]
    imul byte [ecx*8+0x100]
    imul byte [ebp]
    imul eax
    imul ecx
    imul edx
    imul ebx
    imul esp
    imul ebp
    imul esi
    imul edi
    imul ax
    imul cx
    imul dx
    imul bx
    imul sp
    imul bp
    imul si
    imul di
    imul dword [eax]
    imul word [0x1234]
    imul dword [ebp-0x80]
    imul word [esp+0x80]
    imul dword [fs:ebx+0x4]
    imul word [ecx*8+0x100]
    imul dword [ebp]
    imul eax,eax
    imul eax,ebp
    imul ecx,edx
    imul ecx,edi
    imul edx,esp
    imul ebx,esi
    imul ebx,dword [eax]
    imul esp,dword [ebp-0x80]
    imul ebp,dword [fs:ebx+0x4]
    imul esi,dword [ebp]
    imul edi,ecx
    imul ax,word [ecx*8+0x100]
    imul bx,cx
    imul sp,bx
    imul bp,ax
    imul bp,bp
    imul si,dx
    imul si,di
    imul di,sp
    imul di,word [0x1234]
    imul ebp,eax
    imul ecx,ecx
    imul esi,ecx
    imul edx,edx
    imul edi,edx
    imul ebx,ebx
    imul esp,esp
    imul ebp,ebp
    imul esi,esi
    imul eax,esi
    imul edi,edi
    imul ax,ax
    imul cx,cx
    imul si,cx
    imul dx,dx
    imul di,dx
    imul bx,bx
    imul sp,sp
    imul si,si
    imul ax,si
    imul di,di
    imul cx,di
    imul eax,dword [eax]
    imul ebp,dword [eax]
    imul bx,word [0x1234]
    imul edx,dword [ebp-0x80]
    imul edi,dword [ebp-0x80]
    imul ax,word [esp+0x80]
    imul bp,word [esp+0x80]
    imul esp,dword [fs:ebx+0x4]
    imul dx,word [ecx*8+0x100]
    imul di,word [ecx*8+0x100]
    imul eax,dword [ebp]
    imul eax,eax,0x0
    imul eax,0x0
    imul eax,ebp,-0x81
    imul ecx,edx,0x80
    imul ecx,edi,0x8000
    imul edx,esp,0xff
    imul ebx,esi,0xffff
    imul ebx,dword [eax],-0x80
    imul esp,dword [ebp-0x80],0x7fff
    imul ebp,dword [fs:ebx+0x4],0x7fffffff
    imul esi,dword [ebp],byte 0x1
    imul edi,ecx,0x1
    imul ax,word [ecx*8+0x100],byte -0x1
    imul bx,cx,byte 0x1
    imul sp,bx,0x1
    imul bp,ax,byte -0x1
    imul bp,bp,-0x80
    imul bp,-0x80
    imul si,dx,0x7f
    imul si,di,0x7fff
    imul di,sp,-0x81
    imul ebp,eax,-0x81
    imul ecx,ecx,0x80
    imul ecx,0x80
    imul esi,ecx,0x8000
    imul edx,edx,0xff
    imul edx,0xff
    imul edi,edx,0x80000000
    imul ebx,ebx,0xffff
    imul ebx,0xffff
    imul esp,esp,0xffffffff
    imul esp,0xffffffff
    imul ebp,ebp,0x0
    imul ebp,0x0
    imul esi,esi,0x80
    imul esi,0x80
    imul eax,esi,byte 0x1
    imul edi,edi,0xff
    imul edi,0xff
    imul ecx,edi,0x1
    imul ax,ax,0xffff
    imul ax,0xffff
    imul si,cx,0x7f
    imul dx,dx,0x0
    imul dx,0x0
    imul di,dx,-0x81
    imul bx,bx,0x80
    imul bx,0x80
    imul sp,sp,0xff
    imul sp,0xff
    imul bp,bp,0xffff
    imul bp,0xffff
    imul ax,si,0x7fff
    imul di,di,0x0
    imul di,0x0
    imul eax,dword [eax],0x80
    imul ebp,dword [eax],0x8000
    imul bx,word [0x1234],0x1
    imul edx,dword [ebp-0x80],0xffff
    imul edi,dword [ebp-0x80],byte -0x1
    imul ax,word [esp+0x80],0x7f
    imul bp,word [esp+0x80],0x7fff
    imul esp,dword [fs:ebx+0x4],0x0
    imul dx,word [ecx*8+0x100],0x8000
    imul di,word [ecx*8+0x100],byte 0x1
    imul esi,dword [ebp],0xff
    imul eax,dword [ebp],0x1
    imul ecx,edx,0x1
    imul esi,edi,0x1
    imul bx,sp,0x1
    imul edx,esp,0x7f
    imul sp,si,0x7f
    imul ebx,esi,0x80
    imul ax,bx,0x80
    imul cx,bp,-0x80
    imul dx,di,-0x81
    imul bx,word [0x1234],0xff
    imul eax,dword [ebp],0xff
    imul sp,word [esp+0x80],0x7fff
    imul ecx,ecx,0x7fff
    imul ecx,0x7fff
    imul bp,word [ecx*8+0x100],0x8000
    imul edx,ebx,0x8000
    imul ebx,ebp,0xffff
    imul esp,edi,0x7fffffff
    imul eax,esp,0x80000000
    imul ecx,esi,0xffffffff
    imul ax,di,byte -0x1
    imul ebx,dword [eax],-0x81
    imul esp,dword [ebp-0x80],0x8000
    imul ebp,dword [fs:ebx+0x4],0x80000000
    imul esi,dword [ebp],0x0
    imul edi,ecx,0x80
    imul ax,word [ecx*8+0x100],0x1
    imul bx,cx,0x1
    imul sp,bx,-0x80
    imul bp,ax,0x7f
    imul bp,bp,0x7fff
    imul bp,0x7fff
    imul si,dx,-0x81
    imul di,sp,0x8000
    imul ebp,ebp,0x1
    imul ebp,0x1
    imul esi,esi,-0x80
    imul esi,-0x80
    imul eax,esi,0x0
    imul edi,edi,0x7fff
    imul edi,0x7fff
    imul ecx,edi,0x80
    imul bp,ax,0x1
    imul si,cx,-0x80
    imul dx,dx,0x7f
    imul dx,0x7f
    imul di,dx,0x7fff
    imul bx,bx,-0x81
    imul bx,-0x81
    imul sp,sp,0x8000
    imul sp,0x8000
    imul si,si,0x0
    imul si,0x0
    imul di,di,0x80
    imul di,0x80
    imul eax,dword [eax],0xff
    imul ebp,dword [eax],0x80000000
    imul bx,word [0x1234],-0x81
    imul edx,dword [ebp-0x80],0xffffffff
    imul edi,dword [ebp-0x80],0x80
    imul ax,word [esp+0x80],0xff
    imul esp,dword [fs:ebx+0x4],-0x80
    imul di,word [ecx*8+0x100],0x80
    imul esi,dword [ebp],0x7fffffff
