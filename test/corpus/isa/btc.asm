; btc: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    btc eax,eax
    btc eax,ebp
    btc ecx,edx
    btc ecx,edi
    btc edx,esp
    btc ebx,esi
    btc ebx,eax
    btc esp,edx
    btc ebp,esp
    btc esi,ecx
    btc esi,esi
    btc edi,ebx
    btc ax,dx
    btc cx,sp
    btc dx,cx
    btc dx,si
    btc bx,bx
    btc sp,ax
    btc sp,bp
    btc bp,dx
    btc bp,di
    btc si,sp
    btc di,si
    btc di,ax
    btc dword [eax],eax
    btc dword [eax],ebp
    btc word [0x1234],sp
    btc dword [ebp-0x80],esp
    btc word [esp+0x80],bx
    btc dword [fs:ebx+0x4],edx
    btc word [ecx*8+0x100],dx
    btc word [ecx*8+0x100],di
    btc dword [ebp],ecx
    btc dword [ebp],esi
    btc ebp,eax
    btc ecx,ecx
    btc edx,edx
    btc edi,edx
    btc ebx,ebx
    btc esp,esp
    btc ebp,ebp
    btc dword [eax],esi
    btc edi,edi
    btc ax,ax
    btc bp,ax
    btc cx,cx
    btc si,cx
    btc word [esp+0x80],cx
    btc dx,dx
    btc di,dx
    btc word [ecx*8+0x100],bx
    btc sp,sp
    btc bp,bp
    btc si,si
    btc word [esp+0x80],si
    btc di,di
    lock btc dword [eax],eax
    btc eax,0x0
    btc eax,0xff
    btc eax,0x80
    btc ecx,0x7f
    btc ecx,0x0
    btc ecx,0xff
    btc edx,-0x80
    btc edx,0x7f
    btc edx,0x0
    btc ebx,-0x1
    btc ebx,-0x80
    btc ebx,0x7f
    btc esp,0x1
    btc esp,-0x1
    btc esp,-0x80
    btc ebp,0x80
    btc ebp,0x1
    btc ebp,-0x1
    btc esi,0xff
    btc esi,0x80
    btc esi,0x1
    btc edi,0x0
    btc edi,0xff
    btc edi,0x80
    btc ax,0x7f
    btc ax,0x0
    btc ax,0xff
    btc cx,-0x80
    btc cx,0x7f
    btc cx,0x0
    btc dx,-0x1
    btc dx,-0x80
    btc dx,0x7f
    btc bx,0x1
    btc bx,-0x1
    btc bx,-0x80
    btc sp,0x80
    btc sp,0x1
    btc sp,-0x1
    btc bp,0xff
    btc bp,0x80
    btc bp,0x1
    btc si,0x0
    btc si,0xff
    btc si,0x80
    btc di,0x7f
    btc di,0x0
    btc di,0xff
    btc dword [eax],-0x80
    btc dword [eax],0x7f
    btc dword [eax],0x0
    btc word [0x1234],-0x1
    btc word [0x1234],-0x80
    btc word [0x1234],0x7f
    btc dword [ebp-0x80],0x1
    btc dword [ebp-0x80],-0x1
    btc dword [ebp-0x80],-0x80
    btc word [esp+0x80],0x80
    btc word [esp+0x80],0x1
    btc word [esp+0x80],-0x1
    btc dword [fs:ebx+0x4],0xff
    btc dword [fs:ebx+0x4],0x80
    btc dword [fs:ebx+0x4],0x1
    btc word [ecx*8+0x100],0x0
    btc word [ecx*8+0x100],0xff
    btc word [ecx*8+0x100],0x80
    btc dword [ebp],0x7f
    btc dword [ebp],0x0
    btc dword [ebp],0xff
    btc ebp,0x0
    btc dx,0x0
    btc ecx,0x1
    btc edi,0x7f
    btc sp,0x7f
    btc ebx,0x80
    btc ax,0x80
    btc si,-0x80
    btc ebp,0xff
    btc dx,0xff
    btc esi,-0x1
    btc dword [eax],-0x1
    lock btc dword [eax],-0x80
