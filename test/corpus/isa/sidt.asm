; sidt: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    sidt [eax]
    sidt [0x1234]
    sidt [ebp-0x80]
    sidt [esp+0x80]
    sidt [fs:ebx+0x4]
    sidt [ecx*8+0x100]
    sidt [ebp]
