; cpuid.asm - what the CPU says about itself: vendor, family/model/stepping, brand string, and the feature
; flags of CPUID leaf 1 under the names Linux shows in /proc/cpuinfo - among them vmx, the VT-x bit.
;
; @title   CPUID: vendor, brand and feature flags
; @mode    native
; @vcpus   1 2 4
; @ends    debug-exit 0
; @output  vendor: GenuineIntel
; @output  family 6, model 15, stepping 11
; @output  brand: VirtLab IA-32 vCPU (emulated)
; @output  flags: pse tsc msr cx8 apic sep pge cmov vmx
; @output  VT-x: CPUID.1:ECX.VMX = 1
; @qemu    differs: it prints the CPU it runs on, and QEMU's default CPU is another model (qemu32)
;
;     virtlab run resources/examples/cpuid.asm
;
; CPUID takes a leaf number in EAX and answers in EAX, EBX, ECX and EDX. Leaf 0: the highest basic leaf and
; the vendor (EBX, EDX, ECX: 12 characters). Leaf 1: the signature in EAX, the initial APIC ID in EBX[31:24],
; feature bits in EDX and ECX. Leaves 0x80000002-4: the brand string, 16 characters each.
; Only the bootstrap processor (APIC ID 0) prints; the other vCPUs park.
bits 32
org 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "apic.inc"
%include "debugexit.inc"

CPUID_ECX_VMX equ 1 << 5

    MULTIBOOT_HEADER start

start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24
    jnz park                        ; only the bootstrap processor runs
    mov esp, stack_top
    call serial_init

    xor eax, eax                    ; leaf 0: vendor
    cpuid
    mov [text], ebx
    mov [text + 4], edx
    mov [text + 8], ecx
    mov byte [text + 12], 0
    PUTS msg_vendor
    PUTS text
    PUTC 10

    mov eax, 1                      ; leaf 1: signature and features
    cpuid
    mov [features_edx], edx
    mov [features_ecx], ecx
    mov ebx, eax
    PUTS msg_family                 ; family EAX[11:8], model EAX[7:4], stepping EAX[3:0]
    mov eax, ebx
    shr eax, 8
    and eax, 0xF
    call print_dec
    PUTS msg_model
    mov eax, ebx
    shr eax, 4
    and eax, 0xF
    call print_dec
    PUTS msg_stepping
    mov eax, ebx
    and eax, 0xF
    call print_dec
    PUTC 10

    mov eax, 0x80000000             ; is there a brand string?
    cpuid
    cmp eax, 0x80000004
    jb .flags
    mov edi, text
    mov esi, 0x80000002
.brand:
    mov eax, esi
    cpuid
    mov [edi], eax
    mov [edi + 4], ebx
    mov [edi + 8], ecx
    mov [edi + 12], edx
    add edi, 16
    inc esi
    cmp esi, 0x80000004
    jbe .brand
    mov byte [edi], 0
    PUTS msg_brand
    PUTS text
    PUTC 10

.flags:
    PUTS msg_flags
    mov edx, [features_edx]
    mov esi, edx_names
    call print_flags
    mov edx, [features_ecx]
    mov esi, ecx_names
    call print_flags
    PUTC 10

    PUTS msg_vmx
    mov eax, [features_ecx]
    and eax, CPUID_ECX_VMX
    shr eax, 5
    call print_dec
    PUTC 10
    DEBUG_EXIT 0

; print_flags: for each set bit of EDX (0 to 31), ' ' and its name from the 32 names at ESI (an empty name
; for a bit Linux does not name).
print_flags:
    mov ecx, 32
.bit:
    shr edx, 1
    jnc .next
    cmp byte [esi], 0
    je .next
    PUTC ' '
    call serial_puts
.next:
    lodsb                           ; skip to the next name
    test al, al
    jnz .next
    loop .bit
    ret

; print_dec: EAX as an unsigned decimal number.
print_dec:
    pushad
    mov ebx, 10
    xor ecx, ecx
.divide:
    xor edx, edx
    div ebx
    push edx                        ; digits come out lowest first
    inc ecx
    test eax, eax
    jnz .divide
.digit:
    pop eax
    add al, '0'
    call serial_putc
    loop .digit
    popad
    ret

park:
    cli
    hlt
    jmp park

    SERIAL_ROUTINES

msg_vendor:   db 'vendor: ', 0
msg_family:   db 'family ', 0
msg_model:    db ', model ', 0
msg_stepping: db ', stepping ', 0
msg_brand:    db 'brand: ', 0
msg_flags:    db 'flags:', 0
msg_vmx:      db 'VT-x: CPUID.1:ECX.VMX = ', 0

; CPUID.1:EDX and CPUID.1:ECX, bit 0 first, as arch/x86/include/asm/cpufeatures.h names them
edx_names:
    db 'fpu',0, 'vme',0, 'de',0, 'pse',0, 'tsc',0, 'msr',0, 'pae',0, 'mce',0
    db 'cx8',0, 'apic',0, 0, 'sep',0, 'mtrr',0, 'pge',0, 'mca',0, 'cmov',0
    db 'pat',0, 'pse36',0, 'pn',0, 'clflush',0, 0, 'dts',0, 'acpi',0, 'mmx',0
    db 'fxsr',0, 'sse',0, 'sse2',0, 'ss',0, 'ht',0, 'tm',0, 'ia64',0, 'pbe',0
ecx_names:
    db 'pni',0, 'pclmulqdq',0, 'dtes64',0, 'monitor',0, 'ds_cpl',0, 'vmx',0, 'smx',0, 'est',0
    db 'tm2',0, 'ssse3',0, 'cid',0, 'sdbg',0, 'fma',0, 'cx16',0, 'xtpr',0, 'pdcm',0
    db 0, 'pcid',0, 'dca',0, 'sse4_1',0, 'sse4_2',0, 'x2apic',0, 'movbe',0, 'popcnt',0
    db 'tsc_deadline_timer',0, 'aes',0, 'xsave',0, 0, 'avx',0, 'f16c',0, 'rdrand',0, 'hypervisor',0

section .bss
    alignb 4
features_edx: resd 1
features_ecx: resd 1
text:         resb 52               ; vendor (12) or brand string (48), 0-terminated
    alignb 16
    resb 4096
stack_top:
