; call: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).
bits 32
org 0x100000
    call $+4096
    call $-4096
    call $+130
    call $-127
    call $+305419896
    call eax
    call ecx
    call edx
    call ebx
    call esp
    call ebp
    call esi
    call edi
    call ax
    call cx
    call dx
    call bx
    call sp
    call bp
    call si
    call di
    call dword [eax]
    call word [0x1234]
    call dword [ebp-0x80]
    call word [esp+0x80]
    call dword [fs:ebx+0x4]
    call word [ecx*8+0x100]
    call dword [ebp]
    call 0x8:0x1234
    call 0xffff:0xfedcba98
    call far [eax]
    call far [0x1234]
    call far [ebp-0x80]
    call far [esp+0x80]
    call far [fs:ebx+0x4]
    call far [ecx*8+0x100]
    call far [ebp]
    call [eax]
