; vmptrst: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    vmptrst [eax]
    vmptrst [0x1234]
    vmptrst [ebp-0x80]
    vmptrst [esp+0x80]
    vmptrst [fs:ebx+0x4]
    vmptrst [ecx*8+0x100]
    vmptrst [ebp]
