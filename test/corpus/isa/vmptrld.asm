; vmptrld: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    vmptrld [eax]
    vmptrld [0x1234]
    vmptrld [ebp-0x80]
    vmptrld [esp+0x80]
    vmptrld [fs:ebx+0x4]
    vmptrld [ecx*8+0x100]
    vmptrld [ebp]
