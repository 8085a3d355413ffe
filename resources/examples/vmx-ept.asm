; vmx-ept.asm - extended page tables (EPT): a hypervisor gives its guest a guest-physical address space of its
; own and fills it lazily, one page per EPT violation, as KVM does for a VM's memory.
;
; @title   EPT: a guest's memory filled on demand (VT-x)
; @mode    native
; @vcpus   1
; @ends    debug-exit 0
; @output  hypervisor: VMX on, EPT and VPID offered
; @output  hypervisor: EPT maps guest-physical 0-4 MiB; 4-8 MiB is empty
; @output  exit 48 EPT violation: qualification 0x00000182 (write, not present), GPA 0x00400100, GLA 0x00400100
; @output  hypervisor: GPA 0x00400000 -> host-physical 0x00300000, INVEPT, retry
; @output  exit 48 EPT violation: qualification 0x00000181 (read, not present), GPA 0x00401FFC, GLA 0x00401FFC
; @output  hypervisor: GPA 0x00401000 -> host-physical 0x00301000, INVEPT, retry
; @output  exit 12 HLT: the guest read back 0x5EE0CAFE; host-physical 0x00300100 holds 0x5EE0CAFE
; @output  hypervisor: 2 EPT violations, bye
; @qemu    differs: QEMU's TCG has no VMX
;
;     virtlab run resources/examples/vmx-ept.asm
;
; What happens:
;   1. paging (4 MiB pages: 0-8 MiB identity) and VMXON as in vmx-hypervisor.asm; the secondary controls
;      "enable EPT" and "enable VPID" must be allowed (IA32_VMX_PROCBASED_CTLS2);
;   2. an EPT: guest-physical 0-4 MiB maps onto host-physical 0-4 MiB with two 2 MiB pages (the guest's code,
;      stack and page directory are there); guest-physical 4-6 MiB goes through an EPT page table whose entries
;      are all "not present" yet. VMCS_EPT_POINTER = the PML4 table | write-back | 4-level walk; VPID 1;
;   3. the guest writes to 0x400100. Its own paging (this program's page directory, shared) says linear
;      0x400100 is guest-physical 0x400100; EPT has no entry: an EPT violation, exit reason 48. It is a fault:
;      the write has not happened and GUEST_RIP still points at it. The exit qualification says why (bit 1 a
;      write; bits 5:3 = 0: nothing was allowed; bit 7: GUEST_LINEAR_ADDRESS is valid; bit 8: the access was the
;      final one, not a read of the guest's page tables), VMCS_GUEST_PHYSICAL_ADDRESS says where;
;   4. the hypervisor takes a free host page (0x300000 for guest page 0x400000, and so on), points the EPT
;      entry at it, runs INVEPT (a changed entry must be invalidated; a new one would not need it, but this
;      keeps the habit) and VMRESUMEs at the same GUEST_RIP: the write goes through, into host page 0x300000;
;   5. the guest reads 0x401ffc: a second violation (a read), the next host page; then HLT. The hypervisor
;      reads the guest's value from host-physical 0x300100: guest-physical and host-physical differ.
; Try: give the guest's page R and X only (EPT_READ | EPT_EXECUTE) and watch bit 1 with bits 3 and 5 set.
bits 32
org 0x100000
ORIGIN equ 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "apic.inc"
%include "debugexit.inc"
%include "gdt.inc"
%include "tss.inc"
%include "vmx-setup.inc"
%include "ept.inc"

KERNEL_CS equ 0x08
KERNEL_DS equ 0x10
TSS_SEL   equ 0x18
PDE_4M    equ 0x83                  ; present, writable, 4 MiB page (PS)
VPID      equ 1
HOST_POOL equ 0x300000              ; host-physical pages the guest's lazily filled memory comes from
EPTP      equ ept_pml4 + EPTP_WB + EPTP_WALK_4

    MULTIBOOT_HEADER start

start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24
    jnz park                        ; only the bootstrap processor runs
    mov esp, host_stack_top
    call serial_init
    LOAD_GDT gdt_ptr, KERNEL_CS, KERNEL_DS
    mov ax, TSS_SEL
    ltr ax
    mov edi, page_dir               ; zeroed tables and regions
    mov ecx, (bss_end - page_dir) / 4
    xor eax, eax
    cld
    rep stosd

    ; Paging: 0-4 MiB and 4-8 MiB onto themselves (the guest shares this page directory).
    mov dword [page_dir], 0 | PDE_4M
    mov dword [page_dir + 4], 0x400000 | PDE_4M
    mov eax, cr4
    or eax, CR4_PSE
    mov cr4, eax
    mov eax, page_dir
    mov cr3, eax
    mov eax, cr0
    or eax, CR0_PG
    mov cr0, eax

    mov esi, vmxon_region
    call vmx_enable
    jc fatal
    mov esi, vmcs_region
    call vmx_load_vmcs
    jc fatal
    mov eax, CPU2_ENABLE_EPT | CPU2_ENABLE_VPID
    mov ecx, IA32_VMX_PROCBASED_CTLS2
    call vmx_adjust_controls
    cmp eax, CPU2_ENABLE_EPT | CPU2_ENABLE_VPID
    mov ebx, msg_no_ept
    jne fatal_msg
    mov [secondary], eax
    PUTS msg_vmx_on

    call build_ept
    PUTS msg_ept

    ; Controls: HLT exits; the secondary controls are active: EPT and VPID.
    xor eax, eax
    mov ecx, IA32_VMX_PINBASED_CTLS
    call vmx_adjust_controls
    VMCS_WRITE VMCS_PIN_BASED_VM_EXEC_CONTROL, eax
    mov eax, CPU_HLT_EXITING | CPU_ACTIVATE_SECONDARY
    mov ecx, IA32_VMX_PROCBASED_CTLS
    call vmx_adjust_controls
    VMCS_WRITE VMCS_CPU_BASED_VM_EXEC_CONTROL, eax
    VMCS_WRITE VMCS_SECONDARY_VM_EXEC_CONTROL, [secondary]
    VMCS_WRITE VMCS_EPT_POINTER, EPTP
    VMCS_WRITE VMCS_EPT_POINTER + 1, 0
    VMCS_WRITE VMCS_VIRTUAL_PROCESSOR_ID, VPID
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
    mov esi, msg_vmlaunch           ; VMLAUNCH continues here only when it failed
    jmp vmfail

; The EPT: PML4[0] -> PDPT[0] -> PD; PD[0], PD[1]: 2 MiB pages for guest-physical 0-4 MiB (identity);
; PD[2] -> a page table for 4-6 MiB with every entry 0 (not present): filled on demand by ept_violation.
build_ept:
    mov dword [ept_pml4], ept_pdpt + EPT_RWX
    mov dword [ept_pdpt], ept_pd + EPT_RWX
    mov dword [ept_pd + 0 * 8], 0x000000 | EPT_LARGE | EPT_MT_WB | EPT_RWX
    mov dword [ept_pd + 1 * 8], 0x200000 | EPT_LARGE | EPT_MT_WB | EPT_RWX
    mov dword [ept_pd + 2 * 8], ept_pt + EPT_RWX
    ret

; ---------------------------------------------------------------------------------------------------------
vm_exit:
    pushad
    VMCS_READ eax, VMCS_VM_EXIT_REASON
    test eax, EXIT_REASON_ENTRY_FAILURE
    jnz unexpected
    movzx eax, ax
    cmp eax, EXIT_REASON_EPT_VIOLATION
    je ept_violation
    cmp eax, EXIT_REASON_HLT
    je guest_done
    jmp unexpected

; Exit 48: print why, give the guest page a host page, INVEPT, and retry the same instruction (GUEST_RIP is
; left as it is: an EPT violation is a fault).
ept_violation:
    inc dword [violations]
    PUTS msg_violation
    VMCS_READ ebx, VMCS_EXIT_QUALIFICATION
    PRINT_HEX32 ebx
    mov esi, msg_read
    test ebx, EPT_QUAL_WRITE
    jz .kind
    mov esi, msg_write
.kind:
    PUTS esi
    test ebx, EPT_QUAL_READABLE | EPT_QUAL_WRITABLE | EPT_QUAL_EXECUTABLE
    jnz .gpa
    PUTS msg_not_present
.gpa:
    PUTS msg_gpa
    VMCS_READ edi, VMCS_GUEST_PHYSICAL_ADDRESS
    PRINT_HEX32 edi
    test ebx, EPT_QUAL_GLA_VALID
    jz .map
    PUTS msg_gla
    VMCS_READ eax, VMCS_GUEST_LINEAR_ADDRESS
    PRINT_HEX32 eax
.map:
    PUTC 10
    and edi, ~0xFFF                 ; the guest page
    cmp edi, 0x400000
    jb unexpected                   ; only 4-6 MiB is filled on demand
    cmp edi, 0x600000
    jae unexpected
    mov eax, [next_host_page]
    add dword [next_host_page], 0x1000
    mov ecx, edi
    sub ecx, 0x400000
    shr ecx, 12                     ; index in the EPT page table
    mov edx, eax
    or edx, EPT_MT_WB | EPT_RWX
    mov [ept_pt + ecx * 8], edx
    INVEPT_SINGLE EPTP
    PUTS msg_mapped
    PRINT_HEX32 edi
    PUTS msg_to_host
    PRINT_HEX32 eax
    PUTS msg_retry
    popad
    vmresume
    mov esi, msg_vmresume
    jmp vmfail

guest_done:
    PUTS msg_hlt
    mov eax, [esp + 28]             ; the guest's EAX (PUSHAD frame): what it read back
    PRINT_HEX32 eax
    PUTS msg_host_holds
    mov eax, [HOST_POOL + 0x100]    ; where guest-physical 0x400100 really is
    PRINT_HEX32 eax
    PUTC 10
    PUTS msg_count
    mov eax, [violations]
    add al, '0'
    PUTC al
    PUTS msg_bye
    vmxoff
    DEBUG_EXIT 0

unexpected:
    PUTS msg_unexpected
    PRINT_HEX32 eax
    PUTC 10
    DEBUG_EXIT 4

vmfail:
    PUTS esi
    DEBUG_EXIT 2

fatal:
    mov ebx, eax
fatal_msg:
    PUTS ebx
    PUTC 10
    DEBUG_EXIT 1

park:
    cli
    hlt
    jmp park

    SERIAL_ROUTINES
    VMX_ROUTINES

; ---------------------------------------------------------------------------------------------------------
; The guest: it only sees its guest-physical memory; 4-6 MiB looks like ordinary RAM to it.
guest:
    mov dword [0x400100], 0x5EE0CAFE    ; exit 48 (write), then it completes
    mov eax, [0x401ffc]                 ; exit 48 (read): a fresh page reads 0
    mov eax, [0x400100]                 ; no exit: the page is mapped now
    hlt                                 ; exit 12

msg_vmx_on:      db 'hypervisor: VMX on, EPT and VPID offered', 10, 0
msg_no_ept:      db 'hypervisor: this CPU cannot enable EPT and VPID (IA32_VMX_PROCBASED_CTLS2)', 0
msg_ept:         db 'hypervisor: EPT maps guest-physical 0-4 MiB; 4-8 MiB is empty', 10, 0
msg_violation:   db 'exit 48 EPT violation: qualification 0x', 0
msg_read:        db ' (read', 0
msg_write:       db ' (write', 0
msg_not_present: db ', not present', 0
msg_gpa:         db '), GPA 0x', 0
msg_gla:         db ', GLA 0x', 0
msg_mapped:      db 'hypervisor: GPA 0x', 0
msg_to_host:     db ' -> host-physical 0x', 0
msg_retry:       db ', INVEPT, retry', 10, 0
msg_hlt:         db 'exit 12 HLT: the guest read back 0x', 0
msg_host_holds:  db '; host-physical 0x00300100 holds 0x', 0
msg_count:       db 'hypervisor: ', 0
msg_bye:         db ' EPT violations, bye', 10, 0
msg_unexpected:  db 'hypervisor: unexpected exit ', 0
msg_vmlaunch:    db 'VMLAUNCH failed', 10, 0
msg_vmresume:    db 'VMRESUME failed', 10, 0

next_host_page:  dd HOST_POOL
violations:      dd 0
secondary:       dd 0

    align 8
gdt:
    GDT_NULL
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING0, GDT_FLAGS_4K_32                   ; 0x08
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING0, GDT_FLAGS_4K_32                   ; 0x10
    GDT_ENTRY tss - $$ + ORIGIN, tss32_size - 1, GDT_TSS32, GDT_FLAGS_1B_32 ; 0x18
gdt_end:
gdt_ptr: GDT_POINTER gdt, gdt_end

tss:
    istruc tss32
        at tss32.iomap, dw tss32_size   ; no I/O bitmap
    iend

section .bss
    alignb 4096                     ; tables and regions are 4 KiB aligned
page_dir:     resd 1024
vmxon_region: resb 4096
vmcs_region:  resb 4096
ept_pml4:     resb 4096
ept_pdpt:     resb 4096
ept_pd:       resb 4096
ept_pt:       resb 4096
    resb 4096
host_stack_top:
    resb 4096
exit_stack_top:                     ; HOST_RSP: each VM exit starts on an empty stack here
    resb 4096
guest_stack_top:
bss_end:
