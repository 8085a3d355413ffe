; counted loops with a 300-byte body
bits 32
    mov ecx, 10
.top:
    times 100 nop
    dec ecx
    jnz .top
    times 300 db 0x90
    jmp .top
.out:
    ret
