; bits/use16/use32/[bits], cpu, default, global, extern, sectalign, [section]
[bits 32]
cpu 686
default abs
global start
start:
    mov eax, 1
use16
    mov ax, 1
use32
    mov ax, 1
bits 16
    mov eax, 1
[bits 32]
    dd __BITS__
[section .data]
    db 1
sectalign 16
[section .text]
    ret
section .data
    dd $$
