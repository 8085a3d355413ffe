; or with immediates of every size
bits 32
org 0x8000
label:
    or eax, 0
    or ebx, 0
    or dword [ebx], 0
    or eax, 1
    or ebx, 1
    or dword [ebx], 1
    or eax, -1
    or ebx, -1
    or dword [ebx], -1
    or eax, 127
    or ebx, 127
    or dword [ebx], 127
    or eax, 128
    or ebx, 128
    or dword [ebx], 128
    or eax, -128
    or ebx, -128
    or dword [ebx], -128
    or eax, -129
    or ebx, -129
    or dword [ebx], -129
    or eax, 0x7fffffff
    or ebx, 0x7fffffff
    or dword [ebx], 0x7fffffff
    or eax, 0xffffffff
    or ebx, 0xffffffff
    or dword [ebx], 0xffffffff
    or eax, K
    or ebx, K
    or dword [ebx], K
    or eax, label
    or ebx, label
    or dword [ebx], label
    or eax, label - $$
    or ebx, label - $$
    or dword [ebx], label - $$
    or al, 5
    or cl, -1
    or byte [esi], 0x7f
    or ax, 300
    or word [edi], -2
    or eax, ebx
    or [ecx], edx
    or edx, [ecx+4]
K equ 100
