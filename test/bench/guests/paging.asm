; Benchmark (c): PTE writes + INVLPG under paging — 10 instructions per iteration. A scratch virtual page is
; remapped to alternating frames each iteration and read through, so every iteration needs a fresh walk.
%include "common.inc"

SCRATCH equ 0x00300000
FRAME_A equ 0x00200000
FRAME_B equ 0x00201000

start:
    mov esp, stack_top
    mov dword [FRAME_A], 1
    mov dword [FRAME_B], 2
    IDENTITY_MAP_4M page_table     ; the first 4 MiB one to one, 4 KiB pages
    mov eax, page_table
    or eax, 3
    mov [page_directory], eax
    ENABLE_PAGING page_directory

    mov ecx, ITERATIONS
    xor ebx, ebx
.loop:
    mov eax, ecx
    and eax, 1
    shl eax, 12
    add eax, FRAME_A | 3
    mov [page_table + (SCRATCH >> 12) * 4], eax
    invlpg [SCRATCH]
    mov edx, [SCRATCH]
    add ebx, edx
    dec ecx
    jnz .loop
    mov eax, ebx
    call print_hex32
    jmp exit_ok

image_end:
section .bss align=4096
page_directory: resb 4096
page_table:     resb 4096
    resb 4096
stack_top:
bss_end:
