; retf: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    retf
    retf 0x0
    retf 0x1
    retf 0x7f
    retf 0x80
    retf -0x80
    retf 0xff
    retf 0x7fff
    retf 0x8000
    retf 0xffff
    retf -0x1
