; sets: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    sets al
    sets cl
    sets dl
    sets bl
    sets ah
    sets ch
    sets dh
    sets bh
    sets byte [eax]
    sets byte [0x1234]
    sets byte [ebp-0x80]
    sets byte [esp+0x80]
    sets byte [fs:ebx+0x4]
    sets byte [ecx*8+0x100]
    sets byte [ebp]
