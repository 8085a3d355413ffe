; classic boot sector skeleton: 510 bytes padded, 0xAA55 signature
bits 16
org 0x7c00
start:
    jmp short begin
    nop
oem: db 'VIRTLAB '
begin:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    mov si, message
.print:
    lodsb
    or al, al
    jz .done
    mov ah, 0x0e
    int 0x10
    jmp .print
.done:
    hlt
    jmp .done
message: db 'Booting virtlab...', 13, 10, 0
    times 510 - ($ - $$) db 0
    dw 0xaa55
