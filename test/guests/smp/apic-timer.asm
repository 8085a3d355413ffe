; Every vCPU runs its local APIC timer (periodic, vector 0x30) and waits in HLT until it has seen TICKS
; interrupts; the BSP then prints "timers N ok" (N = vCPUs) when every count reached TICKS.
%ifndef TICKS
%define TICKS 20
%endif
%include "smp.inc"
%include "idt.inc"
%define ticks SHARED            ; one dword per APIC ID
%define done SHARED + 512
%define ready SHARED + 516

main:
  test ebx, ebx
  jnz .ap_wait
  SET_GATE 0x30, isr_timer
  mov dword [ready], 1
  jmp .go
.ap_wait:
  pause
  cmp dword [ready], 1
  jne .ap_wait
.go:
  call load_idt
  mov dword [LAPIC + 0x3E0], 0xB        ; divide by 1
  mov dword [LAPIC + 0x320], 0x20030    ; periodic, vector 0x30
  mov dword [LAPIC + 0x380], 5000       ; initial count
.wait:
  cli
  cmp dword [ticks + ebx * 4], TICKS
  jae .enough
  sti
  hlt
  jmp .wait
.enough:
  mov dword [LAPIC + 0x320], 0x10000    ; mask the timer
  lock inc dword [done]
  test ebx, ebx
  jnz .ap_done
  call vcpu_count
  mov edx, eax
.all:
  pause
  cmp [done], edx
  jne .all
  mov esi, msg
  call puts
  mov eax, edx
  call puthex
  xor ecx, ecx
.check:
  cmp dword [ticks + ecx * 4], TICKS
  jb .bad
  inc ecx
  cmp ecx, edx
  jb .check
  mov esi, msg_ok
  call puts
  mov al, 0
  jmp exit
.bad:
  mov esi, msg_bad
  call puts
  mov al, 1
  jmp exit
.ap_done:
  ret

isr_timer:
  push eax
  mov eax, [LAPIC + 0x20]
  shr eax, 24
  lock inc dword [ticks + eax * 4]
  mov dword [LAPIC + 0xB0], 0
  pop eax
  iret

msg: db 'timers ', 0
msg_ok: db ' ok', 10, 0
msg_bad: db ' BAD', 10, 0
