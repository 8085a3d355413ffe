; setnc: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setnc al
    setnc cl
    setnc dl
    setnc bl
    setnc ah
    setnc ch
    setnc dh
    setnc bh
    setnc byte [eax]
    setnc byte [0x1234]
    setnc byte [ebp-0x80]
    setnc byte [esp+0x80]
    setnc byte [fs:ebx+0x4]
    setnc byte [ecx*8+0x100]
    setnc byte [ebp]
