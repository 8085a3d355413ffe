; jz: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jz $+2
    jz $+129
    jz $-126
    jz $+0
    jz $+3
    jz $+4096
    jz $-4096
    jz $+130
    jz $-127
    jz $+305419896
    jz near $+2
