; divzero.asm - a divide by zero: DIV raises #DE, whose handler skips the 2-byte DIV EBX and returns. See
; bench.inc.
%define BENCH_NAME 'divzero'
%define BENCH_EVENTS 'divide errors handled'
%macro BENCH_ENTER 0
    xor ebx, ebx                    ; the divisor
    xor edx, edx
    mov eax, 1
%endmacro
%macro BENCH_OP 0
    div ebx                         ; F7 F3: 2 bytes
%endmacro
%include "bench.inc"

bench_setup:
    SET_GATE EXC_DE, divide_error, IDT_INTERRUPT_GATE
    ret

; #DE is a fault: the saved EIP points at the DIV. Step over it.
divide_error:
    add dword [esp], 2
    inc dword [bench_events]
    iretd

    BENCH_END
