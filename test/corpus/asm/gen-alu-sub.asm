; sub with immediates of every size
bits 32
org 0x8000
label:
    sub eax, 0
    sub ebx, 0
    sub dword [ebx], 0
    sub eax, 1
    sub ebx, 1
    sub dword [ebx], 1
    sub eax, -1
    sub ebx, -1
    sub dword [ebx], -1
    sub eax, 127
    sub ebx, 127
    sub dword [ebx], 127
    sub eax, 128
    sub ebx, 128
    sub dword [ebx], 128
    sub eax, -128
    sub ebx, -128
    sub dword [ebx], -128
    sub eax, -129
    sub ebx, -129
    sub dword [ebx], -129
    sub eax, 0x7fffffff
    sub ebx, 0x7fffffff
    sub dword [ebx], 0x7fffffff
    sub eax, 0xffffffff
    sub ebx, 0xffffffff
    sub dword [ebx], 0xffffffff
    sub eax, K
    sub ebx, K
    sub dword [ebx], K
    sub eax, label
    sub ebx, label
    sub dword [ebx], label
    sub eax, label - $$
    sub ebx, label - $$
    sub dword [ebx], label - $$
    sub al, 5
    sub cl, -1
    sub byte [esi], 0x7f
    sub ax, 300
    sub word [edi], -2
    sub eax, ebx
    sub [ecx], edx
    sub edx, [ecx+4]
K equ 100
