; ret: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    ret
    ret 0x0
    ret 0x1
    ret 0x7f
    ret 0x80
    ret -0x80
    ret 0xff
    ret 0x7fff
    ret 0x8000
    ret 0xffff
    ret -0x1
