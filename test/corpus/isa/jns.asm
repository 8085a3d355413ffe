; jns: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jns $+2
    jns $+129
    jns $-126
    jns $+0
    jns $+3
    jns $+4096
    jns $-4096
    jns $+130
    jns $-127
    jns $+305419896
    jns near $+2
