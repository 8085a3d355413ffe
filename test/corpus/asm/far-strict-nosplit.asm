; far jumps and calls, strict sizes, nosplit, explicit displacement sizes
bits 32
org 0x100000
start:
    jmp 0x08:entry
    call 0x10:entry
    jmp far [farptr]
    call far [farptr]
entry:
    add eax, strict dword 1
    push strict dword 5
    push strict word 5
    push byte 5
    add ebx, byte -1
    mov eax, [nosplit eax*2]
    mov eax, [eax*2]
    mov eax, [eax*1]
    mov eax, [byte ebx + 4]
    mov eax, [dword ebx + 4]
    mov eax, [dword ebx]
    mov eax, [ebp]
    jmp near entry
    jmp short entry
farptr: dd entry
    dw 0x08
