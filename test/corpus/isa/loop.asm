; loop: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    loop $+2
    loop $+129
    loop $-126
    loop $+0
    loop $+3
