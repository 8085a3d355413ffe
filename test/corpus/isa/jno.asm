; jno: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jno $+2
    jno $+129
    jno $-126
    jno $+0
    jno $+3
    jno $+4096
    jno $-4096
    jno $+130
    jno $-127
    jno $+305419896
    jno near $+2
