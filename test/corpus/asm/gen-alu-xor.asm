; xor with immediates of every size
bits 32
org 0x8000
label:
    xor eax, 0
    xor ebx, 0
    xor dword [ebx], 0
    xor eax, 1
    xor ebx, 1
    xor dword [ebx], 1
    xor eax, -1
    xor ebx, -1
    xor dword [ebx], -1
    xor eax, 127
    xor ebx, 127
    xor dword [ebx], 127
    xor eax, 128
    xor ebx, 128
    xor dword [ebx], 128
    xor eax, -128
    xor ebx, -128
    xor dword [ebx], -128
    xor eax, -129
    xor ebx, -129
    xor dword [ebx], -129
    xor eax, 0x7fffffff
    xor ebx, 0x7fffffff
    xor dword [ebx], 0x7fffffff
    xor eax, 0xffffffff
    xor ebx, 0xffffffff
    xor dword [ebx], 0xffffffff
    xor eax, K
    xor ebx, K
    xor dword [ebx], K
    xor eax, label
    xor ebx, label
    xor dword [ebx], label
    xor eax, label - $$
    xor ebx, label - $$
    xor dword [ebx], label - $$
    xor al, 5
    xor cl, -1
    xor byte [esi], 0x7f
    xor ax, 300
    xor word [edi], -2
    xor eax, ebx
    xor [ecx], edx
    xor edx, [ecx+4]
K equ 100
