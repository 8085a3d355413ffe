; lgdt: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    lgdt [eax]
    lgdt [0x1234]
    lgdt [ebp-0x80]
    lgdt [esp+0x80]
    lgdt [fs:ebx+0x4]
    lgdt [ecx*8+0x100]
    lgdt [ebp]
