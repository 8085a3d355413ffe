; setnl: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setnl al
    setnl cl
    setnl dl
    setnl bl
    setnl ah
    setnl ch
    setnl dh
    setnl bh
    setnl byte [eax]
    setnl byte [0x1234]
    setnl byte [ebp-0x80]
    setnl byte [esp+0x80]
    setnl byte [fs:ebx+0x4]
    setnl byte [ecx*8+0x100]
    setnl byte [ebp]
