; jc: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jc $+2
    jc $+129
    jc $-126
    jc $+0
    jc $+3
    jc $+4096
    jc $-4096
    jc $+130
    jc $-127
    jc $+305419896
    jc near $+2
