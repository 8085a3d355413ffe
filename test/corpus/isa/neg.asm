; neg: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    neg al
    neg cl
    neg dl
    neg bl
    neg ah
    neg ch
    neg dh
    neg bh
    neg byte [eax]
    neg byte [0x1234]
    neg byte [ebp-0x80]
    neg byte [esp+0x80]
    neg byte [fs:ebx+0x4]
    neg byte [ecx*8+0x100]
    neg byte [ebp]
    lock neg byte [eax]
    neg eax
    neg ecx
    neg edx
    neg ebx
    neg esp
    neg ebp
    neg esi
    neg edi
    neg ax
    neg cx
    neg dx
    neg bx
    neg sp
    neg bp
    neg si
    neg di
    neg dword [eax]
    neg word [0x1234]
    neg dword [ebp-0x80]
    neg word [esp+0x80]
    neg dword [fs:ebx+0x4]
    neg word [ecx*8+0x100]
    neg dword [ebp]
    lock neg dword [eax]
