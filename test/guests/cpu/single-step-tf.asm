; Changing TF (SDM Vol. 3 17.3.1.4): a POPF that clears TF still traps after itself, and the EFLAGS pushed
; for that #DB has TF clear (the value after the instruction); a POPF or IRET that sets TF traps only after
; the instruction that follows it; MOV SS holds the trap of the instruction after it (one trap after both).
; The handler prints the traps' return EIPs (relative to main) and the TF bit of the EFLAGS they saved.
%include "lib.inc"
main:
  call init_system
  mov eax, db_handler
  mov ecx, 1
  mov edx, 0x8e00
  call set_gate
  ; 1. POPF sets TF: the first trap comes after the instruction after it.
  pushfd
  or dword [esp], 0x100
  popfd
.after_set:
  nop
.after_nop:
  ; 2. POPF clears TF: one more trap, after the POPF, with TF clear in the pushed EFLAGS.
  pushfd
  and dword [esp], ~0x100
  popfd
.after_clear:
  nop
  NL
  ; 3. IRET sets TF: the trap comes after the instruction at the return address.
  pushfd
  or dword [esp], 0x100
  push cs
  push .iret_target
  iretd
.iret_target:
  inc eax
.after_inc:
  pushfd
  and dword [esp], ~0x100
  popfd
  NL
  ; 4. MOV SS: no trap between it and the next instruction; one trap after both.
  pushfd
  or dword [esp], 0x100
  popfd
  nop
  mov ax, ss
  mov ss, ax
  mov ebx, 1
.after_movss:
  pushfd
  and dword [esp], ~0x100
  popfd
  NL
  PRINT dword [traps]
  NL
  ret
traps: dd 0
db_handler:
  push eax
  mov eax, [esp + 4]        ; return EIP
  sub eax, main
  PRINT eax
  mov eax, [esp + 12]       ; saved EFLAGS
  and eax, 0x100
  PRINT eax
  inc dword [traps]
  pop eax
  iretd
