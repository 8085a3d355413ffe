; verw: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    verw ax
    verw cx
    verw dx
    verw bx
    verw sp
    verw bp
    verw si
    verw di
    verw word [eax]
    verw word [0x1234]
    verw word [ebp-0x80]
    verw word [esp+0x80]
    verw word [fs:ebx+0x4]
    verw word [ecx*8+0x100]
    verw word [ebp]
