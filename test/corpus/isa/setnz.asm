; setnz: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setnz al
    setnz cl
    setnz dl
    setnz bl
    setnz ah
    setnz ch
    setnz dh
    setnz bh
    setnz byte [eax]
    setnz byte [0x1234]
    setnz byte [ebp-0x80]
    setnz byte [esp+0x80]
    setnz byte [fs:ebx+0x4]
    setnz byte [ecx*8+0x100]
    setnz byte [ebp]
