; aad: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    aad 0x0
    aad 0x1
    aad 0x7f
    aad 0x80
    aad -0x80
    aad 0xff
    aad -0x1
    aad
