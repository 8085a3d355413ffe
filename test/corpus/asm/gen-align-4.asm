; align 4 (NOP padding) and alignb 4 from every offset
bits 32
    times 0 db 0xAA
    align 4
    db 0
    times 1 db 0xAA
    align 4
    db 1
    times 2 db 0xAA
    align 4
    db 2
    times 3 db 0xAA
    align 4
    db 3
    times 4 db 0xAA
    align 4
    db 4
    times 5 db 0xAA
    align 4
    db 5
section .data
    db 1
    align 4, db 0
    db 2
section .bss
    resb 3
    alignb 4
b: resb 1
section .text
    dd b
