; add with immediates of every size
bits 32
org 0x8000
label:
    add eax, 0
    add ebx, 0
    add dword [ebx], 0
    add eax, 1
    add ebx, 1
    add dword [ebx], 1
    add eax, -1
    add ebx, -1
    add dword [ebx], -1
    add eax, 127
    add ebx, 127
    add dword [ebx], 127
    add eax, 128
    add ebx, 128
    add dword [ebx], 128
    add eax, -128
    add ebx, -128
    add dword [ebx], -128
    add eax, -129
    add ebx, -129
    add dword [ebx], -129
    add eax, 0x7fffffff
    add ebx, 0x7fffffff
    add dword [ebx], 0x7fffffff
    add eax, 0xffffffff
    add ebx, 0xffffffff
    add dword [ebx], 0xffffffff
    add eax, K
    add ebx, K
    add dword [ebx], K
    add eax, label
    add ebx, label
    add dword [ebx], label
    add eax, label - $$
    add ebx, label - $$
    add dword [ebx], label - $$
    add al, 5
    add cl, -1
    add byte [esi], 0x7f
    add ax, 300
    add word [edi], -2
    add eax, ebx
    add [ecx], edx
    add edx, [ecx+4]
K equ 100
