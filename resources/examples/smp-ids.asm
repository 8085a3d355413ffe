; smp-ids.asm - every vCPU says hello with its APIC ID, taking turns with a spin lock.
;
; @title   SMP: every vCPU says hello
; @mode    native
; @vcpus   1 2 4
; @ends    debug-exit 0
; @output  hello from APIC ID 0x00000000
; @output  every vCPU said hello
;
;     virtlab run resources/examples/smp-ids.asm --vcpus 4
;
; Under virtlab every vCPU enters at `start` at once and tells itself apart by its APIC ID (0 is the
; bootstrap processor, BSP). The BSP sets up the UART, then lets the others print: each takes a spin lock
; (XCHG is atomic), prints one line, releases the lock and counts itself done with LOCK INC. The BSP reads the
; number of vCPUs from QEMU's fw_cfg device and exits once all of them have printed. The lines of the other
; vCPUs come in whatever order they win the lock.
;
; Under QEMU only the BSP starts from the multiboot entry (the others wait for an INIT/SIPI), so this runs the
; same there with one vCPU only.
bits 32
org 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "apic.inc"
%include "debugexit.inc"

MAX_VCPUS       equ 16
FW_CFG_SELECT   equ 0x510          ; 16-bit write: the item to read
FW_CFG_DATA     equ 0x511          ; byte reads: the item's bytes, little-endian
FW_CFG_NB_CPUS  equ 0x05

    MULTIBOOT_HEADER start

start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24                     ; APIC ID: 0 for the bootstrap processor
    cmp eax, MAX_VCPUS
    jae park                        ; no stack for it
    mov ebx, eax
    shl eax, 12
    lea esp, [stacks + eax + 4096]  ; a 4 KiB stack per vCPU
    test ebx, ebx
    jnz .wait_uart

    call serial_init                ; the BSP alone programs the UART ...
    mov dx, FW_CFG_SELECT
    mov ax, FW_CFG_NB_CPUS
    out dx, ax
    mov dx, FW_CFG_DATA
    in al, dx
    mov cl, al
    in al, dx
    mov ch, al
    movzx ecx, cx
    mov [vcpu_count], ecx
    mov dword [uart_ready], 1       ; ... then releases the others
    jmp .lock

.wait_uart:
    pause
    cmp dword [uart_ready], 0
    je .wait_uart

.lock:
    mov eax, 1
    xchg eax, [print_lock]          ; atomic: take the lock if it was 0
    test eax, eax
    jz .locked
    pause
    jmp .lock
.locked:
    PUTS hello
    PRINT_HEX32 ebx
    PUTC 10
    mov dword [print_lock], 0       ; release
    lock inc dword [done_count]

    test ebx, ebx
    jnz park                        ; the others are done
.wait_all:                          ; the BSP waits for every vCPU
    pause
    mov eax, [done_count]
    cmp eax, [vcpu_count]
    jb .wait_all
    PUTS all_done
    DEBUG_EXIT 0

park:
    cli
    hlt
    jmp park

    SERIAL_ROUTINES

hello:    db 'hello from APIC ID 0x', 0
all_done: db 'every vCPU said hello', 10, 0
    align 4
uart_ready: dd 0
print_lock: dd 0
done_count: dd 0
vcpu_count: dd 0

section .bss
    alignb 4096
stacks: resb 4096 * MAX_VCPUS
