; Double fault: a contributory fault while delivering a contributory fault (#DE whose gate is not present
; → #NP → #DF), and a #PF whose gate is not present; the #DF handler reports and resumes. Benign + contributory
; (INT3 through a non-present gate) is delivered serially as #NP.
%include "lib.inc"
main:
  call init_system
  and byte [idt + 0 * 8 + 5], 0x7f      ; #DE gate not present
  mov dword [resume_eip], .a
  xor ecx, ecx
  div ecx
.a:
  and byte [idt + 3 * 8 + 5], 0x7f      ; #BP gate not present: #NP, no double fault
  or byte [idt + 3 * 8 + 5], 0x60       ; DPL 3 so INT3 passes the gate check
  mov dword [resume_eip], .b
  int3
.b:
  ; #PF with its gate not present → #NP → #DF
  and byte [idt + 14 * 8 + 5], 0x7f
  mov dword [0x200000], 0                ; empty page directory
  mov eax, 0x200000
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80000000
  mov dword [resume_eip], .c
  mov cr0, eax                           ; the next fetch faults
.c:
  PRINT dword [exc_count]
  NL
  ret
