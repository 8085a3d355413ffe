; protected-mode.asm - own GDT and IDT, a ring-3 task through the TSS, a #GP caught and reported.
;
;     virtlab run resources/examples/protected-mode.asm
bits 32
org 0x100000
ORIGIN equ 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "debugexit.inc"
%include "gdt.inc"
%include "idt.inc"
%include "tss.inc"

KERNEL_CS equ 0x08
KERNEL_DS equ 0x10
USER_CS   equ 0x18 | 3
USER_DS   equ 0x20 | 3
TSS_SEL   equ 0x28

    MULTIBOOT_HEADER start

start:
    mov esp, kernel_stack_top
    call serial_init
    LOAD_GDT gdt_ptr, KERNEL_CS, KERNEL_DS
    IDT_SET_GATE idt, EXC_GP, gp_handler, KERNEL_CS, IDT_INTERRUPT_GATE
    lidt [idt_ptr]
    mov ax, TSS_SEL
    ltr ax
    ; iret to ring 3
    push USER_DS
    push user_stack_top
    pushfd
    push USER_CS
    push user_code
    iretd

user_code:
    cli                             ; privileged at CPL 3: #GP
    jmp user_code

gp_handler:
    PUTS gp_message
    mov eax, [esp + 4]              ; faulting EIP (after the error code)
    PRINT_HEX32 eax
    PUTC 10
    DEBUG_EXIT 0

    SERIAL_ROUTINES

gp_message: db '#GP at EIP=0x', 0

    align 8
gdt:
    GDT_NULL
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING0, GDT_FLAGS_4K_32
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING0, GDT_FLAGS_4K_32
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING3, GDT_FLAGS_4K_32
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING3, GDT_FLAGS_4K_32
    GDT_ENTRY tss - $$ + ORIGIN, tss32_size - 1, GDT_TSS32, GDT_FLAGS_1B_32
gdt_end:
gdt_ptr: GDT_POINTER gdt, gdt_end
idt_ptr: IDT_POINTER idt, 256

tss:
    istruc tss32
        at tss32.esp0, dd kernel_stack_top
        at tss32.ss0, dd KERNEL_DS
        at tss32.iomap, dw tss32_size
    iend

section .bss
    alignb 16
idt: resq 256
    resb 4096
kernel_stack_top:
    resb 4096
user_stack_top:
