; console-flood.asm - the UI benchmark's guest: every vCPU runs flat out, and the bootstrap processor floods
; COM1 with text (REP OUTSB of a 65-byte line, as fast as the emulator takes it) until the run is stopped.
; The other vCPUs spin in an arithmetic loop that never exits to the VMM. test/bench/ui.bench.ts runs it on 4
; vCPUs to measure the lab's frame rate under ~1 MB/s of console output.
; ITERATIONS (when defined): lines to print before exiting through isa-debug-exit (the bench guests' unit test
; runs each guest to its end); undefined, the flood goes on until the run is stopped.
; PACE: iterations of an empty loop after each line, to bring the output down to about 1 MB/s (0: no pause).
%ifndef PACE
%define PACE 0
%endif
bits 32
org 0x100000

%include "multiboot.inc"
%include "apic.inc"

    MULTIBOOT_HEADER start

start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24                 ; this vCPU's APIC ID
    jnz spin                    ; not the bootstrap processor
    xor ebx, ebx                ; line counter
flood:
    inc ebx
    mov eax, ebx                ; the line's number, as 8 hex digits at its start
    mov edi, line + 7
    mov ecx, 8
.digit:
    mov edx, eax
    and edx, 0x0F
    mov dl, [hex + edx]
    mov [edi], dl
    dec edi
    shr eax, 4
    loop .digit
    mov esi, line
    mov ecx, LINE_LEN
    mov dx, 0x3F8
    rep outsb
%ifdef ITERATIONS
    cmp ebx, ITERATIONS
    jae done
%endif
    mov ecx, PACE
    jecxz flood
.pace:
    loop .pace
    jmp flood

%ifdef ITERATIONS
done:
    mov al, 0
    out 0xF4, al                ; isa-debug-exit, value 0
    cli
    hlt
%endif

spin:
    xor eax, eax
    mov ecx, 1
.loop:
    add eax, ecx
    xor ecx, eax
    rol eax, 3
    jmp .loop

    align 4096, db 0            ; data on a page of its own (a store into a code page is self-modifying code)
hex:  db '0123456789abcdef'
line: db '00000000 the quick brown fox jumps over the lazy dog on 4 vCPUs', 13, 10
LINE_LEN equ $ - line
