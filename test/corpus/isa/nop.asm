; nop: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    nop
    nop eax
    nop ecx
    nop edx
    nop ebx
    nop esp
    nop ebp
    nop esi
    nop edi
    nop ax
    nop cx
    nop dx
    nop bx
    nop sp
    nop bp
    nop si
    nop di
    nop dword [eax]
    nop word [0x1234]
    nop dword [ebp-0x80]
    nop word [esp+0x80]
    nop dword [fs:ebx+0x4]
    nop word [ecx*8+0x100]
    nop dword [ebp]
