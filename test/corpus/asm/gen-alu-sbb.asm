; sbb with immediates of every size
bits 32
org 0x8000
label:
    sbb eax, 0
    sbb ebx, 0
    sbb dword [ebx], 0
    sbb eax, 1
    sbb ebx, 1
    sbb dword [ebx], 1
    sbb eax, -1
    sbb ebx, -1
    sbb dword [ebx], -1
    sbb eax, 127
    sbb ebx, 127
    sbb dword [ebx], 127
    sbb eax, 128
    sbb ebx, 128
    sbb dword [ebx], 128
    sbb eax, -128
    sbb ebx, -128
    sbb dword [ebx], -128
    sbb eax, -129
    sbb ebx, -129
    sbb dword [ebx], -129
    sbb eax, 0x7fffffff
    sbb ebx, 0x7fffffff
    sbb dword [ebx], 0x7fffffff
    sbb eax, 0xffffffff
    sbb ebx, 0xffffffff
    sbb dword [ebx], 0xffffffff
    sbb eax, K
    sbb ebx, K
    sbb dword [ebx], K
    sbb eax, label
    sbb ebx, label
    sbb dword [ebx], label
    sbb eax, label - $$
    sbb ebx, label - $$
    sbb dword [ebx], label - $$
    sbb al, 5
    sbb cl, -1
    sbb byte [esi], 0x7f
    sbb ax, 300
    sbb word [edi], -2
    sbb eax, ebx
    sbb [ecx], edx
    sbb edx, [ecx+4]
K equ 100
