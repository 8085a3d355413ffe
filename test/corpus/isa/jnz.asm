; jnz: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jnz $+2
    jnz $+129
    jnz $-126
    jnz $+0
    jnz $+3
    jnz $+4096
    jnz $-4096
    jnz $+130
    jnz $-127
    jnz $+305419896
    jnz near $+2
