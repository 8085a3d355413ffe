; setna: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setna al
    setna cl
    setna dl
    setna bl
    setna ah
    setna ch
    setna dh
    setna bh
    setna byte [eax]
    setna byte [0x1234]
    setna byte [ebp-0x80]
    setna byte [esp+0x80]
    setna byte [fs:ebx+0x4]
    setna byte [ecx*8+0x100]
    setna byte [ebp]
