; align 32 (NOP padding) and alignb 32 from every offset
bits 32
    times 0 db 0xAA
    align 32
    db 0
    times 1 db 0xAA
    align 32
    db 1
    times 2 db 0xAA
    align 32
    db 2
    times 3 db 0xAA
    align 32
    db 3
    times 4 db 0xAA
    align 32
    db 4
    times 5 db 0xAA
    align 32
    db 5
    times 6 db 0xAA
    align 32
    db 6
    times 7 db 0xAA
    align 32
    db 7
    times 8 db 0xAA
    align 32
    db 8
    times 9 db 0xAA
    align 32
    db 9
    times 10 db 0xAA
    align 32
    db 10
    times 11 db 0xAA
    align 32
    db 11
    times 12 db 0xAA
    align 32
    db 12
    times 13 db 0xAA
    align 32
    db 13
    times 14 db 0xAA
    align 32
    db 14
    times 15 db 0xAA
    align 32
    db 15
    times 16 db 0xAA
    align 32
    db 16
    times 17 db 0xAA
    align 32
    db 17
    times 18 db 0xAA
    align 32
    db 18
    times 19 db 0xAA
    align 32
    db 19
    times 20 db 0xAA
    align 32
    db 20
    times 21 db 0xAA
    align 32
    db 21
    times 22 db 0xAA
    align 32
    db 22
    times 23 db 0xAA
    align 32
    db 23
    times 24 db 0xAA
    align 32
    db 24
    times 25 db 0xAA
    align 32
    db 25
    times 26 db 0xAA
    align 32
    db 26
    times 27 db 0xAA
    align 32
    db 27
    times 28 db 0xAA
    align 32
    db 28
    times 29 db 0xAA
    align 32
    db 29
    times 30 db 0xAA
    align 32
    db 30
    times 31 db 0xAA
    align 32
    db 31
    times 32 db 0xAA
    align 32
    db 32
    times 33 db 0xAA
    align 32
    db 33
section .data
    db 1
    align 32, db 0
    db 2
section .bss
    resb 3
    alignb 32
b: resb 1
section .text
    dd b
