; setng: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setng al
    setng cl
    setng dl
    setng bl
    setng ah
    setng ch
    setng dh
    setng bh
    setng byte [eax]
    setng byte [0x1234]
    setng byte [ebp-0x80]
    setng byte [esp+0x80]
    setng byte [fs:ebx+0x4]
    setng byte [ecx*8+0x100]
    setng byte [ebp]
