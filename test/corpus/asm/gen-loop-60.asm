; counted loops with a 60-byte body
bits 32
    mov ecx, 10
.top:
    times 60 nop
    loop .top
    jecxz .out
    times 60 db 0x90
    jmp .top
.out:
    ret
