; sal: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    sal al,0x1
    sal al,cl
    sal al,0x0
    sal eax,0x1
    sal eax,cl
    sal eax,0x0
