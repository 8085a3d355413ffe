; setl: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setl al
    setl cl
    setl dl
    setl bl
    setl ah
    setl ch
    setl dh
    setl bh
    setl byte [eax]
    setl byte [0x1234]
    setl byte [ebp-0x80]
    setl byte [esp+0x80]
    setl byte [fs:ebx+0x4]
    setl byte [ecx*8+0x100]
    setl byte [ebp]
