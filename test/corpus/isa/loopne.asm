; loopne: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    loopne $+2
    loopne $+129
    loopne $-126
    loopne $+0
    loopne $+3
