; invlpg: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    invlpg [eax]
    invlpg [0x1234]
    invlpg [ebp-0x80]
    invlpg [esp+0x80]
    invlpg [fs:ebx+0x4]
    invlpg [ecx*8+0x100]
    invlpg [ebp]
