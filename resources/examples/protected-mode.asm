; protected-mode.asm - own GDT and IDT, a ring-3 task through the TSS, a system call from ring 3 to ring 0
; and back, and a #GP from a privileged instruction at ring 3 caught and reported.
;
; @title   Protected mode: rings, a system call and a #GP
; @mode    native
; @vcpus   1 2 4
; @ends    debug-exit 0
; @output  int 0x80 from ring 3: hello from user mode
; @output  int 0x80 from ring 3: back in ring 3 after IRET
; @output  #GP from ring 3 at EIP=0x001000EC, error code 0x00000000
;
;     virtlab run resources/examples/protected-mode.asm
;
; The kernel (ring 0) loads its GDT, IDT and TSS, then IRETs to user code (ring 3). User code asks the kernel
; to print through `int 0x80` (EAX = 1, EBX = string), then tries CLI, which ring 3 may not run (IOPL = 0):
; the CPU raises #GP, switches to the ring-0 stack named in the TSS and enters the #GP handler.
; Every entry from ring 3 reloads the kernel's data segments first, as a real kernel's entry stub does: DS
; and ES hold whatever user code put there (IRET to ring 3 even nulls them if they held ring-0 selectors).
; Only the bootstrap processor (APIC ID 0) runs the kernel; other vCPUs park. Runs the same under QEMU.
bits 32
org 0x100000
ORIGIN equ 0x100000

%include "multiboot.inc"
%include "serial.inc"
%include "apic.inc"
%include "debugexit.inc"
%include "gdt.inc"
%include "idt.inc"
%include "tss.inc"

KERNEL_CS equ 0x08
KERNEL_DS equ 0x10
USER_CS   equ 0x18 | 3              ; RPL 3: selectors user code uses
USER_DS   equ 0x20 | 3
TSS_SEL   equ 0x28

SYSCALL_VECTOR equ 0x80
SYS_WRITE      equ 1                ; EBX = 0-terminated string

    MULTIBOOT_HEADER start

start:
    mov eax, [LAPIC_BASE + LAPIC_ID]
    shr eax, 24
    jnz park                        ; only the bootstrap processor runs the kernel
    mov esp, kernel_stack_top
    call serial_init
    LOAD_GDT gdt_ptr, KERNEL_CS, KERNEL_DS
    IDT_SET_GATE idt, EXC_GP, gp_handler, KERNEL_CS, IDT_INTERRUPT_GATE
    IDT_SET_GATE idt, SYSCALL_VECTOR, syscall_entry, KERNEL_CS, IDT_USER_INTERRUPT_GATE ; DPL 3: int from ring 3
    lidt [idt_ptr]
    mov ax, TSS_SEL
    ltr ax                          ; interrupts from ring 3 switch to tss.ss0:esp0

    mov ax, USER_DS                 ; user data segments, as a kernel sets them before its first IRET
    mov ds, ax
    mov es, ax
    push USER_DS                    ; SS
    push user_stack_top             ; ESP
    pushfd                          ; EFLAGS (IF = 0, IOPL = 0)
    push USER_CS                    ; CS: RPL 3, so IRET goes to ring 3
    push user_code                  ; EIP
    iretd

; ---- ring 3 ----
user_code:
    mov eax, SYS_WRITE
    mov ebx, user_hello
    int SYSCALL_VECTOR              ; ring 3 -> ring 0 -> (IRET) ring 3
    mov eax, SYS_WRITE
    mov ebx, user_back
    int SYSCALL_VECTOR
user_fault:
    cli                             ; privileged at CPL 3: #GP(0)
    jmp user_fault

user_hello: db 'hello from user mode', 0
user_back:  db 'back in ring 3 after IRET', 0

; ---- ring 0 ----
; int 0x80: the frame on the ring-0 stack is EIP, CS, EFLAGS, ESP, SS of the caller.
syscall_entry:
    push ds
    push es
    push eax
    mov ax, KERNEL_DS               ; never trust the caller's segments
    mov ds, ax
    mov es, ax
    pop eax
    cmp eax, SYS_WRITE
    jne .done
    PUTS syscall_prefix
    mov eax, [esp + 12]             ; the caller's CS (above ES, DS and EIP)
    and eax, 3                      ; its RPL: the ring the call came from
    add al, '0'
    PUTC al
    PUTS syscall_colon
    PUTS ebx
    PUTC 10
.done:
    pop es
    pop ds
    iretd                           ; back to ring 3, caller's stack and segments

; #GP: the frame is error code, EIP, CS, EFLAGS, ESP, SS.
gp_handler:
    mov ax, KERNEL_DS               ; DS and ES are still the user's
    mov ds, ax
    mov es, ax
    PUTS gp_message
    mov eax, [esp + 8]              ; the faulting CS
    and eax, 3
    add al, '0'
    PUTC al
    PUTS gp_at
    mov eax, [esp + 4]              ; the faulting EIP: user_fault
    PRINT_HEX32 eax
    PUTS gp_code
    mov eax, [esp]                  ; error code 0: no selector was at fault
    PRINT_HEX32 eax
    PUTC 10
    DEBUG_EXIT 0

park:
    cli
    hlt
    jmp park

    SERIAL_ROUTINES

syscall_prefix: db 'int 0x80 from ring ', 0
syscall_colon:  db ': ', 0
gp_message:     db '#GP from ring ', 0
gp_at:          db ' at EIP=0x', 0
gp_code:        db ', error code 0x', 0

    align 8
gdt:
    GDT_NULL
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING0, GDT_FLAGS_4K_32   ; 0x08
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING0, GDT_FLAGS_4K_32   ; 0x10
    GDT_ENTRY 0, 0xFFFFF, GDT_CODE_RING3, GDT_FLAGS_4K_32   ; 0x18
    GDT_ENTRY 0, 0xFFFFF, GDT_DATA_RING3, GDT_FLAGS_4K_32   ; 0x20
    GDT_ENTRY tss - $$ + ORIGIN, tss32_size - 1, GDT_TSS32, GDT_FLAGS_1B_32 ; 0x28
gdt_end:
gdt_ptr: GDT_POINTER gdt, gdt_end
idt_ptr: IDT_POINTER idt, 256

tss:
    istruc tss32
        at tss32.esp0, dd kernel_stack_top
        at tss32.ss0, dd KERNEL_DS
        at tss32.iomap, dw tss32_size   ; no I/O bitmap: ring 3 may not touch any port
    iend

section .bss
    alignb 16
idt: resq 256
    resb 4096
kernel_stack_top:
    resb 4096
user_stack_top:
