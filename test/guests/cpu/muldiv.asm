; MUL/IMUL (one, two and three operands) and DIV/IDIV at 8/16/32 bits over edge operands; #DE is caught
; by the handler, which resumes at the next case. Flags are printed after MUL/IMUL (OF/CF defined, the
; others as QEMU leaves them) and after DIV (unchanged).
%include "lib.inc"

; run_md: like run_pairs, but EDX is preset to a pattern and EDX is printed too.
run_md:
  pushad
  xor esi, esi
.i:
  xor edi, edi
.j:
  mov eax, [flagsets + 4]
  mov [initflags], eax
  mov eax, [vals + esi * 4]
  mov ebx, [vals + edi * 4]
  mov dword [resume_eip], .after
  mov edx, [vals + edi * 4]
  xor edx, 0x5a5a5a5a
  and edx, [dmask]
  call ebp
.back:
  push eax
  mov eax, edx
  call puthex
  call putsp
  pop eax
  call puthex
  call putsp
  mov eax, [flagsout]
  and eax, 0x8d5
  call puthex
  call putnl
  inc edi
  cmp edi, NVALS
  jb .j
  inc esi
  cmp esi, NVALS
  jb .i
  popad
  ret
.after:                     ; #DE landed here (the handler printed it); the routine's frame is gone
  add esp, 4                ; drop the return address pushed by `call ebp`
  mov dword [flagsout], 0
  jmp .back
dmask: dd 0xffffffff
flagsout: dd 0

%macro MDFN 2+
%1:
  push dword [initflags]
  popf
  %2
  pushf
  pop dword [flagsout]
  ret
%endmacro

MDFN mul8, mul bl
MDFN mul16, mul bx
MDFN mul32, mul ebx
MDFN imul8, imul bl
MDFN imul16, imul bx
MDFN imul32, imul ebx
MDFN imul2_16, imul ax, bx
MDFN imul2_32, imul eax, ebx
MDFN imul3_32, imul eax, ebx, 0x12345
MDFN imul3b_16, imul ax, bx, -3
MDFN div8, div bl
MDFN div16, div bx
MDFN div32, div ebx
MDFN idiv8, idiv bl
MDFN idiv16, idiv bx
MDFN idiv32, idiv ebx

%macro RUNMD 1
  mov ebp, %1
  call run_md
%endmacro
main:
  call init_system
  RUNMD mul8
  RUNMD mul16
  RUNMD mul32
  RUNMD imul8
  RUNMD imul16
  RUNMD imul32
  RUNMD imul2_16
  RUNMD imul2_32
  RUNMD imul3_32
  RUNMD imul3b_16
  ; QEMU's host crashes on INT_MIN / -1 in IDIV (machine.md): keep EDX small for the divisions
  mov dword [dmask], 0x0000000f
  RUNMD div8
  RUNMD div16
  RUNMD div32
  RUNMD idiv8
  RUNMD idiv16
  RUNMD idiv32
  ret
