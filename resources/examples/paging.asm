; paging.asm - two-level page tables, paging turned on, one page mapped twice, and a page fault handled by
; mapping the missing page (demand paging).
;
; @title   Paging: page tables and a page fault
; @mode    native
; @vcpus   1 2 4
; @ends    debug-exit 0
; @output  paging on: CR0=0x80000011
; @output  0x40000000 and its frame read 0xCAFEF00D, 0xCAFEF00D
; @output  #PF at CR2=0x40001000, error code 0x00000002: mapping a frame there
; @output  the write ran again: 0x40001000 reads 0x12345678
;
;     virtlab run resources/examples/paging.asm
;
; The page directory's first entry maps the first 4 MiB onto themselves (identity: code, data and stacks
; keep their addresses once CR0.PG is set). Entry 256 covers 0x40000000-0x403FFFFF through a second page
; table: its first page is `frame_a`, its second is not present. Writing there raises #PF with the address in
; CR2; the handler points the entry at `frame_b` and returns, and the CPU runs the faulting write again.
; Only the bootstrap processor (APIC ID 0) runs; the other vCPUs park. Runs the same under QEMU.
bits 32
org 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "apic.inc"
%include "debugexit.inc"
%include "gdt.inc"
%include "idt.inc"

KERNEL_CS equ 0x08
KERNEL_DS equ 0x10

PTE_PRESENT  equ 1 << 0
PTE_WRITABLE equ 1 << 1
CR0_PG       equ 1 << 31

VIRT_A  equ 0x40000000              ; mapped from the start
VIRT_B  equ 0x40001000              ; mapped by the #PF handler
PDE_HIGH equ VIRT_A >> 22           ; page-directory index of both: 256

    MULTIBOOT_HEADER start

start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24
    jnz park                        ; only the bootstrap processor runs
    mov esp, stack_top
    call serial_init
    LOAD_GDT gdt_ptr, KERNEL_CS, KERNEL_DS
    IDT_SET_GATE idt, EXC_PF, pf_handler, KERNEL_CS, IDT_INTERRUPT_GATE
    lidt [idt_ptr]

    ; RAM the loader did not clear may hold anything: start from empty tables.
    mov edi, page_dir
    mov ecx, 3 * 1024               ; page_dir, pt_low, pt_high
    xor eax, eax
    cld
    rep stosd

    ; pt_low: 1024 pages of 4 KiB, virtual = physical for the first 4 MiB
    mov edi, pt_low
    mov eax, PTE_PRESENT | PTE_WRITABLE
.identity:
    stosd
    add eax, 4096
    cmp edi, pt_low + 4096
    jb .identity
    mov dword [page_dir], pt_low + PTE_PRESENT + PTE_WRITABLE
    mov dword [page_dir + PDE_HIGH * 4], pt_high + PTE_PRESENT + PTE_WRITABLE
    mov dword [pt_high], frame_a + PTE_PRESENT + PTE_WRITABLE      ; VIRT_A -> frame_a; VIRT_B not present

    mov eax, page_dir
    mov cr3, eax
    mov eax, cr0
    or eax, CR0_PG
    mov cr0, eax                    ; paging on
    PUTS msg_on
    mov eax, cr0
    PRINT_HEX32 eax
    PUTC 10

    ; one frame, two addresses: the write through VIRT_A shows at frame_a's identity-mapped address
    mov dword [VIRT_A], 0xCAFEF00D
    PUTS msg_alias
    mov eax, [VIRT_A]
    PRINT_HEX32 eax
    PUTS msg_comma
    mov eax, [frame_a]
    PRINT_HEX32 eax
    PUTC 10

    mov dword [VIRT_B], 0x12345678  ; not present: #PF, then this write runs again
    PUTS msg_retried
    mov eax, [VIRT_B]
    PRINT_HEX32 eax
    PUTC 10
    DEBUG_EXIT 0

; #PF: error code on the stack (bit 0 present, bit 1 write, bit 2 user), the faulting address in CR2.
pf_handler:
    push eax
    PUTS msg_pf
    mov eax, cr2
    PRINT_HEX32 eax
    PUTS msg_code
    mov eax, [esp + 4]              ; the error code, under the saved EAX
    PRINT_HEX32 eax
    PUTS msg_map
    mov eax, cr2
    cmp eax, VIRT_B
    jne .unexpected
    mov dword [pt_high + 4], frame_b + PTE_PRESENT + PTE_WRITABLE
    ; No INVLPG needed: a not-present entry is never cached in the TLB.
    pop eax
    add esp, 4                      ; drop the error code: IRET wants EIP on top
    iretd                           ; back to the faulting instruction
.unexpected:
    DEBUG_EXIT 1

park:
    cli
    hlt
    jmp park

    SERIAL_ROUTINES

msg_on:      db 'paging on: CR0=0x', 0
msg_alias:   db '0x40000000 and its frame read 0x', 0
msg_comma:   db ', 0x', 0
msg_pf:      db '#PF at CR2=0x', 0
msg_code:    db ', error code 0x', 0
msg_map:     db ': mapping a frame there', 10, 0
msg_retried: db 'the write ran again: 0x40001000 reads 0x', 0

    align 8
gdt:
    GDT_NULL
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING0, GDT_FLAGS_4K_32   ; 0x08
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING0, GDT_FLAGS_4K_32   ; 0x10
gdt_end:
gdt_ptr: GDT_POINTER gdt, gdt_end
idt_ptr: IDT_POINTER idt, 256

section .bss
    alignb 4096                     ; page tables and frames are 4 KiB aligned
page_dir: resd 1024
pt_low:   resd 1024
pt_high:  resd 1024
frame_a:  resb 4096
frame_b:  resb 4096
idt:      resq 256
    resb 4096
stack_top:
