; A flat image whose low part runs where it is loaded and whose high part is linked at a virtual address
; (vstart), with data sections placed by follows/align and section.NAME.start/.vstart symbols.
        bits 32
        org 0x100000

KERNEL_VBASE equ 0xC0000000

section .boot
boot_entry:
        mov esi, section.kernel.start      ; where the kernel lies in the image (physical)
        mov edi, section.kernel.vstart     ; where it is linked
        mov ecx, kernel_end - kernel_start
        mov edx, section..rodata.start
        jmp high_entry - KERNEL_VBASE + section.kernel.start - section.kernel.vstart + KERNEL_VBASE
        align 16, db 0x90

section kernel follows=.boot vstart=KERNEL_VBASE align=16
kernel_start:
high_entry:
        mov esp, stack_top
        mov eax, banner
        call print
.halt:  hlt
        jmp .halt
print:
        ret
        dd $$, $, kernel_start
kernel_end:

section .rodata follows=kernel align=8
banner: db "higher half", 0
        dd banner, section.kernel.vstart

section .data follows=.rodata align=4
counters: dd 0, 0
        dd counters

section .bss follows=.data nobits align=16
        resb 8192
stack_top:

section tail start=0x101000
        dd 0xdeadbeef, $$

section tail2 follows=tail vfollows=kernel
        dd $$, $
