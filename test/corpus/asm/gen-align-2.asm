; align 2 (NOP padding) and alignb 2 from every offset
bits 32
    times 0 db 0xAA
    align 2
    db 0
    times 1 db 0xAA
    align 2
    db 1
    times 2 db 0xAA
    align 2
    db 2
    times 3 db 0xAA
    align 2
    db 3
section .data
    db 1
    align 2, db 0
    db 2
section .bss
    resb 3
    alignb 2
b: resb 1
section .text
    dd b
