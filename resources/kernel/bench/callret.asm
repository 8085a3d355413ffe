; callret.asm - a CALL to a function that only RETurns, in the kernel: no privileged instruction at all, the
; baseline (under binary translation the RET needs the translator's help). See bench.inc.
%define BENCH_NAME 'callret'
%macro BENCH_ENTER 0
%endmacro
%macro BENCH_OP 0
    call null_function
%endmacro
%include "bench.inc"

bench_setup:
    ret

null_function:
    ret

    BENCH_END
