; jecxz: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jecxz $+2
    jecxz $+129
    jecxz $-126
    jecxz $+0
    jecxz $+3
