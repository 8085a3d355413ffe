; effective addresses in every written order
bits 32
org 0x400000
    mov eax, [eax*5+1]
    mov [eax*5+1], ecx
    lea edx, [eax*5+1]
    add dword [eax*5+1], 1
    mov byte [eax*5+1], 0x55
    mov eax, [data]
    mov [data], ecx
    lea edx, [data]
    add dword [data], 1
    mov byte [data], 0x55
    mov eax, [data+ebx]
    mov [data+ebx], ecx
    lea edx, [data+ebx]
    add dword [data+ebx], 1
    mov byte [data+ebx], 0x55
    mov eax, [ebx+data]
    mov [ebx+data], ecx
    lea edx, [ebx+data]
    add dword [ebx+data], 1
    mov byte [ebx+data], 0x55
    mov eax, [data+ebx*4]
    mov [data+ebx*4], ecx
    lea edx, [data+ebx*4]
    add dword [data+ebx*4], 1
    mov byte [data+ebx*4], 0x55
    mov eax, [fs:eax]
    mov [fs:eax], ecx
    lea edx, [fs:eax]
    add dword [fs:eax], 1
    mov byte [fs:eax], 0x55
    mov eax, [gs:ebx+8]
    mov [gs:ebx+8], ecx
    lea edx, [gs:ebx+8]
    add dword [gs:ebx+8], 1
    mov byte [gs:ebx+8], 0x55
    mov eax, [es:data]
    mov [es:data], ecx
    lea edx, [es:data]
    add dword [es:data], 1
    mov byte [es:data], 0x55
data: dd 0
