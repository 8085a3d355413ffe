; mul: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    mul al
    mul cl
    mul dl
    mul bl
    mul ah
    mul ch
    mul dh
    mul bh
    mul byte [eax]
    mul byte [0x1234]
    mul byte [ebp-0x80]
    mul byte [esp+0x80]
    mul byte [fs:ebx+0x4]
    mul byte [ecx*8+0x100]
    mul byte [ebp]
    mul eax
    mul ecx
    mul edx
    mul ebx
    mul esp
    mul ebp
    mul esi
    mul edi
    mul ax
    mul cx
    mul dx
    mul bx
    mul sp
    mul bp
    mul si
    mul di
    mul dword [eax]
    mul word [0x1234]
    mul dword [ebp-0x80]
    mul word [esp+0x80]
    mul dword [fs:ebx+0x4]
    mul word [ecx*8+0x100]
    mul dword [ebp]
