; setz: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setz al
    setz cl
    setz dl
    setz bl
    setz ah
    setz ch
    setz dh
    setz bh
    setz byte [eax]
    setz byte [0x1234]
    setz byte [ebp-0x80]
    setz byte [esp+0x80]
    setz byte [fs:ebx+0x4]
    setz byte [ecx*8+0x100]
    setz byte [ebp]
    setz [eax]
