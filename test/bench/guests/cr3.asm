; Benchmark (d): address-space switches — MOV CR3 between two page directories, 9 instructions per iteration.
; Both map the first 4 MiB one to one; the scratch page at 4 MiB is frame A in one and frame B in the other,
; so each switch flushes the TLB (no PCIDs, no global pages) and the read after it needs fresh walks.
%include "common.inc"

SCRATCH equ 0x00400000
FRAME_A equ 0x00200000
FRAME_B equ 0x00201000

start:
    mov esp, stack_top
    mov dword [FRAME_A], 1
    mov dword [FRAME_B], 2
    IDENTITY_MAP_4M page_table     ; the first 4 MiB one to one, 4 KiB pages
    mov dword [scratch_table_a], FRAME_A | 3
    mov dword [scratch_table_b], FRAME_B | 3
    mov eax, page_table
    or eax, 3
    mov [directory_a], eax
    mov [directory_b], eax
    mov eax, scratch_table_a
    or eax, 3
    mov [directory_a + (SCRATCH >> 22) * 4], eax
    mov eax, scratch_table_b
    or eax, 3
    mov [directory_b + (SCRATCH >> 22) * 4], eax
    ENABLE_PAGING directory_a

    mov ecx, ITERATIONS
    xor ebx, ebx
.loop:
    mov eax, ecx
    and eax, 1
    shl eax, 12
    add eax, directory_a           ; directory_b is the page after it
    mov cr3, eax
    mov edx, [SCRATCH]
    add ebx, edx
    dec ecx
    jnz .loop
    mov eax, ebx
    call print_hex32
    jmp exit_ok

image_end:
section .bss align=4096
directory_a:     resb 4096
directory_b:     resb 4096
page_table:      resb 4096
scratch_table_a: resb 4096
scratch_table_b: resb 4096
    resb 4096
stack_top:
bss_end:
