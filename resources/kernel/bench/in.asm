; in.asm - an IN from a port: COM1's scratch register (0x3FF), which has no side effect. Under a VMM each one
; is an I/O exit or trap to the device model. See bench.inc for how to run and measure it.
%define BENCH_NAME 'in'
%macro BENCH_ENTER 0
    mov dx, COM1 + 7                ; the scratch register
%endmacro
%macro BENCH_OP 0
    in al, dx
%endmacro
%include "bench.inc"

bench_setup:
    ret

    BENCH_END
