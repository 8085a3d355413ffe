; section layout: section .rodata align=8
bits 32
org 0x1000
start: dd start, d1, b1, $$
    db 1, 2, 3
section .rodata align=8
d1: dd d1, $, $$
    db 7
section .bss
b1: resb 5
b2: resd 1
section .data
tail: dd tail, b2
