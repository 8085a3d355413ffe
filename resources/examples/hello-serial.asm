; hello-serial.asm - the smallest useful virtlab guest: print over COM1, then exit.
;
; @title   Hello, serial
; @mode    native
; @vcpus   1 2 4
; @ends    debug-exit 0
; @output  Hello, virtlab!
;
;     virtlab run resources/examples/hello-serial.asm
;
; Every vCPU enters at `start` at once. Only the bootstrap processor (APIC ID 0) prints; the others park in
; a `cli; hlt` loop, so they neither share its stack nor touch the UART. Runs unchanged under
; `qemu-system-i386 -kernel hello-serial.bin -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4`.
bits 32
org 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "apic.inc"
%include "debugexit.inc"

    MULTIBOOT_HEADER start

start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24                 ; this vCPU's APIC ID
    jnz park                    ; not the bootstrap processor
    mov esp, stack_top
    call serial_init
    PUTS message
    DEBUG_EXIT 0                ; exit status (0 << 1) | 1 = 1

park:
    cli
    hlt
    jmp park

    SERIAL_ROUTINES

message: db 'Hello, virtlab!', 13, 10, 0

section .bss
    alignb 16
    resb 4096
stack_top:
