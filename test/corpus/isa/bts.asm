; bts: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    bts eax,eax
    bts eax,ebp
    bts ecx,edx
    bts ecx,edi
    bts edx,esp
    bts ebx,esi
    bts ebx,eax
    bts esp,edx
    bts ebp,esp
    bts esi,ecx
    bts esi,esi
    bts edi,ebx
    bts ax,dx
    bts cx,sp
    bts dx,cx
    bts dx,si
    bts bx,bx
    bts sp,ax
    bts sp,bp
    bts bp,dx
    bts bp,di
    bts si,sp
    bts di,si
    bts di,ax
    bts dword [eax],eax
    bts dword [eax],ebp
    bts word [0x1234],sp
    bts dword [ebp-0x80],esp
    bts word [esp+0x80],bx
    bts dword [fs:ebx+0x4],edx
    bts word [ecx*8+0x100],dx
    bts word [ecx*8+0x100],di
    bts dword [ebp],ecx
    bts dword [ebp],esi
    bts ebp,eax
    bts ecx,ecx
    bts edx,edx
    bts edi,edx
    bts ebx,ebx
    bts esp,esp
    bts ebp,ebp
    bts dword [eax],esi
    bts edi,edi
    bts ax,ax
    bts bp,ax
    bts cx,cx
    bts si,cx
    bts word [esp+0x80],cx
    bts dx,dx
    bts di,dx
    bts word [ecx*8+0x100],bx
    bts sp,sp
    bts bp,bp
    bts si,si
    bts word [esp+0x80],si
    bts di,di
    lock bts dword [eax],eax
    bts eax,0x0
    bts eax,0xff
    bts eax,0x80
    bts ecx,0x7f
    bts ecx,0x0
    bts ecx,0xff
    bts edx,-0x80
    bts edx,0x7f
    bts edx,0x0
    bts ebx,-0x1
    bts ebx,-0x80
    bts ebx,0x7f
    bts esp,0x1
    bts esp,-0x1
    bts esp,-0x80
    bts ebp,0x80
    bts ebp,0x1
    bts ebp,-0x1
    bts esi,0xff
    bts esi,0x80
    bts esi,0x1
    bts edi,0x0
    bts edi,0xff
    bts edi,0x80
    bts ax,0x7f
    bts ax,0x0
    bts ax,0xff
    bts cx,-0x80
    bts cx,0x7f
    bts cx,0x0
    bts dx,-0x1
    bts dx,-0x80
    bts dx,0x7f
    bts bx,0x1
    bts bx,-0x1
    bts bx,-0x80
    bts sp,0x80
    bts sp,0x1
    bts sp,-0x1
    bts bp,0xff
    bts bp,0x80
    bts bp,0x1
    bts si,0x0
    bts si,0xff
    bts si,0x80
    bts di,0x7f
    bts di,0x0
    bts di,0xff
    bts dword [eax],-0x80
    bts dword [eax],0x7f
    bts dword [eax],0x0
    bts word [0x1234],-0x1
    bts word [0x1234],-0x80
    bts word [0x1234],0x7f
    bts dword [ebp-0x80],0x1
    bts dword [ebp-0x80],-0x1
    bts dword [ebp-0x80],-0x80
    bts word [esp+0x80],0x80
    bts word [esp+0x80],0x1
    bts word [esp+0x80],-0x1
    bts dword [fs:ebx+0x4],0xff
    bts dword [fs:ebx+0x4],0x80
    bts dword [fs:ebx+0x4],0x1
    bts word [ecx*8+0x100],0x0
    bts word [ecx*8+0x100],0xff
    bts word [ecx*8+0x100],0x80
    bts dword [ebp],0x7f
    bts dword [ebp],0x0
    bts dword [ebp],0xff
    bts ebp,0x0
    bts dx,0x0
    bts ecx,0x1
    bts edi,0x7f
    bts sp,0x7f
    bts ebx,0x80
    bts ax,0x80
    bts si,-0x80
    bts ebp,0xff
    bts dx,0xff
    bts esi,-0x1
    bts dword [eax],-0x1
    lock bts dword [eax],-0x80
