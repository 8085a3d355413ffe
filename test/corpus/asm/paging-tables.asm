; identity-mapped page tables built at assembly time, page-aligned sections
[BITS 32]
[ORG 0x100000]
CPU 686
global start
PAGE_PRESENT equ 1 << 0
PAGE_WRITE   equ 1 << 1
PAGE_USER    equ 1 << 2
PAGE_4M      equ 1 << 7
start:
    mov eax, page_directory
    mov cr3, eax
    mov eax, cr4
    or eax, 1 << 4              ; CR4.PSE
    mov cr4, eax
    mov eax, cr0
    or eax, 0x80000000          ; CR0.PG
    mov cr0, eax
    jmp .paged
.paged:
    invlpg [0x1000]
    hlt
    align 4096, db 0
page_directory:
    dd page_table + PAGE_PRESENT + PAGE_WRITE
%assign i 1
%rep 1023
    dd (i << 22) | PAGE_PRESENT | PAGE_WRITE | PAGE_4M
%assign i i + 1
%endrep
page_table:
%assign p 0
%rep 1024
    dd (p << 12) | PAGE_PRESENT | PAGE_WRITE
%assign p p + 1
%endrep
    times 4096 - ($ - page_table) % 4096 db 0
