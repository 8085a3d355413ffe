; setpo: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setpo al
    setpo cl
    setpo dl
    setpo bl
    setpo ah
    setpo ch
    setpo dh
    setpo bh
    setpo byte [eax]
    setpo byte [0x1234]
    setpo byte [ebp-0x80]
    setpo byte [esp+0x80]
    setpo byte [fs:ebx+0x4]
    setpo byte [ecx*8+0x100]
    setpo byte [ebp]
