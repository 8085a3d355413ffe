; jl: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    jl $+2
    jl $+129
    jl $-126
    jl $+0
    jl $+3
    jl $+4096
    jl $-4096
    jl $+130
    jl $-127
    jl $+305419896
    jl near $+2
