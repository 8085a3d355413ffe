; lmsw: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    lmsw ax
    lmsw cx
    lmsw dx
    lmsw bx
    lmsw sp
    lmsw bp
    lmsw si
    lmsw di
    lmsw word [eax]
    lmsw word [0x1234]
    lmsw word [ebp-0x80]
    lmsw word [esp+0x80]
    lmsw word [fs:ebx+0x4]
    lmsw word [ecx*8+0x100]
    lmsw word [ebp]
