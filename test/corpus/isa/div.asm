; div: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    div al
    div cl
    div dl
    div bl
    div ah
    div ch
    div dh
    div bh
    div byte [eax]
    div byte [0x1234]
    div byte [ebp-0x80]
    div byte [esp+0x80]
    div byte [fs:ebx+0x4]
    div byte [ecx*8+0x100]
    div byte [ebp]
    div eax
    div ecx
    div edx
    div ebx
    div esp
    div ebp
    div esi
    div edi
    div ax
    div cx
    div dx
    div bx
    div sp
    div bp
    div si
    div di
    div dword [eax]
    div word [0x1234]
    div dword [ebp-0x80]
    div word [esp+0x80]
    div dword [fs:ebx+0x4]
    div word [ecx*8+0x100]
    div dword [ebp]
