; idiv: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    idiv al
    idiv cl
    idiv dl
    idiv bl
    idiv ah
    idiv ch
    idiv dh
    idiv bh
    idiv byte [eax]
    idiv byte [0x1234]
    idiv byte [ebp-0x80]
    idiv byte [esp+0x80]
    idiv byte [fs:ebx+0x4]
    idiv byte [ecx*8+0x100]
    idiv byte [ebp]
    idiv eax
    idiv ecx
    idiv edx
    idiv ebx
    idiv esp
    idiv ebp
    idiv esi
    idiv edi
    idiv ax
    idiv cx
    idiv dx
    idiv bx
    idiv sp
    idiv bp
    idiv si
    idiv di
    idiv dword [eax]
    idiv word [0x1234]
    idiv dword [ebp-0x80]
    idiv word [esp+0x80]
    idiv dword [fs:ebx+0x4]
    idiv word [ecx*8+0x100]
    idiv dword [ebp]
