; Hot loops and the APIC timer: a loop runs long with the timer stopped (device time piles up unseen), then
; the periodic timer interrupts a second hot loop every 997 cycles. The handler folds ECX (where the loop was)
; into a checksum, so interpreted and translated runs must take every interrupt at the same instruction.
%include "lib.inc"
APIC equ 0xfee00000
main:
  call init_system
  mov al, 0xff                          ; mask the 8259s
  out 0x21, al
  out 0xa1, al
  mov eax, tick
  mov ecx, 0x30
  mov edx, 0x8e00
  call set_gate
  mov dword [APIC + 0xf0], 0x1ff        ; SVR: enable, spurious vector 0xff
  mov dword [APIC + 0x3e0], 0xb         ; divide by 1
  mov ecx, 50000                        ; timer stopped
.idle:
  add eax, ecx
  dec ecx
  jnz .idle
  mov dword [APIC + 0x320], 0x20030     ; periodic, vector 0x30
  mov dword [APIC + 0x380], 997
  sti
  mov ecx, 200000
.busy:
  add eax, ecx
  xor ebx, eax
  dec ecx
  jnz .busy
  cli
  mov dword [APIC + 0x320], 0x10030     ; masked
  mov dword [APIC + 0x380], 0
  PRINT dword [ticks]
  PRINT dword [sum]
  PRINT eax
  NL
  ret
tick:
  push eax
  mov eax, [sum]
  imul eax, 31
  add eax, ecx
  mov [sum], eax
  inc dword [ticks]
  mov dword [APIC + 0xb0], 0
  pop eax
  iret
ticks: dd 0
sum: dd 0
