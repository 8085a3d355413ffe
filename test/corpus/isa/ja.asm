; ja: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    ja $+2
    ja $+129
    ja $-126
    ja $+0
    ja $+3
    ja $+4096
    ja $-4096
    ja $+130
    ja $-127
    ja $+305419896
    ja near $+2
