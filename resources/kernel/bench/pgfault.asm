; pgfault.asm - a page fault handled by mapping the page: a load from a page whose PTE is not present raises
; #PF; the handler finds the PTE from CR2, sets its present bit and returns, and the load runs again. Then
; the loop unmaps the page (clears the bit, INVLPG) for the next round. See bench.inc.
%define BENCH_NAME 'pgfault'
%define BENCH_EVENTS 'page faults handled'
%macro BENCH_ENTER 0
    mov esi, victim_page
    mov ebx, esi
    shr ebx, 12
    lea ebx, [page_table + ebx * 4] ; the victim's PTE
%endmacro
%macro BENCH_OP 0
    mov eax, [esi]                  ; #PF, then again after the handler: the page is present
    and dword [ebx], ~PTE_PRESENT   ; unmap it
    invlpg [esi]
%endmacro
%include "bench.inc"

bench_setup:
    SET_GATE EXC_PF, page_fault, IDT_INTERRUPT_GATE
    mov eax, victim_page
    shr eax, 12
    and dword [page_table + eax * 4], ~PTE_PRESENT
    invlpg [victim_page]
    ret

; #PF: error code on the stack, the address in CR2. Map the page (the first 4 MiB only, as here) and retry.
page_fault:
    push eax
    mov eax, cr2
    shr eax, 12
    or dword [page_table + eax * 4], PTE_PRESENT
    inc dword [bench_events]
    pop eax
    add esp, 4                      ; the error code
    iretd

section .bss
    alignb 4096
victim_page: resb 4096

    BENCH_END
