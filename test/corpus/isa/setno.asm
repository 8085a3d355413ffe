; setno: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    setno al
    setno cl
    setno dl
    setno bl
    setno ah
    setno ch
    setno dh
    setno bh
    setno byte [eax]
    setno byte [0x1234]
    setno byte [ebp-0x80]
    setno byte [esp+0x80]
    setno byte [fs:ebx+0x4]
    setno byte [ecx*8+0x100]
    setno byte [ebp]
