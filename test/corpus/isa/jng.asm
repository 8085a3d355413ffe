; jng: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jng $+2
    jng $+129
    jng $-126
    jng $+0
    jng $+3
    jng $+4096
    jng $-4096
    jng $+130
    jng $-127
    jng $+305419896
    jng near $+2
