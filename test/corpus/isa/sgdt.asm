; sgdt: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    sgdt [eax]
    sgdt [0x1234]
    sgdt [ebp-0x80]
    sgdt [esp+0x80]
    sgdt [fs:ebx+0x4]
    sgdt [ecx*8+0x100]
    sgdt [ebp]
