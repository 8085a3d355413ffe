; a complete multiboot kernel: prints over COM1 and exits through isa-debug-exit
bits 32
org 0x100000
%include "multiboot.inc"
%include "serial.inc"
%include "debugexit.inc"

    MULTIBOOT_HEADER start

start:
    mov esp, stack_top
    cmp eax, MULTIBOOT_BOOTLOADER_MAGIC
    jne .no_multiboot
    call serial_init
    PUTS hello
    mov eax, [ebx + MBI_MEM_UPPER]
    PRINT_HEX32 eax
    PUTC 10
    DEBUG_EXIT 0
.no_multiboot:
    DEBUG_EXIT 1

    SERIAL_ROUTINES

hello: db 'Hello from virtlab! mem_upper = 0x', 0

section .bss
    resb 4096
stack_top:
