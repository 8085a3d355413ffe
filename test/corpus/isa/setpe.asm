; setpe: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setpe al
    setpe cl
    setpe dl
    setpe bl
    setpe ah
    setpe ch
    setpe dh
    setpe bh
    setpe byte [eax]
    setpe byte [0x1234]
    setpe byte [ebp-0x80]
    setpe byte [esp+0x80]
    setpe byte [fs:ebx+0x4]
    setpe byte [ecx*8+0x100]
    setpe byte [ebp]
