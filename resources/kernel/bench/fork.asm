; fork.asm - the address-space work of a fork, cut down: copy the page directory (1024 entries) for a
; child, switch CR3 to it, let the child write to a few pages (each a TLB miss and a page walk in the new
; space), and switch back to the parent. The page tables themselves are shared, not copied. See bench.inc.
%define BENCH_NAME 'fork'
TOUCHED_PAGES equ 4
%macro BENCH_ENTER 0
%endmacro
%macro BENCH_OP 0
    mov esi, page_directory
    mov edi, child_directory
    mov ecx, 1024
    rep movsd                       ; the child's page directory
    mov eax, child_directory
    mov cr3, eax                    ; run in the child's address space
%assign page 0
%rep TOUCHED_PAGES
    mov [touched + page * 4096], eax
%assign page page + 1
%endrep
    mov eax, page_directory
    mov cr3, eax                    ; back to the parent's
%endmacro
%include "bench.inc"

bench_setup:
    ret

section .bss
    alignb 4096
child_directory: resb 4096
touched: resb TOUCHED_PAGES * 4096

    BENCH_END
