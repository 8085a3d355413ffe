; pv-console.asm - a paravirtualised guest: no port I/O, only hypercalls (int 0x82).
;
;     virtlab run resources/examples/pv-console.asm --mode pv
bits 32
org 0x100000

%include "multiboot.inc"
%include "hypercall.inc"

    MULTIBOOT_HEADER start

start:
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, message_len, message
    HYPERCALL HYPERVISOR_sched_op, SCHEDOP_shutdown, 0
.hang:
    jmp .hang

message: db 'Hello from a paravirtualised guest', 10
message_len equ $ - message
