; times, align (NOP padding), alignb, $ and $$
bits 32
org 0x100
    db 1
    align 4
    db 2, 3
    align 8, db 0xCC
    times 5 db 'x'
    times 3 dw 1, 2
    align 16
here: dd $ - $$, here - $$
    times 0 db 1
    times (64 - ($ - $$)) db 0
    db 0xEE
