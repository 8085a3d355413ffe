; ltr: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    ltr ax
    ltr cx
    ltr dx
    ltr bx
    ltr sp
    ltr bp
    ltr si
    ltr di
    ltr word [eax]
    ltr word [0x1234]
    ltr word [ebp-0x80]
    ltr word [esp+0x80]
    ltr word [fs:ebx+0x4]
    ltr word [ecx*8+0x100]
    ltr word [ebp]
