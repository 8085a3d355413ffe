; align 16 (NOP padding) and alignb 16 from every offset
bits 32
    times 0 db 0xAA
    align 16
    db 0
    times 1 db 0xAA
    align 16
    db 1
    times 2 db 0xAA
    align 16
    db 2
    times 3 db 0xAA
    align 16
    db 3
    times 4 db 0xAA
    align 16
    db 4
    times 5 db 0xAA
    align 16
    db 5
    times 6 db 0xAA
    align 16
    db 6
    times 7 db 0xAA
    align 16
    db 7
    times 8 db 0xAA
    align 16
    db 8
    times 9 db 0xAA
    align 16
    db 9
    times 10 db 0xAA
    align 16
    db 10
    times 11 db 0xAA
    align 16
    db 11
    times 12 db 0xAA
    align 16
    db 12
    times 13 db 0xAA
    align 16
    db 13
    times 14 db 0xAA
    align 16
    db 14
    times 15 db 0xAA
    align 16
    db 15
    times 16 db 0xAA
    align 16
    db 16
    times 17 db 0xAA
    align 16
    db 17
section .data
    db 1
    align 16, db 0
    db 2
section .bss
    resb 3
    alignb 16
b: resb 1
section .text
    dd b
