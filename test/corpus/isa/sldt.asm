; sldt: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    sldt eax
    sldt ecx
    sldt edx
    sldt ebx
    sldt esp
    sldt ebp
    sldt esi
    sldt edi
    sldt ax
    sldt cx
    sldt dx
    sldt bx
    sldt sp
    sldt bp
    sldt si
    sldt di
    sldt [eax]
    sldt word [0x1234]
    sldt [ebp-0x80]
    sldt word [esp+0x80]
    sldt [fs:ebx+0x4]
    sldt word [ecx*8+0x100]
    sldt [ebp]
