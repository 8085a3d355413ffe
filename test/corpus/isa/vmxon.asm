; vmxon: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    vmxon [eax]
    vmxon [0x1234]
    vmxon [ebp-0x80]
    vmxon [esp+0x80]
    vmxon [fs:ebx+0x4]
    vmxon [ecx*8+0x100]
    vmxon [ebp]
