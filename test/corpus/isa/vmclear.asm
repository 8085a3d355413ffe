; vmclear: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    vmclear [eax]
    vmclear [0x1234]
    vmclear [ebp-0x80]
    vmclear [esp+0x80]
    vmclear [fs:ebx+0x4]
    vmclear [ecx*8+0x100]
    vmclear [ebp]
