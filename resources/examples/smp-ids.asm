; smp-ids.asm - every vCPU starts here at once; each prints its APIC ID, taking turns with a spin lock.
;
;     virtlab run resources/examples/smp-ids.asm --vcpus 4
;
; (Under QEMU only the bootstrap processor runs from the multiboot entry; the others wait for a startup
; IPI, so the BSP stops waiting for them after a while.)
bits 32
org 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "apic.inc"
%include "debugexit.inc"

    MULTIBOOT_HEADER start

start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24                     ; APIC ID: 0 for the bootstrap processor
    mov ebx, eax
    shl eax, 12
    lea esp, [stacks + eax + 4096]  ; a 4 KiB stack per vCPU

.lock:
    mov eax, 1
    xchg eax, [print_lock]
    test eax, eax
    jz .locked
    pause
    jmp .lock
.locked:
    PUTS hello
    PRINT_HEX32 ebx
    PUTC 10
    mov dword [print_lock], 0
    lock inc dword [done_count]

    test ebx, ebx                   ; the BSP waits for the others (bounded), then exits
    jnz .halt
    mov ecx, 50000000
.wait:
    cmp dword [done_count], 4
    jae .all_done
    loop .wait
.all_done:
    DEBUG_EXIT 0
.halt:
    cli
    hlt
    jmp .halt

    SERIAL_ROUTINES

hello: db 'hello from APIC ID 0x', 0
    align 4
print_lock: dd 0
done_count: dd 0

section .bss
    alignb 4096
stacks: resb 4096 * 8
