; jna: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jna $+2
    jna $+129
    jna $-126
    jna $+0
    jna $+3
    jna $+4096
    jna $-4096
    jna $+130
    jna $-127
    jna $+305419896
    jna near $+2
