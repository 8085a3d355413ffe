; lab-kernel-pv.asm - lab-kernel.asm ported to the hypervisor the Xen way (paravirtualization): the same
; kernel and the same ring-3 program, but every privileged thing the kernel did itself it now asks the
; hypervisor for by hypercall (`int 0x82`, hypercall.inc), since it runs at ring 1.
;
; @title   Lab kernel, paravirtualized (Xen-style PV port)
; @mode    pv
; @vcpus   1
; @ends    debug-exit 0
; @output  user: hello from ring 3 through int 0x80
; @output  user: waited for at least 3 ticks
; @output  timer: at least 3 ticks seen
;
;     virtlab run resources/kernel/lab-kernel-pv.asm --mode pv
;
; docs/pv.md describes the interface; its last section lists what changed from lab-kernel.asm:
;   GDT (LGDT)            none: the hypervisor's flat selectors FLAT_KERNEL_CS/DS (ring 1), FLAT_USER_CS/DS
;   IDT (LIDT)            set_trap_table: the same handlers, Xen's trap_info entries
;   TSS (LTR, SS0:ESP0)   stack_switch: the stack for events from ring 3
;   COM1 (OUT)            console_io(CONSOLEIO_write)
;   CR3, CR0.PG/WP        page tables built in memory, mapped read-only, pinned (mmuext_op), loaded with
;                         MMUEXT_NEW_BASEPTR; the hypervisor keeps CR0.WP on
;   local APIC timer      set_timer_op, one-shot, re-armed by the event callback at every tick
;   CLI / STI             evtchn_upcall_mask in vcpu_info (a memory write)
;   STI; HLT              sched_op(SCHEDOP_block)
;   IRET setting IF       HYPERVISOR_iret
;   SYSENTER / SYSEXIT    not available to a 32-bit Xen PV guest (its target would be ring 0): the program's
;                         second call goes through int 0x80 too
;   MOV from CR2          vcpu_info.arch.cr2
;   isa-debug-exit        unchanged: port I/O is emulated for a privileged domain
;
; Its output is lab-kernel.asm's under --mode native except for the lines about the hardware it no longer
; programs (gdt, idt, tss, timer, sysenter), the `check` lines of the self-check (ring 1 shows), the second
; user line (int 0x80 instead of sysenter) and the kernel address in the page-fault line (the image differs).
bits 32
org 0x100000

%include "multiboot.inc"
%include "serial.inc"               ; for PUTC; the routines below replace serial.inc's COM1 ones
%include "debugexit.inc"
%include "hypercall.inc"

KERNEL_CS       equ FLAT_KERNEL_CS  ; 0xE019: ring 1
KERNEL_DS       equ FLAT_KERNEL_DS  ; 0xE021
USER_CS         equ FLAT_USER_CS    ; 0xE02B: ring 3
USER_DS         equ FLAT_USER_DS    ; 0xE033

SYSCALL_VECTOR  equ 0x80
EXC_PF          equ 14
; The timer: a tick every 1 000 000 ns of system time (the TSC at 1 ns a cycle: the native kernel's
; 1 000 000 cycles a tick).
TIMER_PERIOD_NS equ 1000000
TICKS_TO_WAIT   equ 3

EXIT_PANIC      equ 2
EXIT_NO_TICKS   equ 3
EXIT_USER_FAULT equ 4
EXIT_HYPERCALL  equ 5               ; a hypercall the kernel needs failed

EFLAGS_IF       equ 1 << 9
; Where the kernel maps shared_info in its own page tables (the last page of the low 4 MiB).
SHARED_INFO_VA  equ 0x3FF000

section .text
kernel_text_start:
section .kdata progbits align=4096
kernel_data_start:
section .utext progbits align=4096
user_text_start:
section .udata progbits align=4096
user_data_start:
section .bss nobits align=4096
kernel_bss_start:
section .text

    MULTIBOOT_HEADER start, image_end, bss_end

; The console: serial.inc's routine names (lab-print.inc calls them), each a console_io hypercall.
; serial_putc: AL. Keeps every register.
serial_putc:
    pushad
    mov [putc_byte], al
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, 1, putc_byte
    popad
    ret

; serial_puts: the 0-terminated string at ESI, in one hypercall. Keeps every register.
serial_puts:
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

; serial_hex32: EAX as 8 upper-case hex digits.
serial_hex32:
    push eax
    push ecx
    mov ecx, 8
.digit:
    rol eax, 4
    push eax
    and al, 0x0F
    add al, '0'
    cmp al, '9'
    jbe .print
    add al, 'A' - '9' - 1
.print:
    call serial_putc
    pop eax
    loop .digit
    pop ecx
    pop eax
    ret

%include "lab-print.inc"

; CHECK_HYPERCALL: EAX < 0 after a hypercall the kernel cannot do without: say which, end the run.
%macro CHECK_HYPERCALL 1
    test eax, eax
    jns %%ok
    KPRINT %1
    KPRINT " failed: "
    call kput_hex32
    PUTC 10
    DEBUG_EXIT EXIT_HYPERCALL
%%ok:
%endmacro

; SET_TRAP index, vector, flags, handler: one trap_info entry.
%macro SET_TRAP 4
    mov byte [trap_table + (%1) * TRAP_INFO_SIZE], %2
    mov byte [trap_table + (%1) * TRAP_INFO_SIZE + 1], %3
    mov word [trap_table + (%1) * TRAP_INFO_SIZE + 2], KERNEL_CS
    mov dword [trap_table + (%1) * TRAP_INFO_SIZE + 4], %4
%endmacro

; =========================================================================================================
; 1. Boot. The hypervisor starts the kernel at ring 1 with paging on (its bootstrap tables map all of RAM at
; the same addresses), ESI = start_info, events masked. Only vCPU 0 runs a PV domain.
; =========================================================================================================
start:
    mov esp, kernel_stack_top
    mov eax, [esi + SI_SHARED_INFO]
    mov [shared_info_phys], eax
    mov [vcpu_info], eax            ; vCPU 0's vcpu_info starts shared_info
    KPRINTLN "lab-kernel: booting"

; =========================================================================================================
; 2. GDT: none of its own. The hypervisor's GDT holds the four flat segments every PV kernel gets.
; =========================================================================================================
    KPRINTLN "gdt: none; the hypervisor's flat segments: kernel code and data at ring 1, user code and data at ring 3"

; =========================================================================================================
; 3. The trap table (set_trap_table) instead of the IDT. flags: DPL in bits 1:0 (who may `int n` it: the
; kernel counts as 1, the user program as 3), TI_IF = mask events on entry (an interrupt gate). The timer is
; not a vector any more: it is an event, delivered to the event callback (set_callbacks).
; =========================================================================================================
    xor ecx, ecx
.exception_trap:
    mov eax, [exception_stubs + ecx * 4]
    mov [trap_table + ecx * TRAP_INFO_SIZE], cl
    mov byte [trap_table + ecx * TRAP_INFO_SIZE + 1], TI_IF
    mov word [trap_table + ecx * TRAP_INFO_SIZE + 2], KERNEL_CS
    mov [trap_table + ecx * TRAP_INFO_SIZE + 4], eax
    inc ecx
    cmp ecx, 32
    jb .exception_trap
    SET_TRAP EXC_PF, EXC_PF, TI_IF, page_fault            ; replaces the panic stub: faults in ring 3 are handled
    SET_TRAP 32, SYSCALL_VECTOR, TI_IF | 3, int80_entry   ; int 0x80 from ring 3
    ; entry 33 stays zero: the terminator
    HYPERCALL HYPERVISOR_set_trap_table, trap_table
    CHECK_HYPERCALL "set_trap_table"
    HYPERCALL HYPERVISOR_set_callbacks, KERNEL_CS, event_callback, KERNEL_CS, failsafe_callback
    CHECK_HYPERCALL "set_callbacks"
    KPRINTLN "idt: none; set_trap_table: 32 exceptions, int 0x80 with DPL 3; the timer is an event"

; =========================================================================================================
; 4. stack_switch instead of the TSS: the stack the hypervisor switches to when an event arrives at ring 3.
; =========================================================================================================
    HYPERCALL HYPERVISOR_stack_switch, KERNEL_DS, kernel_stack_top
    CHECK_HYPERCALL "stack_switch"
    KPRINT "tss: none; stack_switch ss:esp = "
    mov ax, KERNEL_DS
    call kput_hex16
    PUTC ':'
    mov eax, kernel_stack_top
    call kput_hex32
    PUTC 10

; 5. The local APIC belongs to the hypervisor: nothing to do.

; =========================================================================================================
; 6. Sensitivity self-check, as far as it makes sense for a kernel that knows it runs at ring 1.
; =========================================================================================================
    call sensitivity_self_check

; =========================================================================================================
; 7. Paging. The same tables as lab-kernel.asm (without the APIC page, with shared_info at SHARED_INFO_VA),
; built in ordinary memory. Then the Xen way: the pages that hold them are made read-only (the hypervisor
; never lets a writable mapping of a page table exist), pinned — the hypervisor checks every entry — and
; loaded into CR3. CR0.WP is the hypervisor's, and on.
; =========================================================================================================
    call build_page_tables
    HYPERCALL HYPERVISOR_update_va_mapping, page_directory, page_directory + PTE_PRESENT, UVMF_INVLPG
    CHECK_HYPERCALL "update_va_mapping (page directory read-only)"
    HYPERCALL HYPERVISOR_update_va_mapping, page_table_low, page_table_low + PTE_PRESENT, UVMF_INVLPG
    CHECK_HYPERCALL "update_va_mapping (page table read-only)"
    mov eax, page_table_low
    shr eax, 12
    mov [paging_ops + 4], eax       ; MMUEXT_PIN_L1_TABLE's frame
    mov eax, page_directory
    shr eax, 12
    mov [paging_ops + 12 + 4], eax  ; MMUEXT_PIN_L2_TABLE's
    mov [paging_ops + 24 + 4], eax  ; MMUEXT_NEW_BASEPTR's
    HYPERCALL HYPERVISOR_mmuext_op, paging_ops, 3, 0, DOMID_SELF
    CHECK_HYPERCALL "mmuext_op (pin, new base)"
    mov dword [vcpu_info], SHARED_INFO_VA   ; shared_info, as the new tables map it
    KPRINTLN "paging: on; kernel pages supervisor, user pages user, code read-only (CR0.WP)"

; =========================================================================================================
; 8. The timer: set_timer_op arms a one-shot timer in ns of system time; the event callback counts the tick
; and arms the next one. Events stay masked in the kernel (every trap entry has TI_IF); they are unmasked in
; ring 3 and while the kernel waits (sched_op block).
; =========================================================================================================
    call arm_timer
    KPRINTLN "timer: set_timer_op every 1000000 ns, re-armed by the event callback"

; 9. SYSENTER: a 32-bit PV guest has none (SYSENTER would enter ring 0, which the hypervisor keeps).
    KPRINTLN "sysenter: not available to a 32-bit PV kernel; int 0x80 serves both calls"

; =========================================================================================================
; 10. Ring 3 through HYPERVISOR_iret: [eax, eip, cs, eflags, esp, ss]; eflags.IF = 1 unmasks events.
; =========================================================================================================
    KPRINTLN "kernel: entering ring 3"
    mov ax, USER_DS
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    push USER_DS                    ; SS
    push user_stack_top             ; ESP
    push EFLAGS_IF | 2              ; EFLAGS
    push USER_CS                    ; CS
    push user_main                  ; EIP
    push 0                          ; EAX
    mov eax, HYPERVISOR_iret
    int HYPERCALL_VECTOR

; arm_timer: set_timer_op(now + TIMER_PERIOD_NS). Keeps every register.
arm_timer:
    pushad
    rdtsc                           ; system time: the TSC (vcpu_info.time says 1 ns a cycle)
    add eax, TIMER_PERIOD_NS
    adc edx, 0
    mov ebx, eax
    mov ecx, edx
    mov eax, HYPERVISOR_set_timer_op
    int HYPERCALL_VECTOR
    popad
    ret

; ---------------------------------------------------------------------------------------------------------
; The event callback: entered with events masked and Xen's frame (EIP, CS, EFLAGS [, ESP, SS]) on the
; kernel stack. Clears what it handles, counts the tick, returns with HYPERVISOR_iret, which unmasks events
; again if they were unmasked when the event came (EFLAGS.IF in the frame).
; ---------------------------------------------------------------------------------------------------------
event_callback:
    pushad
    mov ebx, [vcpu_info]
    mov byte [ebx + VI_UPCALL_PENDING], 0
    btr dword [ebx + SH_EVTCHN_PENDING], TIMER_EVTCHN    ; vCPU 0's vcpu_info starts shared_info
    jnc .done
    inc dword [ticks]
    call arm_timer
.done:
    popad
    push eax
    mov eax, HYPERVISOR_iret
    int HYPERCALL_VECTOR

failsafe_callback:                  ; (the hypervisor never calls it: no segment reloads can fail)
    DEBUG_EXIT EXIT_PANIC

; Exceptions: the trap-table frame is the hardware's (error code, EIP, CS, EFLAGS [, ESP, SS]), so the stubs
; and panic are the native kernel's.
%include "lab-panic.inc"

; #PF: frame = error code, EIP, CS, EFLAGS [, ESP, SS]; the address in vcpu_info.arch.cr2 (the hypervisor
; put it there; MOV from CR2 is privileged). The kernel is at ring 1, so "from ring 3" is CS bit 1.
page_fault:
    test dword [esp + 8], 2
    jz exception_14                 ; the kernel's own fault: panic
    push eax
    push ebx
    KPRINT "kernel: page fault in ring 3, address "
    mov ebx, [vcpu_info]
    mov eax, [ebx + VI_CR2]
    call kput_hex32
    KPRINT ", error code "
    mov eax, [esp + 8]              ; above EBX and EAX
    call kput_hex32
    PUTC 10
    mov eax, [user_fault_handler]
    test eax, eax
    jz .no_handler
    mov [esp + 12], eax             ; the saved EIP: resume the program at its handler
    pop ebx
    pop eax
    add esp, 4                      ; drop the error code: HYPERVISOR_iret wants EIP above EAX
    push eax
    mov eax, HYPERVISOR_iret
    int HYPERCALL_VECTOR
.no_handler:
    KPRINTLN "kernel: the program has no fault handler: ended"
    DEBUG_EXIT EXIT_USER_FAULT

; ---------------------------------------------------------------------------------------------------------
; System calls: lab-syscalls.inc's, entered through int 0x80 only. The user's DS and ES are FLAT_USER_DS,
; which ring 1 may use too: nothing to reload.
; ---------------------------------------------------------------------------------------------------------
SYS_EXIT        equ 0
SYS_WRITE       equ 1
SYS_TICKS       equ 2
SYS_WAIT        equ 3
SYS_ON_FAULT    equ 4
SYS_COUNT       equ 5

int80_entry:
    call syscall_dispatch
    push eax                        ; the result, restored into EAX by HYPERVISOR_iret
    mov eax, HYPERVISOR_iret
    int HYPERCALL_VECTOR

syscall_dispatch:
    cmp eax, SYS_COUNT
    jae .unknown
    jmp [syscall_table + eax * 4]
.unknown:
    mov eax, -1
    ret

sys_exit:
    KPRINT "kernel: the user program exited with status "
    mov eax, ebx
    call kput_dec
    PUTC 10
    cmp dword [ticks], TICKS_TO_WAIT
    jb .too_few_ticks
    KPRINTLN "timer: at least 3 ticks seen"
    KPRINTLN "lab-kernel: done"
    DEBUG_EXIT bl
.too_few_ticks:
    KPRINTLN "timer: fewer than 3 ticks seen"
    DEBUG_EXIT EXIT_NO_TICKS

sys_write:
    push esi
    mov esi, ebx
    call serial_puts
    pop esi
    xor eax, eax
    ret

sys_ticks:
    mov eax, [ticks]
    ret

; sys_wait: the idle loop. Events are masked while the kernel checks the count; SCHEDOP_block unmasks them
; and waits for one in a single hypercall, so no tick can slip in between the check and the wait (the
; paravirtual `sti; hlt`). The callback counts the tick; the block returns after it.
sys_wait:
    mov edi, [ticks]
    add edi, ebx                    ; the tick count to reach
.idle:
    mov eax, [vcpu_info]
    mov byte [eax + VI_UPCALL_MASK], 1
    cmp [ticks], edi
    jae .done
    HYPERCALL HYPERVISOR_sched_op, SCHEDOP_block, 0
    jmp .idle
.done:
    xor eax, eax
    ret

sys_on_fault:
    mov [user_fault_handler], ebx
    xor eax, eax
    ret

; ---------------------------------------------------------------------------------------------------------
; Sensitivity self-check (lab-selfcheck.inc's questions). A PV kernel knows it is at ring 1, so nothing
; here surprises it; the lines show what ring 1 looks like. The POPF probes need a self-IPI through the
; local APIC, which belongs to the hypervisor: a PV kernel masks events in vcpu_info, not with IF.
; ---------------------------------------------------------------------------------------------------------
sensitivity_self_check:
    KPRINTLN "self-check: sensitive instructions, as the kernel sees them"
    KPRINT "check cs.rpl: "
    xor eax, eax
    mov ax, cs
    and eax, 3
    call kput_dec
    PUTC 10
    KPRINT "check ss.rpl: "
    xor eax, eax
    mov ax, ss
    and eax, 3
    call kput_dec
    PUTC 10
    KPRINT "check lar cs: "
    mov ecx, KERNEL_CS
    lar eax, ecx
    jnz .lar_refused
    shr eax, 13
    and eax, 3
    KPRINT "dpl "
    call kput_dec
    PUTC 10
    jmp .sgdt
.lar_refused:
    KPRINTLN "refused"
.sgdt:
    sgdt [table_register]
    KPRINT "check sgdt: base "
    mov eax, [table_register + 2]
    call kput_hex32
    KPRINT " limit "
    mov ax, [table_register]
    call kput_hex16
    KPRINTLN " (the hypervisor's)"
    sidt [table_register]
    KPRINT "check sidt: base "
    mov eax, [table_register + 2]
    call kput_hex32
    KPRINT " limit "
    mov ax, [table_register]
    call kput_hex16
    KPRINTLN " (the hypervisor's)"
    KPRINT "check str: "
    xor eax, eax
    str ax
    call kput_hex16
    KPRINTLN " (no task register of its own)"
    KPRINT "check smsw: "
    smsw eax
    call kput_hex32
    PUTC 10
    KPRINT "check pushf-if: "
    pushfd
    pop eax
    shr eax, 9
    and eax, 1
    call kput_dec
    KPRINTLN " (events masked in vcpu_info; IF is the hypervisor's)"
    KPRINTLN "check popf-if: not tried: a PV kernel masks events in vcpu_info"
    KPRINTLN "check popf-cli: not tried: a PV kernel masks events in vcpu_info"
    KPRINTLN "self-check: done"
    ret

; ---------------------------------------------------------------------------------------------------------
; Page tables (lab-paging.inc's, for a PV kernel): identity-mapped regions with the rights their contents
; need; the tables themselves read-only; shared_info at SHARED_INFO_VA.
; ---------------------------------------------------------------------------------------------------------
PTE_PRESENT     equ 1 << 0
PTE_WRITABLE    equ 1 << 1
PTE_USER        equ 1 << 2

build_page_tables:
    mov esi, page_regions
.region:
    mov eax, [esi]
    mov edi, [esi + 4]
    mov edx, [esi + 8]
    test edx, edx
    jz .directory
    and eax, ~0xFFF
.page:
    cmp eax, edi
    jae .next_region
    mov ecx, eax
    shr ecx, 12
    mov ebx, eax
    or ebx, edx
    mov [page_table_low + ecx * 4], ebx
    add eax, 4096
    jmp .page
.next_region:
    add esi, 12
    jmp .region
.directory:
    mov eax, [shared_info_phys]
    or eax, PTE_PRESENT | PTE_WRITABLE
    mov [page_table_low + (SHARED_INFO_VA >> 12) * 4], eax
    mov dword [page_directory + 0 * 4], page_table_low + (PTE_PRESENT | PTE_WRITABLE | PTE_USER)
    ret

; ---------------------------------------------------------------------------------------------------------
; Kernel data.
; ---------------------------------------------------------------------------------------------------------
section .kdata
ticks:          dd 0
user_fault_handler: dd 0
shared_info_phys: dd 0
vcpu_info:      dd 0                ; vCPU 0's vcpu_info (= shared_info): its physical address, then SHARED_INFO_VA
putc_byte:      db 0
    align 4
table_register: dw 0
                dd 0

exception_stubs:
%assign vector 0
%rep 32
    dd exception_%[vector]
%assign vector vector + 1
%endrep

syscall_table:
    dd sys_exit, sys_write, sys_ticks, sys_wait, sys_on_fault

; mmuext_op: pin the page table (L1) and the directory (L2), then load the directory into CR3.
paging_ops:                         ; (the frame numbers are filled in at run time)
    dd MMUEXT_PIN_L1_TABLE, 0, 0
    dd MMUEXT_PIN_L2_TABLE, 0, 0
    dd MMUEXT_NEW_BASEPTR, 0, 0

page_regions:
    dd kernel_text_start, kernel_data_start, PTE_PRESENT
    dd kernel_data_start, user_text_start, PTE_PRESENT | PTE_WRITABLE
    dd user_text_start, user_data_start, PTE_PRESENT | PTE_USER
    dd user_data_start, kernel_bss_start, PTE_PRESENT | PTE_WRITABLE | PTE_USER
    dd kernel_bss_start, page_tables_end, PTE_PRESENT                      ; the tables: read-only
    dd page_tables_end, user_bss_start, PTE_PRESENT | PTE_WRITABLE
    dd user_bss_start, bss_end, PTE_PRESENT | PTE_WRITABLE | PTE_USER
    dd 0, 0, 0

; ---------------------------------------------------------------------------------------------------------
; The user program: lab-user.inc's, with its SYSENTER calls made through int 0x80.
; ---------------------------------------------------------------------------------------------------------
%macro USER_WRITE 1
    mov eax, SYS_WRITE
    mov ebx, %1
    int SYSCALL_VECTOR
%endmacro

section .utext
user_main:
    USER_WRITE user_hello_int80
    USER_WRITE user_hello_second        ; lab-kernel.asm: through SYSENTER

    mov eax, SYS_TICKS
    int SYSCALL_VECTOR
    mov esi, eax
.spin:
    mov eax, SYS_TICKS
    int SYSCALL_VECTOR
    cmp eax, esi
    je .spin
    USER_WRITE user_preempted

    mov eax, SYS_TICKS
    int SYSCALL_VECTOR
    mov esi, eax
    mov eax, SYS_WAIT
    mov ebx, TICKS_TO_WAIT
    int SYSCALL_VECTOR                  ; lab-kernel.asm: through SYSENTER
    mov eax, SYS_TICKS
    int SYSCALL_VECTOR
    sub eax, esi
    cmp eax, TICKS_TO_WAIT
    jb .short_sleep
    USER_WRITE user_slept
    jmp .protection
.short_sleep:
    USER_WRITE user_slept_short

.protection:
    mov eax, SYS_ON_FAULT
    mov ebx, .after_fault
    int SYSCALL_VECTOR
    mov eax, [ticks]                    ; a supervisor page: #PF, resumed at .after_fault
    USER_WRITE user_read_kernel
.after_fault:
    USER_WRITE user_fault_seen

.exit:
    mov eax, SYS_EXIT
    xor ebx, ebx
    int SYSCALL_VECTOR
    jmp .exit

section .udata
user_hello_int80:       db 'user: hello from ring 3 through int 0x80', 10, 0
user_hello_second:      db 'user: hello from ring 3 through int 0x80 (a PV kernel has no sysenter)', 10, 0
user_preempted:         db 'user: the timer interrupted ring 3 (the tick count changed)', 10, 0
user_slept:             db 'user: waited for at least 3 ticks', 10, 0
user_slept_short:       db 'user: woke up before 3 ticks', 10, 0
user_read_kernel:       db 'user: read kernel memory!', 10, 0
user_fault_seen:        db 'user: reading kernel memory faulted, as it should', 10, 0
image_end:

section .bss
page_directory:   resb 4096
page_table_low:   resb 4096
page_tables_end:
trap_table:       resb 34 * TRAP_INFO_SIZE
    alignb 4096
                  resb 8192
kernel_stack_top:
    alignb 4096
user_bss_start:
                  resb 4096
user_stack_top:
bss_end:
