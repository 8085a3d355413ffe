bits 32
section .bss
buf1: resq 4
buf2: resq 1
section .text
    dd buf1, buf2, buf2 - buf1
