; a 16-bit stub that switches to protected mode, then 32-bit code (mixed BITS in one section)
bits 16
org 0x7c00
start16:
    cli
    xor ax, ax
    mov ds, ax
    lgdt [gdt_desc]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp 0x08:start32
align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF
    dq 0x00CF92000000FFFF
gdt_end:
gdt_desc:
    dw gdt_end - gdt - 1
    dd gdt
bits 32
start32:
    mov ax, 0x10
    mov ds, ax
    mov ss, ax
    mov esp, 0x90000
    mov byte [0xb8000], 'P'
    mov byte [0xb8001], 0x1f
.hang:
    hlt
    jmp .hang
    times 510 - ($ - $$) db 0
    dw 0xAA55
