; Benchmark (a): integer ALU with loads and stores in a loop — 9 instructions per iteration.
%include "common.inc"

start:
    mov esp, stack_top
    mov ecx, ITERATIONS
    xor eax, eax
    mov ebx, 0x12345678
    mov esi, buffer
.loop:
    add eax, ebx
    xor ebx, eax
    rol ebx, 3
    mov edx, ecx
    and edx, 255
    mov [esi + edx*4], eax
    add eax, [esi + edx*4]
    dec ecx
    jnz .loop
    call print_hex32
    jmp exit_ok

image_end:
section .bss align=4096
buffer: resd 256
        resb 4096
stack_top:
bss_end:
