; ptemod.asm - a change to a page table entry and its INVLPG: the loop write-protects and unprotects a data
; page in turn (flips the PTE's writable bit), as copy-on-write does. A VMM that keeps shadow page tables
; must see every such write. See bench.inc.
%define BENCH_NAME 'ptemod'
%macro BENCH_ENTER 0
    mov esi, scratch_page
    mov ebx, esi
    shr ebx, 12
    lea ebx, [page_table + ebx * 4] ; the scratch page's PTE
%endmacro
%macro BENCH_OP 0
    xor dword [ebx], PTE_WRITABLE
    invlpg [esi]
%endmacro
%include "bench.inc"

bench_setup:
    ret

section .bss
    alignb 4096
scratch_page: resb 4096

    BENCH_END
