; and with immediates of every size
bits 32
org 0x8000
label:
    and eax, 0
    and ebx, 0
    and dword [ebx], 0
    and eax, 1
    and ebx, 1
    and dword [ebx], 1
    and eax, -1
    and ebx, -1
    and dword [ebx], -1
    and eax, 127
    and ebx, 127
    and dword [ebx], 127
    and eax, 128
    and ebx, 128
    and dword [ebx], 128
    and eax, -128
    and ebx, -128
    and dword [ebx], -128
    and eax, -129
    and ebx, -129
    and dword [ebx], -129
    and eax, 0x7fffffff
    and ebx, 0x7fffffff
    and dword [ebx], 0x7fffffff
    and eax, 0xffffffff
    and ebx, 0xffffffff
    and dword [ebx], 0xffffffff
    and eax, K
    and ebx, K
    and dword [ebx], K
    and eax, label
    and ebx, label
    and dword [ebx], label
    and eax, label - $$
    and ebx, label - $$
    and dword [ebx], label - $$
    and al, 5
    and cl, -1
    and byte [esi], 0x7f
    and ax, 300
    and word [edi], -2
    and eax, ebx
    and [ecx], edx
    and edx, [ecx+4]
K equ 100
