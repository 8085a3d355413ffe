; equ with forward references and expressions over labels
bits 32
org 0x7c00
start:
    dd end - start, size, total
    dd count * 4
size    equ end - start
count   equ 3
total   equ size + count
    times count dd 0xAA55AA55
end:
    dw end - $$
