; Debug registers: an execution breakpoint in DR0 enabled in DR7 raises #DB before the instruction runs
; (EIP at it, DR6.B0 set); the handler sets RF in the saved EFLAGS so the instruction then runs once;
; a later pass hits the breakpoint again; disabling DR7 stops it.
%include "lib.inc"
main:
  call init_system
  mov eax, db_handler
  mov ecx, 1
  mov edx, 0x8e00
  call set_gate
  mov eax, target
  mov dr0, eax
  xor eax, eax
  mov dr6, eax
  mov eax, 0x1                 ; L0, R/W0 = 00 (execution), LEN0 = 00
  mov dr7, eax
  mov ecx, 3
.again:
  call target
  loop .again
  xor eax, eax
  mov dr7, eax
  call target
  PRINT dword [hits]
  PRINT dword [calls]
  NL
  ret
target:
  inc dword [calls]
  ret
hits: dd 0
calls: dd 0
db_handler:
  push eax
  mov eax, dr6
  and eax, 0xf
  PRINT eax
  mov eax, [esp + 4]           ; EIP pushed
  sub eax, target
  PRINT eax
  NL
  inc dword [hits]
  or dword [esp + 12], 0x10000 ; RF: resume without re-triggering
  pop eax
  iret
