; cmp with immediates of every size
bits 32
org 0x8000
label:
    cmp eax, 0
    cmp ebx, 0
    cmp dword [ebx], 0
    cmp eax, 1
    cmp ebx, 1
    cmp dword [ebx], 1
    cmp eax, -1
    cmp ebx, -1
    cmp dword [ebx], -1
    cmp eax, 127
    cmp ebx, 127
    cmp dword [ebx], 127
    cmp eax, 128
    cmp ebx, 128
    cmp dword [ebx], 128
    cmp eax, -128
    cmp ebx, -128
    cmp dword [ebx], -128
    cmp eax, -129
    cmp ebx, -129
    cmp dword [ebx], -129
    cmp eax, 0x7fffffff
    cmp ebx, 0x7fffffff
    cmp dword [ebx], 0x7fffffff
    cmp eax, 0xffffffff
    cmp ebx, 0xffffffff
    cmp dword [ebx], 0xffffffff
    cmp eax, K
    cmp ebx, K
    cmp dword [ebx], K
    cmp eax, label
    cmp ebx, label
    cmp dword [ebx], label
    cmp eax, label - $$
    cmp ebx, label - $$
    cmp dword [ebx], label - $$
    cmp al, 5
    cmp cl, -1
    cmp byte [esi], 0x7f
    cmp ax, 300
    cmp word [edi], -2
    cmp eax, ebx
    cmp [ecx], edx
    cmp edx, [ecx+4]
K equ 100
