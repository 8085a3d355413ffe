; IPI ping-pong between vCPU 0 and vCPU 1: the BSP sends vector 0x40 to APIC 1, whose handler answers with
; vector 0x41 to APIC 0; the BSP waits for each answer in HLT. After ROUNDS rounds it prints both counts.
%ifndef ROUNDS
%define ROUNDS 1000
%endif
%include "smp.inc"
%include "idt.inc"
%define got0 SHARED
%define got1 SHARED + 64
%define ready SHARED + 128

main:
  cmp ebx, 1
  je ap
  ja others                     ; only vCPUs 0 and 1 play
  SET_GATE 0x40, isr_ping
  SET_GATE 0x41, isr_pong
  mov dword [ready], 1          ; IDT written
  call load_idt
.wait_ap:
  pause
  cmp dword [ready], 2
  jne .wait_ap
  xor ecx, ecx
.round:
  inc ecx
  mov dword [LAPIC + 0x310], 1 << 24
  mov dword [LAPIC + 0x300], 0x40
.wait:
  cli
  cmp [got0], ecx
  jae .answered
  sti
  hlt
  jmp .wait
.answered:
  cmp ecx, ROUNDS
  jb .round
  mov esi, msg_pings
  call puts
  mov eax, [got1]
  call puthex
  mov esi, msg_pongs
  mov eax, [got0]
  jmp report_exit

others:
  ret

ap:
  pause
  cmp dword [ready], 1
  jne ap
  call load_idt
  sti
  mov dword [ready], 2
.idle:
  hlt
  jmp .idle

isr_ping:                       ; on vCPU 1
  lock inc dword [got1]
  mov dword [LAPIC + 0x310], 0
  mov dword [LAPIC + 0x300], 0x41
  mov dword [LAPIC + 0xB0], 0
  iret

isr_pong:                       ; on vCPU 0
  lock inc dword [got0]
  mov dword [LAPIC + 0xB0], 0
  iret

msg_pings: db 'pings ', 0
msg_pongs: db ' pongs ', 0
