; setc: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setc al
    setc cl
    setc dl
    setc bl
    setc ah
    setc ch
    setc dh
    setc bh
    setc byte [eax]
    setc byte [0x1234]
    setc byte [ebp-0x80]
    setc byte [esp+0x80]
    setc byte [fs:ebx+0x4]
    setc byte [ecx*8+0x100]
    setc byte [ebp]
