; push and mov with constants and addresses
bits 32
org 0x100000
here:
    push 1
    push -1
    push 200
    push here
    push dword 1
    push word 1
    push eax
    push dword [eax]
    push K
    push here - $$
    mov eax, here
    mov eax, K
    mov byte [eax], K
    imul eax, ebx, 3
    imul eax, ebx, 300
    imul eax, 9
    pop ecx
    pop dword [ecx]
K equ 42
