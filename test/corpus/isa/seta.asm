; seta: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    seta al
    seta cl
    seta dl
    seta bl
    seta ah
    seta ch
    seta dh
    seta bh
    seta byte [eax]
    seta byte [0x1234]
    seta byte [ebp-0x80]
    seta byte [esp+0x80]
    seta byte [fs:ebx+0x4]
    seta byte [ecx*8+0x100]
    seta byte [ebp]
