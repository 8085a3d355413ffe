; vmx-hypervisor.asm - a hypervisor of your own: this program turns VT-x on (VMX root operation), builds a
; VMCS for a small guest that lives in the same image, launches it, and handles every VM exit the guest causes.
;
; @title   Your own hypervisor (VT-x)
; @mode    native
; @vcpus   1 2 4
; @ends    debug-exit 0
; @output  hypervisor: paging on, VMX on, VMCS loaded
; @output  hypervisor: launching the guest
; @output  exit 10 CPUID leaf 0x00000000: vendor "StudentHyper"
; @output  exit 10 CPUID leaf 0x00000001: hypervisor bit set, VMX bit hidden
; @output  exit 30 I/O 0x03F8 x54: guest: my CPU is a StudentHyper, a hypervisor runs me
; @output  exit 18 VMCALL hypercall 1: add(0x00000028, 0x00000002) = 0x0000002A
; @output  exit 30 I/O 0x03F8 x39: guest: the hypervisor says 40 + 2 = 42
; @output  exit 12 HLT: done after 190 exits: 2 CPUID, 93 IN, 93 OUT, 1 VMCALL, 1 HLT
; @output  hypervisor: VMXOFF, bye
; @qemu    differs: QEMU's TCG has no VMX (it prints "CPUID.1:ECX.VMX is 0: this CPU has no VT-x")
;
;     virtlab run resources/examples/vmx-hypervisor.asm
;
; The host (this program in VMX root operation):
;   1. its own GDT with a TSS (a VM exit loads TR from the VMCS, which may not be null) and paging on with one
;      4 MiB identity page: CR0.PG is one of the bits VMX operation fixes to 1;
;   2. vmx_enable (vmx-setup.inc): CPUID.1:ECX.VMX, IA32_FEATURE_CONTROL locked with VMX on, the CR0/CR4 fixed
;      bits (CR4.VMXE), the revision identifier from IA32_VMX_BASIC in the VMXON region, VMXON;
;   3. a VMCS: VMCLEAR, VMPTRLD; controls adjusted by their capability MSRs (CPUID and VMCALL always exit;
;      HLT exiting and unconditional I/O exiting make HLT, IN and OUT exit); host state = its own state, with
;      HOST_RIP = vm_exit and HOST_RSP = a stack of its own; guest state = flat ring 0 at `guest`;
;   4. VMLAUNCH. From then on the CPU runs the guest until it does something the controls say must exit;
;      then it saves the guest's state in the VMCS, loads the host state and jumps to vm_exit. The handler
;      reads why (VM_EXIT_REASON, EXIT_QUALIFICATION), does the work, moves GUEST_RIP past the instruction
;      (VM_EXIT_INSTRUCTION_LEN) and VMRESUMEs.
; The guest never touches real hardware: its CPUID answers come from the host, its serial driver's IN and
; OUT are caught (one VM exit each) and the bytes forwarded to the real COM1 by the host, VMCALL is its way to ask the host for a service
; (a hypercall), and HLT ends it. The general-purpose registers are not in the VMCS: at a VM exit they still
; hold the guest's values, so the handler saves them first (PUSHAD) and edits that copy to answer.
; A failed VMLAUNCH/VMRESUME (CF or ZF set, VM_INSTRUCTION_ERROR) and a failed VM entry (exit reason bit 31)
; are reported. Only the bootstrap processor runs; other vCPUs park.
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

KERNEL_CS equ 0x08
KERNEL_DS equ 0x10
TSS_SEL   equ 0x18

PDE_4M    equ 0x83                  ; present, writable, 4 MiB page (PS)
HC_ADD    equ 1                     ; hypercall 1: EAX = EBX + ECX
CPUID_1_ECX_HYPERVISOR equ 1 << 31  ; "a hypervisor is present" (what a VMM reports to its guests)
UART_LSR_TEMT equ 0x40              ; line status: transmitter empty (shift register too)

