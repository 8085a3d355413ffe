/** The program a new lab session opens with: a multiboot guest that greets over COM1 and exits. */
export const HELLO_PROGRAM = `; hello.asm — a complete virtlab guest.
; It boots through multiboot, prints a line on the serial port (COM1)
; and ends the run through isa-debug-exit (port 0xF4).
bits 32
org 0x100000

MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x00010000            ; bit 16: load addresses are in this header

header:
    dd MB_MAGIC
    dd MB_FLAGS
    dd -(MB_MAGIC + MB_FLAGS)       ; checksum
    dd header                       ; header_addr
    dd header                       ; load_addr
    dd image_end                    ; load_end_addr
    dd image_end                    ; bss_end_addr
    dd start                        ; entry_addr

start:
    mov eax, 1                      ; CPUID leaf 1: EBX[31:24] = this vCPU's APIC ID
    cpuid
    shr ebx, 24
    jnz park                        ; only the bootstrap vCPU (APIC ID 0) prints
    mov esi, message
.next:
    lodsb
    test al, al
    jz .done
    mov dx, 0x3F8                   ; COM1 data register
    out dx, al
    jmp .next
.done:
    mov al, 0                       ; exit status (0 << 1) | 1 = 1
    out 0xF4, al
park:
    cli
    hlt
    jmp park

message: db "Hello from ring 0!", 10, 0
image_end:
`;
