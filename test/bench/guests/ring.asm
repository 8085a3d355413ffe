; Benchmark (b): ring 3 → ring 0 → ring 3 round trips, INT 0x80 through an interrupt gate and a TSS.
%include "common.inc"

start:
    lgdt [gdtr]
    jmp 0x08:.flat
.flat:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, stack0_top
    mov ax, 0x28
    ltr ax
    lidt [idtr]
    ; Enter ring 3 with IOPL=3 (so the user loop may OUT its result).
    push 0x23
    push stack3_top
    push 0x3002
    push 0x1B
    push user
    iret

user:
    mov ax, 0x23
    mov ds, ax
    mov es, ax
    mov ecx, ITERATIONS
.loop:
    int 0x80
    dec ecx
    jnz .loop
    mov eax, [counter]
    call print_hex32
    jmp exit_ok

syscall_handler:
    inc dword [counter]
    iret

DATA_PAGE
gdt:
    dq 0
    dq 0x00CF9A000000FFFF          ; 0x08 ring 0 code
    dq 0x00CF92000000FFFF          ; 0x10 ring 0 data
    dq 0x00CFFA000000FFFF          ; 0x18 ring 3 code
    dq 0x00CFF2000000FFFF          ; 0x20 ring 3 data
    ; 0x28 32-bit available TSS
    dw tss_end - tss - 1
    dw ABS(tss) & 0xFFFF
    db (ABS(tss) >> 16) & 0xFF
    db 0x89
    db 0x00
    db (ABS(tss) >> 24) & 0xFF
gdt_end:
gdtr:
    dw gdt_end - gdt - 1
    dd gdt

align 8
idt:
    times 0x80 dq 0
    ; 0x80: 32-bit interrupt gate, DPL 3, selector 0x08
    dw ABS(syscall_handler) & 0xFFFF
    dw 0x08
    db 0
    db 0xEE
    dw (ABS(syscall_handler) >> 16) & 0xFFFF
idt_end:
idtr:
    dw idt_end - idt - 1
    dd idt

align 4
tss:
    dd 0                           ; back link
    dd stack0_top                  ; esp0
    dd 0x10                        ; ss0
    times 23 dd 0
    dw 0
    dw 104                         ; I/O map base: no bitmap
tss_end:

counter: dd 0

image_end:
section .bss align=4096
    resb 4096
stack0_top:
    resb 4096
stack3_top:
bss_end:
