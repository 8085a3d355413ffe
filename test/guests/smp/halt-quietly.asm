; Prints "bye" and halts with interrupts off on every vCPU (exit status 0, no isa-debug-exit).
%include "smp.inc"
main:
  test ebx, ebx
  jnz .done
  mov esi, msg
  call puts
.done:
  ret
msg: db 'bye', 10, 0
