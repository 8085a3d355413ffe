bits 32
section .bss
buf1: resb 4
buf2: resb 1
section .text
    dd buf1, buf2, buf2 - buf1
