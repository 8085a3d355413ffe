; 16-bit addressing with two bases: nasm rejects it ("invalid 16-bit effective address")
bits 16
    mov ax, [bx+bp]
