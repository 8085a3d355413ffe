; adc with immediates of every size
bits 32
org 0x8000
label:
    adc eax, 0
    adc ebx, 0
    adc dword [ebx], 0
    adc eax, 1
    adc ebx, 1
    adc dword [ebx], 1
    adc eax, -1
    adc ebx, -1
    adc dword [ebx], -1
    adc eax, 127
    adc ebx, 127
    adc dword [ebx], 127
    adc eax, 128
    adc ebx, 128
    adc dword [ebx], 128
    adc eax, -128
    adc ebx, -128
    adc dword [ebx], -128
    adc eax, -129
    adc ebx, -129
    adc dword [ebx], -129
    adc eax, 0x7fffffff
    adc ebx, 0x7fffffff
    adc dword [ebx], 0x7fffffff
    adc eax, 0xffffffff
    adc ebx, 0xffffffff
    adc dword [ebx], 0xffffffff
    adc eax, K
    adc ebx, K
    adc dword [ebx], K
    adc eax, label
    adc ebx, label
    adc dword [ebx], label
    adc eax, label - $$
    adc ebx, label - $$
    adc dword [ebx], label - $$
    adc al, 5
    adc cl, -1
    adc byte [esi], 0x7f
    adc ax, 300
    adc word [edi], -2
    adc eax, ebx
    adc [ecx], edx
    adc edx, [ecx+4]
K equ 100
