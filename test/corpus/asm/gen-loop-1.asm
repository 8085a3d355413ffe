; counted loops with a 1-byte body
bits 32
    mov ecx, 10
.top:
    times 1 nop
    loop .top
    jecxz .out
    times 1 db 0x90
    jmp .top
.out:
    ret
