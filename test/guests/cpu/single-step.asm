; EFLAGS.TF: a #DB trap after each instruction with EIP past it and DR6.BS set; the handler stops stepping
; after five traps by clearing TF in the saved EFLAGS. INT n clears TF for its handler.
%include "lib.inc"
main:
  call init_system
  mov eax, db_handler
  mov ecx, 1
  mov edx, 0x8e00
  call set_gate
  mov eax, int_handler
  mov ecx, 0x30
  mov edx, 0x8e00
  call set_gate
  xor eax, eax
  mov dr6, eax
  pushfd
  or dword [esp], 0x100
  popfd
  inc eax
  int 0x30
  add eax, 2
  nop
  nop
  nop
  nop
  PRINT eax
  PRINT dword [steps]
  NL
  ret
steps: dd 0
db_handler:
  push ecx
  push eax
  mov eax, dr6
  and eax, 0x4000
  mov ecx, [esp + 8]        ; EIP of the next instruction
  sub ecx, main
  PRINT eax
  PRINT ecx
  NL
  inc dword [steps]
  cmp dword [steps], 5
  jb .keep
  and dword [esp + 16], ~0x100
.keep:
  pop eax
  pop ecx
  iret
int_handler:
  pushfd
  pop ecx
  and ecx, 0x100
  PRINT ecx
  NL
  iret
