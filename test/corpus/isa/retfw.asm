; retfw: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    retfw
    retfw 0x0
    retfw 0x1
    retfw 0x7f
    retfw 0x80
    retfw -0x80
    retfw 0xff
    retfw 0x7fff
    retfw 0x8000
    retfw 0xffff
    retfw -0x1
