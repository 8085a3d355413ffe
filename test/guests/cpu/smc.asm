; Self-modifying code: patch an immediate that already ran (cached), patch the next instruction in the same
; block, and copy code with REP MOVSB over code that ran.
%include "lib.inc"
main:
  mov ecx, 3
.again:
  call patched
  PRINT eax
  inc dword [patched + 1]       ; change the immediate of `mov eax, imm32`
  loop .again
  NL
  ; modify the very next instruction
  mov byte [.next + 1], 0x77
.next:
  mov al, 0x11
  movzx eax, al
  PRINT eax
  NL
  ; overwrite a routine with another one by REP MOVSB, then call it
  call target
  PRINT eax
  mov esi, replacement
  mov edi, target
  mov ecx, replacement_end - replacement
  rep movsb
  call target
  PRINT eax
  NL
  ret
patched:
  mov eax, 0x1000
  ret
target:
  mov eax, 0xaaaa
  ret
  nop
  nop
  nop
replacement:
  mov eax, 0xbbbb
  add eax, 1
  ret
replacement_end:
