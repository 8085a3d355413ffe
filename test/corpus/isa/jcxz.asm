; jcxz: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jcxz $+3
    jcxz $+130
    jcxz $-125
    jcxz $+0
    jcxz $+4
