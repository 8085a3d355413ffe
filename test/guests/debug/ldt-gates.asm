; An LDT loaded by LLDT and FS loaded from it, a call gate in the GDT, a trap gate and a task gate in the IDT;
; the guest then spins at `here`. The descriptor inspectors' tests (CLI and UI) decode these tables.
bits 32
org 0x100000
ORIGIN equ 0x100000
%include "gdt.inc"
%include "idt.inc"
start:
    lgdt [gdt_ptr]
    jmp 0x08:reload
reload:
    mov ax, 0x10
    mov ds, ax
    mov ss, ax
    mov ax, 0x18
    lldt ax
    lidt [idt_ptr]
    mov ax, 0x0f                    ; LDT entry 1 (TI = 1), RPL 3
    mov fs, ax
here:
    jmp here
target:
    ret
    align 8
gdt:
    GDT_NULL
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING0, GDT_FLAGS_4K_32   ; 0x08
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING0, GDT_FLAGS_4K_32   ; 0x10
    GDT_ENTRY ldt - $$ + ORIGIN, ldt_end - ldt - 1, GDT_LDT, GDT_FLAGS_1B_16 ; 0x18
    dw (target - $$ + ORIGIN) & 0xFFFF, 0x08                ; 0x20: call gate, DPL 3, 2 parameters
    db 2, 0xEC
    dw (target - $$ + ORIGIN) >> 16
gdt_end:
gdt_ptr: GDT_POINTER gdt, gdt_end
ldt:
    dq 0
    GDT_ENTRY 0x2000, 0xFFF, GDT_DATA_RING3, GDT_FLAGS_1B_32 ; selector 0x0c
ldt_end:
idt:
    times 3 dq 0
    IDT_GATE target - $$ + ORIGIN, 0x08, IDT_USER_TRAP_GATE ; 3
    times 4 dq 0
    IDT_GATE 0, 0x28, IDT_TASK_GATE                          ; 8: #DF through a task
idt_end:
idt_ptr: dw idt_end - idt - 1
    dd idt
