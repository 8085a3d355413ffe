; retnw: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    retnw 0x0
    retnw 0x1
    retnw 0x7f
    retnw 0x80
    retnw -0x80
    retnw 0xff
    retnw 0x7fff
    retnw 0x8000
    retnw 0xffff
    retnw -0x1
