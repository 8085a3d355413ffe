; setg: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setg al
    setg cl
    setg dl
    setg bl
    setg ah
    setg ch
    setg dh
    setg bh
    setg byte [eax]
    setg byte [0x1234]
    setg byte [ebp-0x80]
    setg byte [esp+0x80]
    setg byte [fs:ebx+0x4]
    setg byte [ecx*8+0x100]
    setg byte [ebp]
