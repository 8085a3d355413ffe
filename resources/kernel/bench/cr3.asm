; cr3.asm - MOV to CR3 of the value it already holds: privileged, and it flushes the TLB's non-global
; entries (the loop's next instructions and stack accesses walk the page tables again). Adams and Agesen
; timed a write to CR8 (the task priority) instead, which 32-bit x86 does not have. See bench.inc.
%define BENCH_NAME 'cr3'
%macro BENCH_ENTER 0
    mov eax, cr3
%endmacro
%macro BENCH_OP 0
    mov cr3, eax
%endmacro
%include "bench.inc"

bench_setup:
    ret

    BENCH_END
