; jg: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jg $+2
    jg $+129
    jg $-126
    jg $+0
    jg $+3
    jg $+4096
    jg $-4096
    jg $+130
    jg $-127
    jg $+305419896
    jg near $+2
