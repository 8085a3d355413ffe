; Benchmark: the VM exit round trip of a hypervisor written in NASM. The host turns VMX on with
; vmx-setup.inc and launches a guest that runs CPUID ITERATIONS times; CPUID always exits in VMX non-root
; operation, and the handler at HOST_RIP only counts the exit, moves GUEST_RIP past the instruction and
; VMRESUMEs. So one iteration is one guest CPUID, one VM exit, 23 host instructions (three VMREADs and one
; VMWRITE through the vmx-setup.inc macros) and one VM entry. N (ITERATIONS) must be at least 1. The
; guest then makes a VMCALL; the host prints the exit count (hex) and ends with isa-debug-exit 0.
; With -DNATIVE the same loop runs in the host itself, without VMX (the cost of a plain CPUID), and prints
; its iteration count. Build with -I test/bench/guests/ -I resources/include/.
; Failures end with isa-debug-exit 1 (set-up: vmx_enable's message is printed) or 2 (an unexpected exit
; reason, printed, or a failed VMLAUNCH/VMRESUME).
%include "common.inc"
%include "gdt.inc"
%include "tss.inc"
%include "serial.inc"
%include "vmx-setup.inc"

KERNEL_CS equ 0x08
KERNEL_DS equ 0x10
TSS_SEL   equ 0x18
PDE_4M    equ 0x83                  ; present, writable, 4 MiB page (PS)

start:
    mov esp, host_stack_top
    SERIAL_INIT                     ; 8 data bits: Bochs' UART starts with 5 (no BIOS sets it up)
    LOAD_GDT gdt_ptr, KERNEL_CS, KERNEL_DS
    mov ax, TSS_SEL                 ; a VM exit loads TR from the VMCS, which may not be null
    ltr ax
    ; One 4 MiB identity page (the loader cleared the BSS): CR0.PG is fixed to 1 in VMX operation.
    mov dword [page_dir], 0 | PDE_4M
    mov eax, cr4
    or eax, CR4_PSE
    mov cr4, eax
    mov eax, page_dir
    mov cr3, eax
    mov eax, cr0
    or eax, CR0_PG
    mov cr0, eax
%ifdef NATIVE
    jmp guest                       ; the same loop, no VMX
%else
    mov esi, vmxon_region
    call vmx_enable
    jc setup_failed
    mov esi, vmcs_region
    call vmx_load_vmcs
    jc setup_failed
    ; No optional controls: CPUID and VMCALL exit whatever the controls say.
    xor eax, eax
    mov ecx, IA32_VMX_PINBASED_CTLS
    call vmx_adjust_controls
    VMCS_WRITE VMCS_PIN_BASED_VM_EXEC_CONTROL, eax
    xor eax, eax
    mov ecx, IA32_VMX_PROCBASED_CTLS
    call vmx_adjust_controls
    VMCS_WRITE VMCS_CPU_BASED_VM_EXEC_CONTROL, eax
    xor eax, eax
    mov ecx, IA32_VMX_EXIT_CTLS
    call vmx_adjust_controls
    VMCS_WRITE VMCS_VM_EXIT_CONTROLS, eax
    xor eax, eax
    mov ecx, IA32_VMX_ENTRY_CTLS
    call vmx_adjust_controls
    VMCS_WRITE VMCS_VM_ENTRY_CONTROLS, eax
    call vmx_zero_controls
    call vmx_host_state_from_current
    VMCS_WRITE VMCS_HOST_RSP, exit_stack_top
    VMCS_WRITE VMCS_HOST_RIP, vm_exit
    mov eax, guest
    mov ebx, guest_stack_top
    call vmx_guest_state_flat
    vmlaunch
    jmp vmfail                      ; VMLAUNCH continues here only when it failed

; HOST_RIP. The guest's registers are live: the loop keeps its count in ESI, which the handler leaves alone;
; EAX, EBX and EDX are CPUID's outputs, so the handler may use them (the guest ignores what CPUID returns).
vm_exit:
    VMCS_READ eax, VMCS_VM_EXIT_REASON
    cmp eax, EXIT_REASON_CPUID      ; bit 31 (entry failure) set also takes the slow path
    jne .not_cpuid
    inc dword [exit_count]
    VMCS_READ eax, VMCS_VM_EXIT_INSTRUCTION_LEN
    VMCS_READ ebx, VMCS_GUEST_RIP
    add ebx, eax
    VMCS_WRITE VMCS_GUEST_RIP, ebx
    vmresume
    jmp vmfail                      ; VMRESUME continues here only when it failed
.not_cpuid:
    cmp eax, EXIT_REASON_VMCALL
    jne unexpected_exit
    vmxoff
    PRINT_HEX32 [exit_count]
    PUTC 10
    jmp exit_ok

unexpected_exit:                    ; EAX: the exit reason
    PRINT_HEX32 eax
    PUTC 10
    jmp exit_failed
vmfail:
    VMCS_READ eax, VMCS_VM_INSTRUCTION_ERROR
    PRINT_HEX32 eax
    PUTC 10
exit_failed:
    mov al, 2
    out 0xF4, al
    cli
    hlt
setup_failed:                       ; EAX: vmx_enable's or vmx_load_vmcs's message
    PUTS eax
    PUTC 10
    mov al, 1
    out 0xF4, al
    cli
    hlt

    VMX_ROUTINES
%endif

; The guest (VMX non-root; the host itself with -DNATIVE).
guest:
    mov esi, ITERATIONS
.loop:
    xor eax, eax
    cpuid
    dec esi
    jnz .loop
%ifdef NATIVE
    mov eax, ITERATIONS
    sub eax, esi                    ; the iterations done
    PRINT_HEX32 eax
    PUTC 10
    jmp exit_ok
%else
    vmcall                          ; done: back to the host for the report
%endif

    SERIAL_ROUTINES

    DATA_PAGE
exit_count: dd 0
    align 8
gdt:
    GDT_NULL
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING0, GDT_FLAGS_4K_32                   ; 0x08
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING0, GDT_FLAGS_4K_32                   ; 0x10
    GDT_ENTRY ABS(tss), tss32_size - 1, GDT_TSS32, GDT_FLAGS_1B_32          ; 0x18
gdt_end:
gdt_ptr: GDT_POINTER gdt, gdt_end
tss:
    istruc tss32
        at tss32.iomap, dw tss32_size   ; no I/O bitmap
    iend

image_end:
section .bss align=4096
page_dir:     resd 1024
vmxon_region: resb 4096             ; the page directory, the VMXON region and the VMCS are 4 KiB aligned
vmcs_region:  resb 4096
              resb 4096
host_stack_top:
              resb 4096
exit_stack_top:                     ; HOST_RSP
              resb 4096
guest_stack_top:
bss_end:
