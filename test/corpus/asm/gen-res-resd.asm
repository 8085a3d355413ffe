bits 32
section .bss
buf1: resd 4
buf2: resd 1
section .text
    dd buf1, buf2, buf2 - buf1
