; lab-kernel.asm - a small but complete protected-mode kernel: its own GDT, IDT and TSS, paging, the local
; APIC timer, system calls through `int 0x80` and SYSENTER from a ring-3 program, and a sensitivity self-check.
;
; @title   Lab kernel: rings, paging, timer, system calls
; @mode    native
; @vcpus   1
; @ends    debug-exit 0
; @output  user: hello from ring 3 through int 0x80
; @output  user: hello from ring 3 through sysenter
; @output  timer: at least 3 ticks seen
;
;     virtlab run resources/kernel/lab-kernel.asm --mode native     (or trap, bt, vtx)
;
; It is the guest that every virtualization technique of the lab runs, unmodified: compare its output and
; its costs (`--stats`) under `--mode native`, `trap`, `bt` and `vtx`. docs/lab-kernel.md walks through it.
;
; What it does, in order (each step is a section below):
;   1. boot        only the bootstrap processor runs; COM1 is set up; the 8259 PIC is masked
;   2. GDT         kernel code/data (DPL 0), user code/data (DPL 3), a TSS
;   3. IDT         the 32 exceptions (panic; #PF from ring 3 is the program's), the timer, the self-check
;                  probe, `int 0x80` (DPL 3)
;   4. TSS         SS0:ESP0, the stack the CPU switches to when ring 3 is interrupted
;   5. APIC        the local APIC enabled (its timer is started in step 8)
;   6. self-check  the sensitive-but-unprivileged instructions, as the kernel sees them (lines `check ...`)
;   7. paging      4 KiB pages: kernel pages supervisor, user pages user, code read-only, CR0.WP
;   8. timer       the local APIC timer, periodic, counts ticks
;   9. SYSENTER    the three SYSENTER MSRs
;  10. ring 3      IRET to the user program (lab-user.inc), which calls the kernel until it exits
;
; How it ends: the user program's `exit(status)` ends the run through isa-debug-exit with that status as the
; value: 0 when everything worked (`virtlab run` and QEMU exit with (0 << 1) | 1 = 1). A panic (an unexpected
; exception) ends it with value 2 (exit status 5); too few timer ticks with value 3 (exit status 7); a page
; fault in ring 3 without a fault handler with value 4 (exit status 9).
;
; Its output depends on nothing that takes time: it says "at least 3 ticks", never how many, so that it is the
; same under virtlab (whose APIC timer counts cost-model cycles) and under qemu-system-i386 (wall-clock time).
; Lines that start with `check ` show what the self-check saw; they differ between techniques by design.
bits 32
org 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "apic.inc"
%include "debugexit.inc"
%include "gdt.inc"
%include "idt.inc"
%include "tss.inc"

; Selectors. The GDT below defines them in this order: SYSENTER and SYSEXIT need kernel code, kernel data,
; user code, user data one after another.
KERNEL_CS       equ 0x08
KERNEL_DS       equ 0x10
USER_CS         equ 0x18 | 3        ; RPL 3: the selectors ring 3 uses
USER_DS         equ 0x20 | 3
TSS_SEL         equ 0x28

; Interrupt vectors.
TIMER_VECTOR    equ 0x20            ; the local APIC timer
PROBE_VECTOR    equ 0x21            ; the self-check's self-IPI
SYSCALL_VECTOR  equ 0x80            ; int 0x80 from ring 3
SPURIOUS_VECTOR equ 0xFF            ; the APIC's spurious-interrupt vector

; The APIC timer: divide by 16, 15625 counts a period. Under virtlab it counts cost-model cycles (a tick
; every 250 000 cycles); under QEMU it runs on wall-clock time (a fraction of a millisecond).
TIMER_COUNT     equ 15625
TICKS_TO_WAIT   equ 3               ; the user program waits for this many ticks

; Exit values written to isa-debug-exit (the run's exit status is (value << 1) | 1).
EXIT_PANIC      equ 2
EXIT_NO_TICKS   equ 3
EXIT_USER_FAULT equ 4               ; a page fault in ring 3 with no fault handler registered

EFLAGS_IF       equ 1 << 9
CR0_WP          equ 1 << 16
CR0_PG          equ 1 << 31
IA32_SYSENTER_CS  equ 0x174
IA32_SYSENTER_ESP equ 0x175
IA32_SYSENTER_EIP equ 0x176

; ---------------------------------------------------------------------------------------------------------
; Memory layout. Each kind of memory has its own section, and each section starts on a page of its own, so
; that paging can protect them differently (step 7):
;   .text   kernel code         supervisor, read-only
;   .kdata  kernel data         supervisor, read/write
;   .utext  user code           user, read-only
;   .udata  user data           user, read/write
;   .bss    page tables, IDT, kernel stack (supervisor, read/write), then the user stack (user, read/write)
; The sections are laid out in this order, from 0x100000 up.
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

; SET_GATE vector, handler, type: one IDT gate (see set_gate below).
%macro SET_GATE 3
    mov ecx, %1
    mov eax, %2
    mov ebx, %3
    call set_gate
%endmacro

%include "lab-print.inc"

; =========================================================================================================
; 1. Boot. The multiboot loader enters here in protected mode, paging off, interrupts off (machine.md §2).
; =========================================================================================================
start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24
    jnz park                        ; a uniprocessor kernel: only the bootstrap processor (APIC ID 0) runs
    mov esp, kernel_stack_top
    call serial_init
    ; The 8259 PIC pair: mask every line. The local APIC delivers our interrupts; under QEMU the firmware
    ; leaves the PIT running through the PIC, whose interrupts would arrive at a vector we do not expect.
    mov al, 0xFF
    out 0x21, al
    out 0xA1, al
    KPRINTLN "lab-kernel: booting"

; =========================================================================================================
; 2. GDT. Flat segments (base 0, 4 GiB) that differ in their privilege level (DPL): 0 for the kernel, 3 for
; the user program. LOAD_GDT reloads CS with a far jump and every data segment register.
; =========================================================================================================
    ; The TSS descriptor's base is split over three fields. NASM can shift and mask constants only, not
    ; labels in a multi-section image, so the kernel fills it in here, as kernels usually do.
    mov eax, tss
    mov [gdt + TSS_SEL + 2], ax     ; base 15:0
    shr eax, 16
    mov [gdt + TSS_SEL + 4], al     ; base 23:16
    mov [gdt + TSS_SEL + 7], ah     ; base 31:24
    LOAD_GDT gdt_ptr, KERNEL_CS, KERNEL_DS
    KPRINTLN "gdt: kernel code and data at DPL 0, user code and data at DPL 3, a TSS"

; =========================================================================================================
; 3. IDT. Every exception goes to a small stub that enters panic (they are interrupt gates: IF is cleared on
; entry). The timer and the probe are interrupt gates too. The system-call gate has DPL 3, so that `int 0x80`
; is allowed at CPL 3; the others have DPL 0, so that `int n` from ring 3 for them raises #GP instead.
; =========================================================================================================
    xor ecx, ecx
.exception_gate:
    mov eax, [exception_stubs + ecx * 4]
    mov ebx, IDT_INTERRUPT_GATE
    call set_gate
    inc ecx
    cmp ecx, 32
    jb .exception_gate
    SET_GATE TIMER_VECTOR, timer_interrupt, IDT_INTERRUPT_GATE
    SET_GATE PROBE_VECTOR, probe_interrupt, IDT_INTERRUPT_GATE
    SET_GATE SPURIOUS_VECTOR, spurious_interrupt, IDT_INTERRUPT_GATE
    SET_GATE EXC_PF, page_fault, IDT_INTERRUPT_GATE    ; replaces the panic stub: faults in ring 3 are handled
    SET_GATE SYSCALL_VECTOR, int80_entry, IDT_USER_INTERRUPT_GATE
    lidt [idt_ptr]
    KPRINTLN "idt: 32 exceptions, timer 0x20, int 0x80 with DPL 3"

; =========================================================================================================
; 4. TSS. The 32-bit TSS is not used for task switching here, only for SS0:ESP0: when an interrupt or
; `int 0x80` arrives at CPL 3, the CPU loads SS:ESP from it before pushing the user's SS, ESP, EFLAGS, CS, EIP.
; LTR marks the descriptor busy.
; =========================================================================================================
    mov ax, TSS_SEL
    ltr ax
    KPRINT "tss: ss0:esp0 = "
    mov ax, [tss + tss32.ss0]
    call kput_hex16
    PUTC ':'
    mov eax, [tss + tss32.esp0]
    call kput_hex32
    PUTC 10

; =========================================================================================================
; 5. Local APIC. Software-enable it (SVR bit 8) with the spurious vector; mask LINT0, where the firmware left
; the PIC connected under QEMU.
; =========================================================================================================
    LAPIC_WRITE LAPIC_SVR, LAPIC_SVR_ENABLE | SPURIOUS_VECTOR
    LAPIC_WRITE LAPIC_LVT_LINT0, LAPIC_LVT_MASKED
    LAPIC_WRITE LAPIC_TPR, 0        ; accept every priority

; =========================================================================================================
; 6. Sensitivity self-check (lab-selfcheck.inc): prints one `check ...` line per sensitive instruction.
; =========================================================================================================
    call sensitivity_self_check

; =========================================================================================================
; 7. Paging (lab-paging.inc): the page tables, then CR3 and CR0.PG | CR0.WP.
; =========================================================================================================
    call build_page_tables
    mov eax, page_directory
    mov cr3, eax
    mov eax, cr0
    or eax, CR0_PG | CR0_WP         ; WP: read-only pages are read-only for the kernel too
    mov cr0, eax
    KPRINTLN "paging: on; kernel pages supervisor, user pages user, code read-only (CR0.WP)"

; =========================================================================================================
; 8. The APIC timer: periodic, vector TIMER_VECTOR. Interrupts stay off in the kernel (every gate is an
; interrupt gate); they are on in ring 3 and in the kernel's idle loop (sys_wait).
; =========================================================================================================
    LAPIC_WRITE LAPIC_TIMER_DIVIDE, LAPIC_TIMER_DIV_16
    LAPIC_WRITE LAPIC_LVT_TIMER, LAPIC_TIMER_PERIODIC | TIMER_VECTOR
    LAPIC_WRITE LAPIC_TIMER_INITIAL, TIMER_COUNT
    KPRINTLN "timer: local APIC timer periodic at vector 0x20"

; =========================================================================================================
; 9. SYSENTER. SYSENTER loads CS from IA32_SYSENTER_CS (SS is CS + 8), ESP and EIP from the other two MSRs,
; and clears IF. SYSEXIT returns to CS + 16 and SS + 24 (RPL 3), EIP = EDX, ESP = ECX.
; =========================================================================================================
    xor edx, edx
    mov ecx, IA32_SYSENTER_CS
    mov eax, KERNEL_CS
    wrmsr
    mov ecx, IA32_SYSENTER_ESP
    mov eax, kernel_stack_top       ; the same stack as TSS.ESP0: one entry from ring 3 at a time
    wrmsr
    mov ecx, IA32_SYSENTER_EIP
    mov eax, sysenter_entry
    wrmsr
    KPRINTLN "sysenter: MSRs set"

; =========================================================================================================
; 10. Ring 3. IRET pops EIP, CS, EFLAGS and, since CS.RPL = 3 is an outer ring, ESP and SS too. EFLAGS has
; IF set: the user program runs with interrupts on (IOPL 0: it may not use CLI, STI, IN or OUT).
; =========================================================================================================
    KPRINTLN "kernel: entering ring 3"
    mov ax, USER_DS                 ; the user's data segments (a ring-0 selector would be nulled by IRET)
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    push USER_DS                    ; SS
    push user_stack_top             ; ESP
    push EFLAGS_IF | 2              ; EFLAGS: IF; bit 1 is always set
    push USER_CS                    ; CS
    push user_main                  ; EIP
    iretd

park:
    cli
    hlt
    jmp park

; set_gate: ECX = vector, EAX = handler, EBX = gate type byte. A 32-bit gate to KERNEL_CS:EAX.
set_gate:
    mov [idt + ecx * 8], ax         ; offset 15:0
    mov word [idt + ecx * 8 + 2], KERNEL_CS
    mov byte [idt + ecx * 8 + 4], 0
    mov [idt + ecx * 8 + 5], bl     ; type, DPL, present
    shr eax, 16
    mov [idt + ecx * 8 + 6], ax     ; offset 31:16
    ret

; ---------------------------------------------------------------------------------------------------------
; Interrupt handlers. An interrupt from ring 3 arrives on the TSS's kernel stack with DS and ES still the
; user's; these handlers use DS, so they load the kernel's first (and restore the interrupted ones).
; ---------------------------------------------------------------------------------------------------------
timer_interrupt:
    push eax
    push ds
    mov ax, KERNEL_DS
    mov ds, ax
    inc dword [ticks]
    mov dword [LAPIC_BASE + LAPIC_EOI], 0
    pop ds
    pop eax
    iretd

probe_interrupt:
    push eax
    push ds
    mov ax, KERNEL_DS
    mov ds, ax
    inc dword [probes_taken]
    mov dword [LAPIC_BASE + LAPIC_EOI], 0
    pop ds
    pop eax
    iretd

spurious_interrupt:                 ; no EOI for a spurious interrupt (SDM Vol. 3A 11.9)
    iretd

%include "lab-panic.inc"              ; the exception stubs (exception_0 … exception_31) and panic

; #PF: frame = error code, EIP, CS, EFLAGS [, ESP, SS]; the faulting address in CR2. A fault in the kernel
; is a bug: panic. A fault in ring 3 is the program's: the kernel reports it and resumes the program at the
; handler it registered with SYS_ON_FAULT (as a signal handler), or ends the run if it registered none.
page_fault:
    test dword [esp + 8], 3         ; the RPL of the saved CS: the ring the fault happened in
    jz exception_14                 ; ring 0: panic, through the usual stub
    push eax
    push ds
    mov ax, KERNEL_DS
    mov ds, ax
    KPRINT "kernel: page fault in ring 3, address "
    mov eax, cr2
    call kput_hex32
    KPRINT ", error code "
    mov eax, [esp + 8]              ; above DS and EAX
    call kput_hex32
    PUTC 10
    mov eax, [user_fault_handler]
    test eax, eax
    jz .no_handler
    mov [esp + 12], eax             ; the saved EIP: resume the program at its handler
    pop ds
    pop eax
    add esp, 4                      ; drop the error code: IRET wants EIP on top
    iretd
.no_handler:
    KPRINTLN "kernel: the program has no fault handler: ended"
    DEBUG_EXIT EXIT_USER_FAULT

%include "lab-selfcheck.inc"
%include "lab-paging.inc"
%include "lab-syscalls.inc"

    SERIAL_ROUTINES

; ---------------------------------------------------------------------------------------------------------
; Kernel data.
; ---------------------------------------------------------------------------------------------------------
section .kdata
ticks:          dd 0                ; timer interrupts seen
probes_taken:   dd 0                ; probe interrupts seen (the self-check's self-IPIs)
user_fault_handler: dd 0            ; where a page fault resumes the user program (SYS_ON_FAULT), or 0

exception_stubs:
%assign vector 0
%rep 32
    dd exception_%[vector]
%assign vector vector + 1
%endrep

    align 8
gdt:
    GDT_NULL
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING0, GDT_FLAGS_4K_32   ; 0x08 kernel code
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING0, GDT_FLAGS_4K_32   ; 0x10 kernel data (and stack)
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING3, GDT_FLAGS_4K_32   ; 0x18 user code
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING3, GDT_FLAGS_4K_32   ; 0x20 user data (and stack)
    GDT_ENTRY 0, tss32_size - 1, GDT_TSS32, GDT_FLAGS_1B_32 ; 0x28 the TSS (base filled in at boot)
gdt_end:
gdt_ptr: GDT_POINTER gdt, gdt_end
idt_ptr: IDT_POINTER idt, 256

    align 4
tss:
    istruc tss32
        at tss32.esp0, dd kernel_stack_top
        at tss32.ss0, dd KERNEL_DS
        at tss32.iomap, dw tss32_size   ; no I/O permission bitmap: ring 3 may use no port
    iend

; ---------------------------------------------------------------------------------------------------------
; The user program: its code and data go to the user sections.
; ---------------------------------------------------------------------------------------------------------
%include "lab-user.inc"

section .udata
image_end:                          ; the end of what the loader copies from the file

; ---------------------------------------------------------------------------------------------------------
; Uninitialised memory (zeroed by the loader up to bss_end).
; ---------------------------------------------------------------------------------------------------------
section .bss
page_directory:   resb 4096
page_table_low:   resb 4096         ; maps 0x00000000 - 0x003FFFFF
page_table_apic:  resb 4096         ; maps 0xFEC00000 - 0xFEFFFFFF (the local APIC's page)
idt:              resq 256
    alignb 4096
                  resb 8192
kernel_stack_top:
    alignb 4096
user_bss_start:                     ; from here on: user pages
                  resb 4096
user_stack_top:
bss_end:
