; hello-serial.asm - the smallest useful virtlab guest: print over COM1, then exit.
;
;     virtlab run resources/examples/hello-serial.asm
;
; Works unchanged under `qemu-system-i386 -kernel hello-serial.bin -serial stdio -device isa-debug-exit`.
bits 32
org 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "debugexit.inc"

    MULTIBOOT_HEADER start

start:
    mov esp, stack_top
    call serial_init
    PUTS message
    DEBUG_EXIT 0                ; exit status (0 << 1) | 1 = 1

    SERIAL_ROUTINES

message: db 'Hello, virtlab!', 13, 10, 0

section .bss
    alignb 16
    resb 4096
stack_top:
