; jnl: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jnl $+2
    jnl $+129
    jnl $-126
    jnl $+0
    jnl $+3
    jnl $+4096
    jnl $-4096
    jnl $+130
    jnl $-127
    jnl $+305419896
    jnl near $+2