; The guest's registers as PUSHAD leaves them on the exit handler's stack
FRAME_EDI equ 0
FRAME_ESI equ 4
FRAME_EBP equ 8
FRAME_EBX equ 16
FRAME_EDX equ 20
FRAME_ECX equ 24
FRAME_EAX equ 28

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

    ; RAM the loader did not clear may hold anything: start from zeroed tables and regions.
    mov edi, page_dir
    mov ecx, (bss_end - page_dir) / 4
    xor eax, eax
    cld
    rep stosd

    ; Paging: one 4 MiB page maps 0-4 MiB onto itself (code, data, stacks keep their addresses).
    mov dword [page_dir], 0 | PDE_4M
    mov eax, cr4
    or eax, CR4_PSE
    mov cr4, eax
    mov eax, page_dir
    mov cr3, eax
    mov eax, cr0
    or eax, CR0_PG
    mov cr0, eax

    mov esi, vmxon_region
    call vmx_enable                 ; VMXON: this program is now in VMX root operation
    jc fatal
    mov esi, vmcs_region
    call vmx_load_vmcs              ; the current VMCS
    jc fatal
    PUTS msg_vmx_on

    ; VM-execution, exit and entry controls: what we want, adjusted to what the CPU requires and allows.
    xor eax, eax
    mov ecx, IA32_VMX_PINBASED_CTLS
    call vmx_adjust_controls
    VMCS_WRITE VMCS_PIN_BASED_VM_EXEC_CONTROL, eax
    mov eax, CPU_HLT_EXITING | CPU_UNCOND_IO_EXITING
    mov ecx, IA32_VMX_PROCBASED_CTLS
    call vmx_adjust_controls
    mov ebx, eax
    and ebx, CPU_HLT_EXITING | CPU_UNCOND_IO_EXITING
    cmp ebx, CPU_HLT_EXITING | CPU_UNCOND_IO_EXITING
    je .exiting_allowed
    mov eax, msg_no_exiting         ; the CPU does not allow the controls this example relies on
    jmp fatal
.exiting_allowed:
    VMCS_WRITE VMCS_CPU_BASED_VM_EXEC_CONTROL, eax
    xor eax, eax                    ; a 32-bit host: no "host address-space size" (that is for 64-bit hosts)
    mov ecx, IA32_VMX_EXIT_CTLS
    call vmx_adjust_controls
    VMCS_WRITE VMCS_VM_EXIT_CONTROLS, eax
    xor eax, eax                    ; a 32-bit guest: no "IA-32e mode guest"
    mov ecx, IA32_VMX_ENTRY_CTLS
    call vmx_adjust_controls
    VMCS_WRITE VMCS_VM_ENTRY_CONTROLS, eax
    call vmx_zero_controls

    ; Host state: where every VM exit lands.
    call vmx_host_state_from_current
    VMCS_WRITE VMCS_HOST_RSP, exit_stack_top
    VMCS_WRITE VMCS_HOST_RIP, vm_exit

    ; Guest state: flat ring 0 at `guest`, on its own stack.
    mov eax, guest
    mov ebx, guest_stack_top
    call vmx_guest_state_flat

    PUTS msg_launch
    vmlaunch
    ; VMLAUNCH continues here only when it failed; on success the next thing this program runs is vm_exit.
    pushfd
    mov esi, msg_vmlaunch
    jmp vmfail

; ---------------------------------------------------------------------------------------------------------
; The VM-exit handler (HOST_RIP). ESP = HOST_RSP; every general-purpose register still holds the guest's value.
vm_exit:
    pushad                          ; the guest's registers: the handler reads and answers through this frame
    inc dword [exit_count]
    VMCS_READ eax, VMCS_VM_EXIT_REASON
    test eax, EXIT_REASON_ENTRY_FAILURE
    jnz entry_failed                ; the guest never ran: its state broke a VM-entry check
    movzx eax, ax                   ; the basic exit reason
    cmp eax, EXIT_REASON_CPUID
    je exit_cpuid
    cmp eax, EXIT_REASON_IO_INSTRUCTION
    je exit_io
    cmp eax, EXIT_REASON_VMCALL
    je exit_vmcall
    cmp eax, EXIT_REASON_HLT
    je exit_hlt
    jmp exit_unexpected

; Back to the guest, after the instruction that exited (the CPU left GUEST_RIP on it).
resume:
    VMCS_READ eax, VMCS_VM_EXIT_INSTRUCTION_LEN
    VMCS_READ ebx, VMCS_GUEST_RIP
    add ebx, eax
    VMCS_WRITE VMCS_GUEST_RIP, ebx
    popad                           ; the guest's registers, with the handler's answers
    vmresume
    pushfd                          ; VMRESUME continues here only when it failed
    mov esi, msg_vmresume
    jmp vmfail

; CPUID (exit reason 10) always exits in VMX non-root operation: the hypervisor decides what the guest sees.
exit_cpuid:
    inc dword [cpuid_exits]
    PUTS msg_exit_cpuid
    mov eax, [esp + FRAME_EAX]      ; the leaf the guest asked for
    PRINT_HEX32 eax
    test eax, eax
    jnz .leaf1
    mov dword [esp + FRAME_EAX], 1  ; highest leaf
    mov dword [esp + FRAME_EBX], 'Stud'  ; the vendor string is EBX, EDX, ECX
    mov dword [esp + FRAME_EDX], 'entH'
    mov dword [esp + FRAME_ECX], 'yper'
    PUTS msg_vendor
    jmp resume
.leaf1:
    cmp eax, 1
    jne .other
    cpuid                           ; the real leaf 1 (root operation: no exit) ...
    and ecx, ~CPUID_1_ECX_VMX       ; ... without VMX (no nested virtualization here) ...
    or ecx, CPUID_1_ECX_HYPERVISOR  ; ... and with the hypervisor-present bit
    mov [esp + FRAME_EAX], eax
    mov [esp + FRAME_EBX], ebx
    mov [esp + FRAME_ECX], ecx
    mov [esp + FRAME_EDX], edx
    PUTS msg_leaf1
    jmp resume
.other:
    xor eax, eax                    ; leaves the guest was not told about: zeros
    mov [esp + FRAME_EAX], eax
    mov [esp + FRAME_EBX], eax
    mov [esp + FRAME_ECX], eax
    mov [esp + FRAME_EDX], eax
    PUTC 10
    jmp resume

; IN/OUT (exit reason 30) exit because of "unconditional I/O exiting". The exit qualification says which
; port, which direction and how wide. The guest's COM1 is emulated: its line status register always says
; "transmitter empty", bytes written to its data register are collected and printed as one line per newline.
exit_io:
    VMCS_READ eax, VMCS_EXIT_QUALIFICATION
    test eax, IO_QUAL_STRING | IO_QUAL_REP
    jnz exit_unexpected             ; INS/OUTS are not emulated here
    mov ebx, eax
    shr ebx, IO_QUAL_PORT_SHIFT     ; the port
    test eax, IO_QUAL_IN
    jz .out
    inc dword [in_exits]
    mov byte [esp + FRAME_EAX], 0xFF    ; the guest's AL: nothing at other ports
    cmp ebx, COM1 + UART_LSR
    jne resume
    mov byte [esp + FRAME_EAX], UART_LSR_THRE | UART_LSR_TEMT
    jmp resume
.out:
    inc dword [out_exits]
    cmp ebx, COM1
    jne resume                      ; writes to other ports are dropped
    inc dword [io_exits]
    mov al, [esp + FRAME_EAX]       ; the guest's AL
    cmp al, 10
    je .line
    mov ebx, [line_len]
    cmp ebx, line_max
    jae resume
    mov [line + ebx], al
    inc dword [line_len]
    jmp resume
.line:
    PUTS msg_exit_io
    mov eax, COM1
    call print_hex16
    PUTS msg_times
    mov eax, [io_exits]
    call print_decimal
    PUTS msg_colon
    mov ebx, [line_len]
    mov byte [line + ebx], 0
    PUTS line
    PUTC 10
    mov dword [line_len], 0
    mov dword [io_exits], 0
    jmp resume

; VMCALL (exit reason 18): the guest asks the hypervisor for a service. Here: EAX = 1 adds EBX and ECX.
exit_vmcall:
    inc dword [vmcall_exits]
    PUTS msg_exit_vmcall
    mov eax, [esp + FRAME_EAX]
    call print_decimal
    cmp eax, HC_ADD
    jne .unknown
    PUTS msg_add
    mov eax, [esp + FRAME_EBX]
    PRINT_HEX32 eax
    PUTS msg_comma_hex
    mov ebx, [esp + FRAME_ECX]
    PRINT_HEX32 ebx
    add eax, ebx
    mov [esp + FRAME_EAX], eax      ; the result, in the guest's EAX
    PUTS msg_equals
    PRINT_HEX32 eax
    PUTC 10
    jmp resume
