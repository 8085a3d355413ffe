; 16-bit addressing: every r/m form, with the displacement sizes nasm picks (bits 16, and a16/0x67 in bits 32)
bits 16
org 0x7c00
start:
    mov ax, [bx+si]
    mov ax, [bx+di]
    mov ax, [bp+si]
    mov ax, [bp+di]
    mov ax, [si+bx]
    mov ax, [di+bp]
    mov ax, [si]
    mov ax, [di]
    mov ax, [bp]
    mov ax, [bx]
    mov ax, [bx+0]
    mov ax, [bp+0]
    mov cx, [bp+di+4]
    mov dx, [bp+si-2]
    mov bl, [bx+si+127]
    mov bl, [bx+si+128]
    mov bl, [bx+si-128]
    mov bl, [bx+si-129]
    mov ax, [si+0x1234]
    mov ax, [di-0x1234]
    mov ax, [0x1234]
    mov cx, [0x1234]
    mov al, [0x12]
    mov [0x5678], ax
    mov ax, [di+data]
    mov ax, [bx+si+data+2]
    mov ax, [data]
    mov cx, [data]
    mov ax, [bx+fwd]
    mov ax, [word bx+1]
    mov ax, [byte bp+1]
    mov ax, [es:bp+si]
    mov ax, [cs:bx]
    mov ax, [ss:0x10]
    mov byte [bx], 1
    mov word [bp+2], 0x1234
    add word [si], 5
    inc byte [di+3]
    lea si, [bx+di+10]
    lea ax, [bp]
    mov eax, [bx+si]
    mov ax, [eax]
    mov ax, [esp+4]
    jmp [bx]
    call [bp+di]
    jmp far [bp+4]
    call far [si]
    push word [bx+2]
    pop word [di]
    lgdt [gdt_desc]
    lidt [bx]
    les bx, [bp+8]
    xchg ax, [bx+si]
    test [bp+di+1], cl
    shl word [bx], 1
    mov [2*bx-bx], ax
    mov ax, [bx+si+fwd]
    jmp .next
.next:
    a32 mov ax, [0x1234]
    a32 lgdt [gdt_desc]
    ; a displacement size on a bare address: byte keeps ModRM (no moffs), word/dword pick the address size
    mov ax, [byte 0x12]
    mov ax, [word 0x12]
    mov cx, [dword 0x12]
    mov ax, [dword 0x12]
    lgdt [dword 0x12]
bits 32
    a16 mov eax, [bx+si]
    mov eax, [bx+si+8]
    mov eax, [bp]
    mov ecx, [si]
    a16 lgdt [gdt_desc]
    a16 mov al, [0x12]
    mov al, [0x12]
    a16 mov eax, [0x1234]
    mov dword [di+4], 7
    mov eax, [data]
    mov eax, [byte 0x12]
    mov eax, [word 0x12]
    mov eax, [dword 0x12]
    mov ecx, [word 0x12]
    a16 mov eax, [byte 0x12]
gdt_desc:
    dw 23
    dd 0
data:
    dw 1, 2, 3
fwd equ 0x40
