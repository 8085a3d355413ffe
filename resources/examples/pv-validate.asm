; pv-validate.asm - a hostile paravirtualized guest: it asks the hypervisor for things it must not get, and
; prints the error each hypercall returns. The hypervisor checks every argument: it never trusts the guest.
;
; @title   PV validation: what the hypervisor refuses
; @mode    pv
; @vcpus   1
; @ends    halted
; @output  console_io from the VMM's memory: -14 (EFAULT)
; @output  map the local APIC: -1 (EPERM)
; @output  map the page directory writable: -22 (EINVAL)
; @output  mmu_update outside a page table: -22 (EINVAL)
; @output  hypercall 99: -38 (ENOSYS)
; @output  write the page directory directly: #PF, error code 3
;
;     virtlab run resources/examples/pv-validate.asm --mode pv
;
; A PV kernel runs on its own page tables (docs/pv.md), so the hypervisor must make sure they never map what
; the guest does not own, and that the guest cannot write them behind its back: it keeps them read-only and
; validates each change made by hypercall. The last test writes the page directory with a plain MOV: the
; hardware refuses (a read-only page at ring 1 with CR0.WP), and the #PF comes to the kernel's own handler
; through the trap table it registered.
bits 32
org 0x100000

%include "multiboot.inc"
%include "hypercall.inc"

    MULTIBOOT_HEADER start

; PRINT_STR label: a 0-terminated string through console_io.
%macro PRINT_STR 1
    push esi
    mov esi, %1
    call print_str
    pop esi
%endmacro

; TRY label: after a hypercall, prints "label: result (NAME)" (the result in EAX).
%macro TRY 1
    mov esi, %1
    call report
%endmacro

start:
    mov esp, stack_top
    mov eax, [esi + SI_PT_BASE]
    mov [page_directory], eax
    HYPERCALL HYPERVISOR_set_trap_table, traps

    ; 1. A pointer into the hypervisor's own memory (0xFFC00000): not guest memory.
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, 16, 0xFFC00000
    TRY msg_vmm

    ; 2. Map the local APIC (physical 0xFEE00000) at 0x200000: not the guest's frame.
    HYPERCALL HYPERVISOR_update_va_mapping, 0x200000, 0xFEE00000 | 7, UVMF_INVLPG
    TRY msg_apic

    ; 3. Map its page directory writable: then it could write its page tables without the hypervisor.
    mov edx, [page_directory]
    or edx, 7
    HYPERCALL HYPERVISOR_update_va_mapping, 0x200000, edx, UVMF_INVLPG
    TRY msg_pd_rw

    ; 4. mmu_update on ordinary memory, as if it were a page table.
    mov dword [request], 0x280000               ; ptr (MMU_NORMAL_PT_UPDATE), high half 0
    mov dword [request + 8], 0x300000 | 7       ; val
    HYPERCALL HYPERVISOR_mmu_update, request, 1, 0, DOMID_SELF
    TRY msg_not_table

    ; 5. A hypercall that does not exist.
    HYPERCALL 99
    TRY msg_unknown

    ; 6. Write the page directory directly.
    mov eax, [page_directory]
    mov dword [eax + 4 * 1000], 0x12345007      ; #PF: the page is read-only
    ; (not reached)

page_fault:                                     ; [error code, eip, cs, eflags]
    PRINT_STR msg_pf
    mov eax, [esp]
    call print_dec
    PRINT_STR newline
    mov dword [reason], SHUTDOWN_poweroff
    HYPERCALL HYPERVISOR_sched_op, SCHEDOP_shutdown, reason

; report: ESI = the test's label, EAX = the hypercall's result. Prints "label: result (NAME)".
report:
    push eax
    call print_str
    pop eax
    call print_dec
    PRINT_STR open_paren
    mov esi, name_other
    cmp eax, XEN_EPERM
    jne .not_eperm
    mov esi, name_eperm
.not_eperm:
    cmp eax, XEN_EFAULT
    jne .not_efault
    mov esi, name_efault
.not_efault:
    cmp eax, XEN_EINVAL
    jne .not_einval
    mov esi, name_einval
.not_einval:
    cmp eax, XEN_ENOSYS
    jne .not_enosys
    mov esi, name_enosys
.not_enosys:
    call print_str
    ret

; print_str: the 0-terminated string at ESI. Keeps every register.
print_str:
    pushad
    mov edx, esi
    xor ecx, ecx
.length:
    cmp byte [esi + ecx], 0
    je .write
    inc ecx
    jmp .length
.write:
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, ecx, edx
    popad
    ret

; print_dec: EAX as a signed decimal number. Keeps every register.
print_dec:
    pushad
    mov edi, number_end
    mov ebx, eax
    test eax, eax
    jns .positive
    neg eax
.positive:
    mov ecx, 10
.digit:
    xor edx, edx
    div ecx
    add dl, '0'
    dec edi
    mov [edi], dl
    test eax, eax
    jnz .digit
    test ebx, ebx
    jns .print
    dec edi
    mov byte [edi], '-'
.print:
    mov ecx, number_end
    sub ecx, edi
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, ecx, edi
    popad
    ret

msg_vmm:        db 'console_io from the VMM', 39, 's memory: ', 0
msg_apic:       db 'map the local APIC: ', 0
msg_pd_rw:      db 'map the page directory writable: ', 0
msg_not_table:  db 'mmu_update outside a page table: ', 0
msg_unknown:    db 'hypercall 99: ', 0
msg_pf:         db 'write the page directory directly: #PF, error code ', 0
open_paren:     db ' (', 0
name_eperm:     db 'EPERM)', 10, 0
name_efault:    db 'EFAULT)', 10, 0
name_einval:    db 'EINVAL)', 10, 0
name_enosys:    db 'ENOSYS)', 10, 0
name_other:     db '?)', 10, 0
newline:        db 10, 0

traps:                                          ; trap_info: vector, flags, cs, address; then address 0
    db 14, 0
    dw FLAT_KERNEL_CS
    dd page_fault
    dd 0, 0

section .bss
page_directory: resd 1
reason:         resd 1
    alignb 8
request:        resq 2                          ; struct mmu_update { u64 ptr; u64 val; }
number:         resb 12
number_end:
    alignb 16
    resb 4096
stack_top:
