; 16-bit addressing has no 32-bit displacement: nasm rejects [dword bx+1] ("invalid 16-bit effective address")
bits 16
    mov ax, [dword bx+1]
