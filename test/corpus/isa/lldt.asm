; lldt: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    lldt ax
    lldt cx
    lldt dx
    lldt bx
    lldt sp
    lldt bp
    lldt si
    lldt di
    lldt word [eax]
    lldt word [0x1234]
    lldt word [ebp-0x80]
    lldt word [esp+0x80]
    lldt word [fs:ebx+0x4]
    lldt word [ecx*8+0x100]
    lldt word [ebp]
    lldt [eax]
