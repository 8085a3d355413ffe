; pv-console.asm - the smallest paravirtualized guest: it knows it runs on a hypervisor and asks it for
; everything privileged by hypercall (`int 0x82`, Xen's numbers), instead of touching the hardware.
;
; @title   PV console: hello through hypercalls
; @mode    pv
; @vcpus   1
; @ends    halted
; @output  hello from a paravirtualized kernel
; @output  start_info magic: xen-3.0-x86_32p
; @output  running at ring 1
;
;     virtlab run resources/examples/pv-console.asm --mode pv
;
; Under --mode pv the kernel starts at ring 1 with paging on and ESI pointing to the start_info page the
; hypervisor filled (docs/pv.md). It prints with console_io (the hypervisor's console is COM1) instead of
; programming the UART, and ends with sched_op(SCHEDOP_shutdown, poweroff) instead of `cli; hlt`: a PV
; kernel has no privilege to do either itself. Under --mode native it is not a PV kernel's world: `int 0x82`
; goes through an IDT nobody set up, and the run triple-faults.
bits 32
org 0x100000

%include "multiboot.inc"
%include "hypercall.inc"

    MULTIBOOT_HEADER start

; PRINT label, length: console_io(CONSOLEIO_write, length, label). EAX = 0 on success, < 0 on error.
%macro PRINT 2
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, %2, %1
%endmacro

start:
    mov esp, stack_top
    mov [start_info], esi               ; the hypervisor's start_info page

    PRINT hello, hello_len

    ; The magic at the start of start_info says which ABI the hypervisor speaks.
    PRINT magic_label, magic_label_len
    mov edx, [start_info]               ; SI_MAGIC is 0: the string is at the page's start
    HYPERCALL HYPERVISOR_console_io, CONSOLEIO_write, 15, edx
    PRINT newline, 1

    ; CS.RPL is the ring the kernel really runs at: 1, not 0.
    mov eax, cs
    and eax, 3
    add al, '0'
    mov [ring_digit], al
    PRINT ring_line, ring_line_len

    mov dword [shutdown_reason], SHUTDOWN_poweroff
    HYPERCALL HYPERVISOR_sched_op, SCHEDOP_shutdown, shutdown_reason
    ud2                                 ; not reached: the hypervisor ended the domain

hello:          db 'hello from a paravirtualized kernel', 10
hello_len       equ $ - hello
magic_label:    db 'start_info magic: '
magic_label_len equ $ - magic_label
newline:        db 10
ring_line:      db 'running at ring '
ring_digit:     db '?', 10
ring_line_len   equ $ - ring_line

section .bss
start_info:      resd 1
shutdown_reason: resd 1
    alignb 16
    resb 4096
stack_top:
