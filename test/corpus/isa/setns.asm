; setns: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setns al
    setns cl
    setns dl
    setns bl
    setns ah
    setns ch
    setns dh
    setns bh
    setns byte [eax]
    setns byte [0x1234]
    setns byte [ebp-0x80]
    setns byte [esp+0x80]
    setns byte [fs:ebx+0x4]
    setns byte [ecx*8+0x100]
    setns byte [ebp]
