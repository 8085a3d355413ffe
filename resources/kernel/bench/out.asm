; out.asm - an OUT to a port: COM1's scratch register (0x3FF), which has no side effect. See bench.inc for
; how to run and measure it.
%define BENCH_NAME 'out'
%macro BENCH_ENTER 0
    mov dx, COM1 + 7                ; the scratch register
    mov al, 0x5A
%endmacro
%macro BENCH_OP 0
    out dx, al
%endmacro
%include "bench.inc"

bench_setup:
    ret

    BENCH_END
