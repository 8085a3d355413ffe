; loope: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    loope $+2
    loope $+129
    loope $-126
    loope $+0
    loope $+3
