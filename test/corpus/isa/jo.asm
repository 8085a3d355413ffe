; jo: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jo $+2
    jo $+129
    jo $-126
    jo $+0
    jo $+3
    jo $+4096
    jo $-4096
    jo $+130
    jo $-127
    jo $+305419896
    jo near $+2
