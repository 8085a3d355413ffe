; verr: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    verr ax
    verr cx
    verr dx
    verr bx
    verr sp
    verr bp
    verr si
    verr di
    verr word [eax]
    verr word [0x1234]
    verr word [ebp-0x80]
    verr word [esp+0x80]
    verr word [fs:ebx+0x4]
    verr word [ecx*8+0x100]
    verr word [ebp]
