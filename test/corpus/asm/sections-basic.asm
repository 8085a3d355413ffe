; .text, .data and .bss laid out as -f bin does (dword alignment between sections)
bits 32
org 0x100000
section .text
start:
    mov eax, value
    mov ebx, [value]
    mov ecx, buffer
    ret
section .data
value: dd 0x12345678
    db 1
section .bss
buffer: resb 64
section .text
    dd value, buffer, start
