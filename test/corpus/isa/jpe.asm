; jpe: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jpe $+2
    jpe $+129
    jpe $-126
    jpe $+0
    jpe $+3
    jpe $+4096
    jpe $-4096
    jpe $+130
    jpe $-127
    jpe $+305419896
    jpe near $+2
