; GDT, IDT and TSS set-up with the built-in include files
bits 32
org 0x100000
%include "gdt.inc"
%include "idt.inc"
%include "tss.inc"
ORIGIN equ 0x100000

start:
    LOAD_GDT gdt_ptr, 0x08, 0x10
    IDT_SET_GATE idt, EXC_GP, gp_handler, 0x08, IDT_INTERRUPT_GATE
    IDT_SET_GATE idt, EXC_PF, pf_handler, 0x08, IDT_TRAP_GATE
    lidt [idt_ptr]
    mov ax, 0x28
    ltr ax
    hlt
gp_handler:
    add esp, 4
    iret
pf_handler:
    mov eax, cr2
    add esp, 4
    iret

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
        at tss32.esp0, dd 0x90000
        at tss32.ss0, dd 0x10
        at tss32.iomap, dw tss32_size
    iend
static_gate: IDT_GATE 0x1234, 0x08, IDT_INTERRUPT_GATE
section .bss
idt: resq 256
