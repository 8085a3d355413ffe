; A runaway guest: every vCPU spins forever (no I/O, no HLT), so only --timeout or --max-insns ends the run.
; For the CLI's timeout and instruction-limit tests, which must not depend on how fast the CPU is.
%include "smp.inc"

main:
  xor eax, eax
.spin:
  inc eax
  jmp .spin
