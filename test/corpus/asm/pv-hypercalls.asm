; a paravirtualised guest kernel's console output through hypercalls
bits 32
org 0x100000
%include "hypercall.inc"
start:
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, msg_len, msg
    HYPERCALL HYPERVISOR_xen_version, XENVER_version
    HYPERCALL HYPERVISOR_sched_op, SCHEDOP_yield
    HYPERCALL HYPERVISOR_sched_op, SCHEDOP_shutdown, 0
    jmp $
msg: db 'hello from ring 1', 10
msg_len equ $ - msg
