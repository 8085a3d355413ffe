bits 32
section .bss
buf1: resw 4
buf2: resw 1
section .text
    dd buf1, buf2, buf2 - buf1
