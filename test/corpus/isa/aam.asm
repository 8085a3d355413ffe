; aam: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    aam 0x0
    aam 0x1
    aam 0x7f
    aam 0x80
    aam -0x80
    aam 0xff
    aam -0x1
    aam
