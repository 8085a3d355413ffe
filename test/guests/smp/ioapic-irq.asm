; An ISA interrupt through the I/O APIC to vector 0x50 on the vCPU with APIC ID TARGET, edge- or
; level-triggered (LEVEL), driven by pc-testdev's line IRQ (port 0x2000 + IRQ; default IRQ 10) or, with
; UART=1, by COM1's THR-empty interrupt (IRQ 4, IER bit 1). Runs on virtlab and under
; `qemu-system-i386 -smp 2 -kernel` (qemu-smp.inc starts the AP there).
;   phase A: raise the line; the handler lowers it, then EOIs: one interrupt.
;   phase B: raise the line; the handler EOIs without lowering it until its HOLD-th run: a level line is
;            delivered again after each EOI (HOLD interrupts), an edge only once (the BSP lowers it after).
; The BSP prints per phase the interrupts taken, the APIC ID that took them and the redirection entry as the
; handler read it (remote IRR set for level) and as it reads after the last EOI; then it exits 0 (the number
; of extra AP check-ins otherwise).
%ifndef TARGET
%define TARGET 1
%endif
%ifndef LEVEL
%define LEVEL 1
%endif
%ifndef UART
%define UART 0
%endif
%ifndef IRQ
%if UART
%define IRQ 4
%else
%define IRQ 10
%endif
%endif
%define HOLD 3
%define VECTOR 0x50
%define IOAPIC 0xFEC00000
%define RTE (0x10 + 2 * IRQ)

%include "qemu-smp.inc"
%include "idt.inc"

%define idt_ready SHARED
%define aps_up SHARED + 64
%define count SHARED + 128      ; interrupts taken in this phase
%define who SHARED + 192        ; APIC ID of the vCPU that took the last one
%define hold SHARED + 256       ; the handler lowers the line on this run
%define rte_seen SHARED + 320   ; the redirection entry as the handler's first run read it

main:
  call load_gdt
  call enable_apic
  test ebx, ebx
  jnz ap
  mov al, 0xff                  ; mask both 8259s: interrupts come through the I/O APIC only
  out 0x21, al
  out 0xa1, al
  SET_GATE VECTOR, isr
  call load_idt
  call start_aps                ; before the APs are let go: under virtlab they already run, and INIT restarts them
  mov dword [idt_ready], 1
  call vcpu_count
  dec eax
.wait_aps:
  pause
  cmp [aps_up], eax
  jne .wait_aps

  mov dword [IOAPIC], RTE + 1
  mov dword [IOAPIC + 0x10], TARGET << 24
  mov dword [IOAPIC], RTE
  mov dword [IOAPIC + 0x10], VECTOR | (LEVEL << 15)
  sti

  mov al, 'A'
  mov dword [hold], 1
  call phase
  mov al, 'B'
  mov dword [hold], HOLD
  call phase
  call vcpu_count               ; exit 0 when each AP checked in exactly once (not again after a late INIT)
  dec eax
  neg eax
  add eax, [aps_up]
  jmp exit

; One phase, named AL: raise the line, wait for the interrupts, let extra ones show up, lower, report.
phase:
  call putc
  mov dword [count], 0
  mov dword [who], -1
  mov dword [rte_seen], -1
  call raise
  mov eax, [hold]
%if LEVEL == 0
  mov eax, 1
%endif
  call wait_count
  call settle
  call lower
  call settle
  mov esi, msg_count
  call puts
  mov eax, [count]
  call puthex
  mov esi, msg_cpu
  call puts
  mov eax, [who]
  call puthex
  mov esi, msg_rte_isr
  call puts
  mov eax, [rte_seen]
  call puthex
  mov esi, msg_rte
  call puts
  mov dword [IOAPIC], RTE
  mov eax, [IOAPIC + 0x10]
  call puthex
  mov al, 10
  call putc
  ret

raise:
  push eax
  push edx
%if UART
  mov dx, 0x3f9
  mov al, 0x02                  ; IER: THR empty
%else
  mov dx, 0x2000 + IRQ
  mov al, 1
%endif
  out dx, al
  pop edx
  pop eax
  ret

lower:
  push eax
  push edx
%if UART
  mov dx, 0x3f9                 ; IER: nothing
%else
  mov dx, 0x2000 + IRQ
%endif
  xor al, al
  out dx, al
  pop edx
  pop eax
  ret

; Waits until [count] >= EAX (bounded, so a lost interrupt shows in the output instead of hanging).
wait_count:
  push ecx
  mov ecx, 0x1000000
.loop:
  cmp [count], eax
  jae .done
  pause
  dec ecx
  jnz .loop
.done:
  pop ecx
  ret

; Time for an interrupt that should not come to come.
settle:
  push ecx
  mov ecx, 200000
.loop:
  pause
  dec ecx
  jnz .loop
  pop ecx
  ret

ap:
  pause
  cmp dword [idt_ready], 1
  jne ap
  call load_idt
  sti
  lock inc dword [aps_up]
.idle:
  hlt
  jmp .idle

isr:
  push eax
  lock inc dword [count]
  mov eax, [LAPIC + 0x20]
  shr eax, 24
  mov [who], eax
  cmp dword [count], 1
  jne .seen
  mov dword [IOAPIC], RTE
  mov eax, [IOAPIC + 0x10]
  mov [rte_seen], eax
.seen:
  mov eax, [count]
  cmp eax, [hold]
  jb .eoi
  call lower
.eoi:
  mov dword [LAPIC + 0xB0], 0
  pop eax
  iret

msg_count: db ' count=', 0
msg_cpu: db ' cpu=', 0
msg_rte_isr: db ' rte-in-handler=', 0
msg_rte: db ' rte-after=', 0
