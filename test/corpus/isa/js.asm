; js: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    js $+2
    js $+129
    js $-126
    js $+0
    js $+3
    js $+4096
    js $-4096
    js $+130
    js $-127
    js $+305419896
    js near $+2
