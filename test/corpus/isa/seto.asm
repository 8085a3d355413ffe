; seto: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    seto al
    seto cl
    seto dl
    seto bl
    seto ah
    seto ch
    seto dh
    seto bh
    seto byte [eax]
    seto byte [0x1234]
    seto byte [ebp-0x80]
    seto byte [esp+0x80]
    seto byte [fs:ebx+0x4]
    seto byte [ecx*8+0x100]
    seto byte [ebp]