.unknown:
    mov dword [esp + FRAME_EAX], -1
    PUTS msg_unknown_call
    jmp resume

; HLT (exit reason 12, "HLT exiting"): this guest halts when it is done. No VMRESUME: leave VMX and end.
exit_hlt:
    PUTS msg_exit_hlt
    mov eax, [exit_count]
    call print_decimal
    PUTS msg_exits
    mov eax, [cpuid_exits]
    call print_decimal
    PUTS msg_cpuid
    mov eax, [in_exits]
    call print_decimal
    PUTS msg_in
    mov eax, [out_exits]
    call print_decimal
    PUTS msg_out
    mov eax, [vmcall_exits]
    call print_decimal
    PUTS msg_vmcall_hlt
    vmxoff
    PUTS msg_bye
    DEBUG_EXIT 0

exit_unexpected:
    PUTS msg_unexpected
    call print_decimal              ; EAX: the basic exit reason (or the I/O qualification)
    PUTS msg_qualification
    VMCS_READ eax, VMCS_EXIT_QUALIFICATION
    PRINT_HEX32 eax
    PUTS msg_at
    VMCS_READ eax, VMCS_GUEST_RIP
    PRINT_HEX32 eax
    PUTC 10
    DEBUG_EXIT 4

; A VM entry that failed its guest-state checks (SDM 27.3) ends as a VM exit with bit 31 of the reason set:
; 33 = invalid guest state, 34 = MSR loading; the qualification says more.
entry_failed:
    PUTS msg_entry_failed
    PRINT_HEX32 eax
    PUTS msg_qualification
    VMCS_READ eax, VMCS_EXIT_QUALIFICATION
    PRINT_HEX32 eax
    PUTC 10
    DEBUG_EXIT 3

