; dec: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    dec eax
    dec ecx
    dec edx
    dec ebx
    dec esp
    dec ebp
    dec esi
    dec edi
    dec ax
    dec cx
    dec dx
    dec bx
    dec sp
    dec bp
    dec si
    dec di
    dec al
    dec cl
    dec dl
    dec bl
    dec ah
    dec ch
    dec dh
    dec bh
    dec byte [eax]
    dec byte [0x1234]
    dec byte [ebp-0x80]
    dec byte [esp+0x80]
    dec byte [fs:ebx+0x4]
    dec byte [ecx*8+0x100]
    dec byte [ebp]
    lock dec byte [eax]
    dec dword [eax]
    dec word [0x1234]
    dec dword [ebp-0x80]
    dec word [esp+0x80]
    dec dword [fs:ebx+0x4]
    dec word [ecx*8+0x100]
    dec dword [ebp]
    lock dec dword [eax]
