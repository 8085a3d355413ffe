; int: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    int 0x0
    int 0x1
    int 0x7f
    int 0x80
    int -0x80
    int 0xff
    int -0x1
