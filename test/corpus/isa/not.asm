; not: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    not al
    not cl
    not dl
    not bl
    not ah
    not ch
    not dh
    not bh
    not byte [eax]
    not byte [0x1234]
    not byte [ebp-0x80]
    not byte [esp+0x80]
    not byte [fs:ebx+0x4]
    not byte [ecx*8+0x100]
    not byte [ebp]
    lock not byte [eax]
    not eax
    not ecx
    not edx
    not ebx
    not esp
    not ebp
    not esi
    not edi
    not ax
    not cx
    not dx
    not bx
    not sp
    not bp
    not si
    not di
    not dword [eax]
    not word [0x1234]
    not dword [ebp-0x80]
    not word [esp+0x80]
    not dword [fs:ebx+0x4]
    not word [ecx*8+0x100]
    not dword [ebp]
    lock not dword [eax]
