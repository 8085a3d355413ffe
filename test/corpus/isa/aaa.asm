; aaa: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    aaa
