; section layout: section .data align=16
bits 32
org 0x1000
start: dd start, d1, b1, $$
    db 1, 2, 3
section .data align=16
d1: dd d1, $, $$
    db 7
section .bss
b1: resb 5
b2: resd 1
section .text
tail: dd tail, b2
