; syscall.asm - a null system call: `int 0x80` from ring 3 through a DPL-3 interrupt gate (stack switch
; through the TSS) to a handler that only IRETs back to ring 3. See bench.inc for how to run and measure it.
%define BENCH_NAME 'syscall'
%define BENCH_RING3
%macro BENCH_ENTER 0
%endmacro
%macro BENCH_OP 0
    int 0x80
%endmacro
%include "bench.inc"

bench_setup:
    SET_GATE 0x80, null_syscall, IDT_USER_INTERRUPT_GATE
    ret

null_syscall:
    iretd

    BENCH_END
