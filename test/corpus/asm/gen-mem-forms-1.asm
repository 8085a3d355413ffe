; effective addresses in every written order
bits 32
org 0x400000
    mov eax, [esp+8]
    mov [esp+8], ecx
    lea edx, [esp+8]
    add dword [esp+8], 1
    mov byte [esp+8], 0x55
    mov eax, [eax*2]
    mov [eax*2], ecx
    lea edx, [eax*2]
    add dword [eax*2], 1
    mov byte [eax*2], 0x55
    mov eax, [eax*4+8]
    mov [eax*4+8], ecx
    lea edx, [eax*4+8]
    add dword [eax*4+8], 1
    mov byte [eax*4+8], 0x55
    mov eax, [ebx+ecx*4]
    mov [ebx+ecx*4], ecx
    lea edx, [ebx+ecx*4]
    add dword [ebx+ecx*4], 1
    mov byte [ebx+ecx*4], 0x55
    mov eax, [ecx*4+ebx]
    mov [ecx*4+ebx], ecx
    lea edx, [ecx*4+ebx]
    add dword [ecx*4+ebx], 1
    mov byte [ecx*4+ebx], 0x55
    mov eax, [4+ebx+ecx*8]
    mov [4+ebx+ecx*8], ecx
    lea edx, [4+ebx+ecx*8]
    add dword [4+ebx+ecx*8], 1
    mov byte [4+ebx+ecx*8], 0x55
    mov eax, [ebx+ecx+12]
    mov [ebx+ecx+12], ecx
    lea edx, [ebx+ecx+12]
    add dword [ebx+ecx+12], 1
    mov byte [ebx+ecx+12], 0x55
    mov eax, [eax*3]
    mov [eax*3], ecx
    lea edx, [eax*3]
    add dword [eax*3], 1
    mov byte [eax*3], 0x55
data: dd 0
