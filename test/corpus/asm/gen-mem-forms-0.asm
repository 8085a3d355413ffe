; effective addresses in every written order
bits 32
org 0x400000
    mov eax, [eax]
    mov [eax], ecx
    lea edx, [eax]
    add dword [eax], 1
    mov byte [eax], 0x55
    mov eax, [ebx+4]
    mov [ebx+4], ecx
    lea edx, [ebx+4]
    add dword [ebx+4], 1
    mov byte [ebx+4], 0x55
    mov eax, [ecx-4]
    mov [ecx-4], ecx
    lea edx, [ecx-4]
    add dword [ecx-4], 1
    mov byte [ecx-4], 0x55
    mov eax, [edx+0x80]
    mov [edx+0x80], ecx
    lea edx, [edx+0x80]
    add dword [edx+0x80], 1
    mov byte [edx+0x80], 0x55
    mov eax, [esi+127]
    mov [esi+127], ecx
    lea edx, [esi+127]
    add dword [esi+127], 1
    mov byte [esi+127], 0x55
    mov eax, [edi+128]
    mov [edi+128], ecx
    lea edx, [edi+128]
    add dword [edi+128], 1
    mov byte [edi+128], 0x55
    mov eax, [ebp]
    mov [ebp], ecx
    lea edx, [ebp]
    add dword [ebp], 1
    mov byte [ebp], 0x55
    mov eax, [esp]
    mov [esp], ecx
    lea edx, [esp]
    add dword [esp], 1
    mov byte [esp], 0x55
data: dd 0
