; jnc: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jnc $+2
    jnc $+129
    jnc $-126
    jnc $+0
    jnc $+3
    jnc $+4096
    jnc $-4096
    jnc $+130
    jnc $-127
    jnc $+305419896
    jnc near $+2
