; Independent compute on every vCPU (no shared writes in the loop, no I/O): K iterations of a small ALU
; loop, then LOCK INC of `done`; the BSP waits for all and exits 0. For the engine benchmark.
%ifndef K
%define K 10000000
%endif
%include "smp.inc"
%define done SHARED

main:
  mov ecx, K
  xor eax, eax
  mov edx, 1
.loop:
  add eax, edx
  xor edx, eax
  rol eax, 3
  dec ecx
  jnz .loop
  lock inc dword [done]
  test ebx, ebx
  jnz .ap
  call vcpu_count
  mov edx, eax
.wait:
  pause
  cmp [done], edx
  jne .wait
  mov al, 0
  jmp exit
.ap:
  ret
