; align 8 (NOP padding) and alignb 8 from every offset
bits 32
    times 0 db 0xAA
    align 8
    db 0
    times 1 db 0xAA
    align 8
    db 1
    times 2 db 0xAA
    align 8
    db 2
    times 3 db 0xAA
    align 8
    db 3
    times 4 db 0xAA
    align 8
    db 4
    times 5 db 0xAA
    align 8
    db 5
    times 6 db 0xAA
    align 8
    db 6
    times 7 db 0xAA
    align 8
    db 7
    times 8 db 0xAA
    align 8
    db 8
    times 9 db 0xAA
    align 8
    db 9
section .data
    db 1
    align 8, db 0
    db 2
section .bss
    resb 3
    alignb 8
b: resb 1
section .text
    dd b
