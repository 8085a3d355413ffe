; effective addresses in every written order
bits 32
org 0x400000
    mov eax, [byte eax+1]
    mov [byte eax+1], ecx
    lea edx, [byte eax+1]
    add dword [byte eax+1], 1
    mov byte [byte eax+1], 0x55
    mov eax, [dword eax+1]
    mov [dword eax+1], ecx
    lea edx, [dword eax+1]
    add dword [dword eax+1], 1
    mov byte [dword eax+1], 0x55
    mov eax, [0x1000]
    mov [0x1000], ecx
    lea edx, [0x1000]
    add dword [0x1000], 1
    mov byte [0x1000], 0x55
    mov eax, [eax+ebx*2+0x12345678]
    mov [eax+ebx*2+0x12345678], ecx
    lea edx, [eax+ebx*2+0x12345678]
    add dword [eax+ebx*2+0x12345678], 1
    mov byte [eax+ebx*2+0x12345678], 0x55
    mov eax, [ebp-8]
    mov [ebp-8], ecx
    lea edx, [ebp-8]
    add dword [ebp-8], 1
    mov byte [ebp-8], 0x55
    mov eax, [ebx+(3*4)]
    mov [ebx+(3*4)], ecx
    lea edx, [ebx+(3*4)]
    add dword [ebx+(3*4)], 1
    mov byte [ebx+(3*4)], 0x55
    mov eax, [ebx+data-data]
    mov [ebx+data-data], ecx
    lea edx, [ebx+data-data]
    add dword [ebx+data-data], 1
    mov byte [ebx+data-data], 0x55
data: dd 0
