; Benchmark (a): integer ALU with loads and stores in a loop — 9 instructions per iteration.
; On N vCPUs every vCPU runs the same loop, on a data page and a stack of its own chosen by its APIC ID, so
; the aggregate rate measures how the emulator scales (no guest-visible sharing in the loop). Each vCPU then
; adds itself to `done` with LOCK XADD; the last one prints the result (the same on every vCPU) and exits, the
; others halt with interrupts off.
; Under virtlab every vCPU enters here (--ap-start all); under `qemu-system-i386 -smp N -kernel` the APs wait
; for INIT-SIPI-SIPI: built with -DSTART_APS, the BSP sends them and the APs come here through a trampoline.
%include "common.inc"

%define MAX_VCPUS 8
%define LAPIC 0xFEE00000
%define TRAMPOLINE 0x8000

start:
    mov eax, 1
    cpuid
    shr ebx, 24                     ; EBX = initial APIC ID
    cmp ebx, MAX_VCPUS
    jae park
    mov esi, ebx
    shl esi, 13
    add esi, vcpu_pages             ; this vCPU's buffer (4 KiB), its stack in the page above
    lea esp, [esi + 8192]
    test ebx, ebx
    jnz .wait_go
    call vcpu_count
    mov [vcpus], eax
%ifdef START_APS
    cmp eax, 1
    je .go
    call start_aps
.go:
%endif
    mov dword [go], 1
.wait_go:
    pause
    cmp dword [go], 0
    je .wait_go

    mov ecx, ITERATIONS
    xor eax, eax
    mov ebx, 0x12345678
.loop:
    add eax, ebx
    xor ebx, eax
    rol ebx, 3
    mov edx, ecx
    and edx, 255
    mov [esi + edx*4], eax
    add eax, [esi + edx*4]
    dec ecx
    jnz .loop

    mov edx, 1
    lock xadd [done], edx
    inc edx
    cmp edx, [vcpus]
    jb park                         ; not the last one
    call print_hex32
    jmp exit_ok

park:
    cli
    hlt
    jmp park

; EAX = number of vCPUs, from fw_cfg (key 0x0005, QEMU's and virtlab's), at most MAX_VCPUS.
vcpu_count:
    mov dx, 0x510
    mov ax, 5
    out dx, ax
    mov dx, 0x511
    in al, dx
    movzx eax, al
    cmp eax, MAX_VCPUS
    jbe .ok
    mov eax, MAX_VCPUS
.ok:
    ret

; INIT and two start-up IPIs to all but self; the APs run `trampoline`, copied to TRAMPOLINE.
start_aps:
    pushad
    mov esi, trampoline
    mov edi, TRAMPOLINE
    mov ecx, trampoline_end - trampoline
    cld
    rep movsb
    mov dword [LAPIC + 0x310], 0
    mov dword [LAPIC + 0x300], 0x000C4500                       ; INIT, assert, all but self
    mov ecx, 100000                                             ; the SDM's waits (8.4.4.1), as spins
    call spin
    mov dword [LAPIC + 0x300], 0x000C4600 | (TRAMPOLINE >> 12)  ; STARTUP
    mov ecx, 10000
    call spin
    mov dword [LAPIC + 0x300], 0x000C4600 | (TRAMPOLINE >> 12)
    popad
    ret

spin:
    pause
    dec ecx
    jnz spin
    ret

align 8
gdt:
    dq 0
    dq 0x00CF9A000000FFFF           ; 0x08: flat 32-bit code
    dq 0x00CF92000000FFFF           ; 0x10: flat data
gdt_end:

; Real mode at TRAMPOLINE:0 (CS = TRAMPOLINE >> 4): load the GDT, enter protected mode, go to `start`.
bits 16
trampoline:
    cli
    o32 lgdt [cs:trampoline_gdtr - trampoline]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp dword 0x08:ap_entry
trampoline_gdtr:
    dw gdt_end - gdt - 1
    dd gdt
trampoline_end:
bits 32

ap_entry:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    jmp start

image_end:
section .bss align=4096
vcpu_pages:
        resb MAX_VCPUS * 8192       ; per vCPU: the loop's buffer (256 dwords) and a stack page
go:     resd 1                      ; set by the BSP once the APs are started
vcpus:  resd 1
        resb 64 - 8
done:   resd 1                      ; vCPUs finished (LOCK XADD)
        resb 4096 - 68
bss_end:
