; lidt: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    lidt [eax]
    lidt [0x1234]
    lidt [ebp-0x80]
    lidt [esp+0x80]
    lidt [fs:ebx+0x4]
    lidt [ecx*8+0x100]
    lidt [ebp]
