; Benchmark (d): self-modifying code — 5 instructions per iteration, one of them a store into the code page
; that rewrites the immediate of the MOV the next iteration runs. This is the one bench guest whose stores
; reach a code page on purpose: it times each engine's self-modifying-code path (QEMU invalidates the
; translated block; virtlab drops the decoded instruction and any translated block of the page).
%include "common.inc"

start:
    mov esp, stack_top
    mov ecx, ITERATIONS
    xor ebx, ebx
.loop:
.patch:
    mov eax, 0x11111111
    add ebx, eax
    mov [.patch + 1], ecx
    dec ecx
    jnz .loop
    mov eax, ebx
    call print_hex32
    jmp exit_ok

image_end:
section .bss align=4096
        resb 4096
stack_top:
bss_end:
