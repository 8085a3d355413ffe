; bt: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    bt eax,eax
    bt eax,ebp
    bt ecx,edx
    bt ecx,edi
    bt edx,esp
    bt ebx,esi
    bt ebx,eax
    bt esp,edx
    bt ebp,esp
    bt esi,ecx
    bt esi,esi
    bt edi,ebx
    bt ax,dx
    bt cx,sp
    bt dx,cx
    bt dx,si
    bt bx,bx
    bt sp,ax
    bt sp,bp
    bt bp,dx
    bt bp,di
    bt si,sp
    bt di,si
    bt di,ax
    bt dword [eax],eax
    bt dword [eax],ebp
    bt word [0x1234],sp
    bt dword [ebp-0x80],esp
    bt word [esp+0x80],bx
    bt dword [fs:ebx+0x4],edx
    bt word [ecx*8+0x100],dx
    bt word [ecx*8+0x100],di
    bt dword [ebp],ecx
    bt dword [ebp],esi
    bt ebp,eax
    bt ecx,ecx
    bt edx,edx
    bt edi,edx
    bt ebx,ebx
    bt esp,esp
    bt ebp,ebp
    bt dword [eax],esi
    bt edi,edi
    bt ax,ax
    bt bp,ax
    bt cx,cx
    bt si,cx
    bt word [esp+0x80],cx
    bt dx,dx
    bt di,dx
    bt word [ecx*8+0x100],bx
    bt sp,sp
    bt bp,bp
    bt si,si
    bt word [esp+0x80],si
    bt di,di
    bt eax,0x0
    bt eax,0xff
    bt eax,0x80
    bt ecx,0x7f
    bt ecx,0x0
    bt ecx,0xff
    bt edx,-0x80
    bt edx,0x7f
    bt edx,0x0
    bt ebx,-0x1
    bt ebx,-0x80
    bt ebx,0x7f
    bt esp,0x1
    bt esp,-0x1
    bt esp,-0x80
    bt ebp,0x80
    bt ebp,0x1
    bt ebp,-0x1
    bt esi,0xff
    bt esi,0x80
    bt esi,0x1
    bt edi,0x0
    bt edi,0xff
    bt edi,0x80
    bt ax,0x7f
    bt ax,0x0
    bt ax,0xff
    bt cx,-0x80
    bt cx,0x7f
    bt cx,0x0
    bt dx,-0x1
    bt dx,-0x80
    bt dx,0x7f
    bt bx,0x1
    bt bx,-0x1
    bt bx,-0x80
    bt sp,0x80
    bt sp,0x1
    bt sp,-0x1
    bt bp,0xff
    bt bp,0x80
    bt bp,0x1
    bt si,0x0
    bt si,0xff
    bt si,0x80
    bt di,0x7f
    bt di,0x0
    bt di,0xff
    bt dword [eax],-0x80
    bt dword [eax],0x7f
    bt dword [eax],0x0
    bt word [0x1234],-0x1
    bt word [0x1234],-0x80
    bt word [0x1234],0x7f
    bt dword [ebp-0x80],0x1
    bt dword [ebp-0x80],-0x1
    bt dword [ebp-0x80],-0x80
    bt word [esp+0x80],0x80
    bt word [esp+0x80],0x1
    bt word [esp+0x80],-0x1
    bt dword [fs:ebx+0x4],0xff
    bt dword [fs:ebx+0x4],0x80
    bt dword [fs:ebx+0x4],0x1
    bt word [ecx*8+0x100],0x0
    bt word [ecx*8+0x100],0xff
    bt word [ecx*8+0x100],0x80
    bt dword [ebp],0x7f
    bt dword [ebp],0x0
    bt dword [ebp],0xff
    bt ebp,0x0
    bt dx,0x0
    bt ecx,0x1
    bt edi,0x7f
    bt sp,0x7f
    bt ebx,0x80
    bt ax,0x80
    bt si,-0x80
    bt ebp,0xff
    bt dx,0xff
    bt esi,-0x1
    bt dword [eax],-0x1