; VMLAUNCH/VMRESUME fell through: the flags it left are on the stack, ESI names it. CF = VMfailInvalid (no
; current VMCS); ZF = VMfailValid: VM_INSTRUCTION_ERROR says why (7 invalid control field, 8 invalid
; host-state field, ...; vmx.inc's VMERR_ names them).
vmfail:
    PUTS esi
    pop eax                         ; the flags
    test eax, RFLAGS_CF
    jz .valid
    PUTS msg_fail_invalid
    DEBUG_EXIT 2
.valid:
    PUTS msg_fail_valid
    VMCS_READ eax, VMCS_VM_INSTRUCTION_ERROR
    call print_decimal
    PUTC 10
    DEBUG_EXIT 2

; Set-up failed before any guest ran: EAX = the message.
fatal:
    PUTS msg_hypervisor
    PUTS eax
    PUTC 10
    DEBUG_EXIT 1

park:
    cli
    hlt
    jmp park

; print_decimal: EAX as an unsigned decimal number.
print_decimal:
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
.print:
    pop eax
    add al, '0'
    call serial_putc
    loop .print
    popad
    ret

; print_hex16: AX as 4 hex digits.
print_hex16:
    push eax
    push ecx
    shl eax, 16
    mov ecx, 4
.digit:
    rol eax, 4
    push eax
    and al, 0x0F
    add al, '0'
    cmp al, '9'
    jbe .put
    add al, 'A' - '9' - 1
.put:
    call serial_putc
    pop eax
    loop .digit
    pop ecx
    pop eax
    ret

    SERIAL_ROUTINES
    VMX_ROUTINES

; ---------------------------------------------------------------------------------------------------------
; The guest: VMX non-root operation, ring 0, the same address space. It believes it runs on a machine whose
; CPU is a "StudentHyper" and whose serial port is always ready, and it cannot tell that every CPUID, IN,
; OUT, VMCALL and HLT below hands control to the hypervisor.
guest:
    xor eax, eax
    cpuid                           ; exit 10: leaf 0, the vendor
    mov [guest_vendor], ebx
    mov [guest_vendor + 4], edx
    mov [guest_vendor + 8], ecx
    mov eax, 1
    cpuid                           ; exit 10: leaf 1, the feature flags
    mov esi, guest_msg_cpu
    call guest_puts
    mov esi, guest_vendor
    call guest_puts
    test ecx, CPUID_1_ECX_HYPERVISOR
    mov esi, guest_msg_hv
    jnz .said
    mov esi, guest_msg_bare
.said:
    call guest_puts

    mov eax, HC_ADD                 ; a hypercall: 40 + 2
    mov ebx, 40
    mov ecx, 2
    vmcall                          ; exit 18
    mov edi, eax
    mov esi, guest_msg_sum
    call guest_puts
    mov eax, edi                    ; two decimal digits
    xor edx, edx
    mov ebx, 10
    div ebx
    add al, '0'
    call guest_putc
    mov al, dl
    add al, '0'
    call guest_putc
    mov al, 10
    call guest_putc
    hlt                             ; exit 12: done

; guest_putc: AL to COM1 once its transmitter is empty, as any serial driver does. Both IN and OUT exit:
; the "UART" the guest talks to is the hypervisor.
guest_putc:
    push edx
    push eax
    mov dx, COM1 + UART_LSR
.wait:
    in al, dx                       ; exit 30
    test al, UART_LSR_THRE
    jz .wait
    pop eax
    mov dx, COM1
    out dx, al                      ; exit 30
    pop edx
    ret

guest_puts:
    push eax
    push esi
.next:
    lodsb
    test al, al
    jz .done
    call guest_putc
    jmp .next
.done:
    pop esi
    pop eax
    ret

guest_msg_cpu:  db 'guest: my CPU is a ', 0
guest_msg_hv:   db ', a hypervisor runs me', 10, 0
guest_msg_bare: db ', on bare metal', 10, 0
guest_msg_sum:  db 'guest: the hypervisor says 40 + 2 = ', 0
guest_vendor:   times 13 db 0

; ---------------------------------------------------------------------------------------------------------
msg_hypervisor:    db 'hypervisor: ', 0
msg_vmx_on:        db 'hypervisor: paging on, VMX on, VMCS loaded', 10, 0
msg_no_exiting:    db 'the CPU does not allow HLT exiting and unconditional I/O exiting', 0
msg_launch:        db 'hypervisor: launching the guest', 10, 0
msg_vmlaunch:      db 'VMLAUNCH failed: ', 0
msg_vmresume:      db 'VMRESUME failed: ', 0
msg_fail_invalid:  db 'VMfailInvalid (CF = 1): no current VMCS', 10, 0
msg_fail_valid:    db 'VMfailValid (ZF = 1), VM-instruction error ', 0
msg_entry_failed:  db 'VM entry failed: exit reason 0x', 0
msg_qualification: db ', qualification 0x', 0
msg_at:            db ', guest EIP 0x', 0
msg_unexpected:    db 'unexpected VM exit, reason ', 0
msg_exit_cpuid:    db 'exit 10 CPUID leaf 0x', 0
msg_vendor:        db ': vendor "StudentHyper"', 10, 0
msg_leaf1:         db ': hypervisor bit set, VMX bit hidden', 10, 0
msg_exit_io:       db 'exit 30 I/O 0x', 0
msg_times:         db ' x', 0
msg_colon:         db ': ', 0
msg_exit_vmcall:   db 'exit 18 VMCALL hypercall ', 0
msg_add:           db ': add(0x', 0
msg_comma_hex:     db ', 0x', 0
msg_equals:        db ') = 0x', 0
msg_unknown_call:  db ': unknown, returns -1', 10, 0
msg_exit_hlt:      db 'exit 12 HLT: done after ', 0
msg_exits:         db ' exits: ', 0
msg_cpuid:         db ' CPUID, ', 0
msg_in:            db ' IN, ', 0
msg_out:           db ' OUT, ', 0
msg_vmcall_hlt:    db ' VMCALL, 1 HLT', 10, 0
msg_bye:           db 'hypervisor: VMXOFF, bye', 10, 0

exit_count:   dd 0              ; every VM exit
cpuid_exits:  dd 0
in_exits:     dd 0
out_exits:    dd 0
vmcall_exits: dd 0
io_exits:     dd 0              ; OUTs to COM1 since the last line
line_len:     dd 0
line_max    equ 120

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
    alignb 4096                     ; the page directory, the VMXON region and the VMCS are 4 KiB aligned
page_dir:     resd 1024
vmxon_region: resb 4096
vmcs_region:  resb 4096
line:         resb line_max + 1
    alignb 16
    resb 4096
host_stack_top:
    resb 4096
exit_stack_top:                     ; HOST_RSP: each VM exit starts on an empty stack here
    resb 4096
guest_stack_top:
bss_end:
