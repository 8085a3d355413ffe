; test: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    test al,al
    test al,ch
    test al,dl
    test cl,dl
    test cl,bh
    test cl,ah
    test dl,ah
    test dl,cl
    test dl,dh
    test bl,dh
    test bl,bl
    test bl,al
    test ah,al
    test ah,ch
    test ah,dl
    test ch,dl
    test ch,bh
    test ch,ah
    test dh,ah
    test dh,cl
    test dh,dh
    test bh,dh
    test bh,bl
    test bh,al
    test byte [eax],al
    test byte [eax],ch
    test byte [eax],dl
    test byte [0x1234],dl
    test byte [0x1234],bh
    test byte [0x1234],ah
    test byte [ebp-0x80],ah
    test byte [ebp-0x80],cl
    test byte [ebp-0x80],dh
    test byte [esp+0x80],dh
    test byte [esp+0x80],bl
    test byte [esp+0x80],al
    test byte [fs:ebx+0x4],al
    test byte [fs:ebx+0x4],ch
    test byte [fs:ebx+0x4],dl
    test byte [ecx*8+0x100],dl
    test byte [ecx*8+0x100],bh
    test byte [ecx*8+0x100],ah
    test byte [ebp],ah
    test byte [ebp],cl
    test byte [ebp],dh
    test ch,al
    test byte [ebp-0x80],al
    test cl,cl
    test byte [esp+0x80],cl
    test dl,dl
    test bh,dl
    test byte [eax],bl
    test byte [ecx*8+0x100],bl
    test ah,ah
    test ch,ch
    test byte [ebp-0x80],ch
    test cl,dh
    test bh,bh
    test byte [fs:ebx+0x4],bh
    test dl,bh
    test eax,eax
    test eax,ebp
    test ecx,edx
    test ecx,edi
    test edx,esp
    test ebx,esi
    test ebx,eax
    test esp,edx
    test ebp,esp
    test esi,ecx
    test esi,esi
    test edi,ebx
    test ax,dx
    test cx,sp
    test dx,cx
    test dx,si
    test bx,bx
    test sp,ax
    test sp,bp
    test bp,dx
    test bp,di
    test si,sp
    test di,si
    test di,ax
    test dword [eax],eax
    test dword [eax],ebp
    test word [0x1234],sp
    test dword [ebp-0x80],esp
    test word [esp+0x80],bx
    test dword [fs:ebx+0x4],edx
    test word [ecx*8+0x100],dx
    test word [ecx*8+0x100],di
    test dword [ebp],ecx
    test dword [ebp],esi
    test ebp,eax
    test ecx,ecx
    test edx,edx
    test edi,edx
    test ebx,ebx
    test esp,esp
    test ebp,ebp
    test dword [eax],esi
    test edi,edi
    test ax,ax
    test bp,ax
    test cx,cx
    test si,cx
    test word [esp+0x80],cx
    test dx,dx
    test di,dx
    test word [ecx*8+0x100],bx
    test sp,sp
    test bp,bp
    test si,si
    test word [esp+0x80],si
    test di,di
    test al,0x0
    test al,0xff
    test al,0x80
    test al,0x1
    test al,0x7f
    test al,-0x80
    test al,-0x1
    test eax,0x0
    test eax,-0x81
    test eax,0x7fffffff
    test ax,0x7f
    test ax,0x7fff
    test ax,0x0
    test ax,0x1
    test eax,0x1
    test eax,0x7f
    test ax,0x80
    test eax,0x80
    test eax,-0x80
    test ax,-0x80
    test ax,-0x81
    test eax,0xff
    test ax,0xff
    test eax,0x7fff
    test eax,0x8000
    test ax,0x8000
    test ax,0xffff
    test eax,0xffff
    test eax,0x80000000
    test eax,0xffffffff
    test eax,strict dword 0x1
    test cl,0x7f
    test cl,0x0
    test cl,0xff
    test dl,-0x80
    test dl,0x7f
    test dl,0x0
    test bl,-0x1
    test bl,-0x80
    test bl,0x7f
    test ah,0x1
    test ah,-0x1
    test ah,-0x80
    test ch,0x80
    test ch,0x1
    test ch,-0x1
    test dh,0xff
    test dh,0x80
    test dh,0x1
    test bh,0x0
    test bh,0xff
    test bh,0x80
    test byte [eax],0x7f
    test byte [eax],0x0
    test byte [eax],0xff
    test byte [0x1234],-0x80
    test byte [0x1234],0x7f
    test byte [0x1234],0x0
    test byte [ebp-0x80],-0x1
    test byte [ebp-0x80],-0x80
    test byte [ebp-0x80],0x7f
    test byte [esp+0x80],0x1
    test byte [esp+0x80],-0x1
    test byte [esp+0x80],-0x80
    test byte [fs:ebx+0x4],0x80
    test byte [fs:ebx+0x4],0x1
    test byte [fs:ebx+0x4],-0x1
    test byte [ecx*8+0x100],0xff
    test byte [ecx*8+0x100],0x80
    test byte [ecx*8+0x100],0x1
    test byte [ebp],0x0
    test byte [ebp],0xff
    test byte [ebp],0x80
    test ch,0x0
    test byte [ebp-0x80],0x0
    test cl,0x1
    test bh,0x7f
    test byte [fs:ebx+0x4],0x7f
    test bl,0x80
    test byte [eax],0x80
    test byte [ebp],-0x80
    test ch,0xff
    test byte [ebp-0x80],0xff
    test dh,-0x1
    test cl,-0x1
    test ecx,0x7f
    test ecx,0x7fff
    test ecx,0xffffffff
    test edx,-0x80
    test edx,0xffff
    test edx,0x0
    test ebx,0xff
    test ebx,0x80000000
    test ebx,0x7f
    test esp,0x8000
    test esp,strict dword 0x1
    test esp,-0x80
    test ebp,0x7fffffff
    test ebp,0x1
    test ebp,0xff
    test esi,0xffffffff
    test esi,0x80
    test esi,0x8000
    test edi,0x0
    test edi,-0x81
    test edi,0x7fffffff
    test cx,-0x80
    test cx,0xffff
    test cx,0x0
    test dx,0xff
    test dx,0x7f
    test bx,0x8000
    test bx,-0x80
    test sp,0x1
    test sp,0xff
    test bp,0x80
    test bp,0x8000
    test si,0x0
    test si,-0x81
    test di,0x7f
    test di,0x7fff
    test dword [eax],-0x80
    test dword [eax],0xffff
    test dword [eax],0x0
    test word [0x1234],0xff
    test word [0x1234],0x7f
    test dword [ebp-0x80],0x8000
    test dword [ebp-0x80],strict dword 0x1
    test dword [ebp-0x80],-0x80
    test word [esp+0x80],0x1
    test word [esp+0x80],0xff
    test dword [fs:ebx+0x4],0xffffffff
    test dword [fs:ebx+0x4],0x80
    test dword [fs:ebx+0x4],0x8000
    test word [ecx*8+0x100],0x0
    test word [ecx*8+0x100],-0x81
    test dword [ebp],0x7f
    test dword [ebp],0x7fff
    test dword [ebp],0xffffffff
    test ebp,0x0
    test dx,0x0
    test ecx,0x1
    test esi,0x1
    test bx,0x1
    test edx,0x7f
    test edi,0x7f
    test sp,0x7f
    test ebx,0x80
    test si,-0x80
    test ebp,-0x81
    test dx,-0x81
    test di,-0x81
    test esi,0xff
    test bx,0xff
    test dword [eax],0xff
    test edi,0x7fff
    test sp,0x7fff
    test word [0x1234],0x7fff
    test si,0xffff
    test word [esp+0x80],0xffff
    test dword [fs:ebx+0x4],0x7fffffff
    test dword [eax],0x80000000
    test ebx,[eax]
