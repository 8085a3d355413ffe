; N vCPUs each increment a shared counter K times: with LOCKED defined by LOCK INC; with SPLIT by a load, INC
; and store (three instructions: a vCPU scheduled between them loses updates even on one thread); else by a
; plain INC whose read and write other vCPUs can come between (lost updates when the vCPUs really run in parallel).
; The BSP waits for all (LOCK INC of `done`), prints the counter and exits 0.
%ifndef K
%define K 100000
%endif
%include "smp.inc"
%define counter SHARED
%define done SHARED + 128

main:
  mov ecx, K
.loop:
%ifdef LOCKED
  lock inc dword [counter]
%elifdef SPLIT
  mov eax, [counter]
  inc eax
  mov [counter], eax
%else
  inc dword [counter]
%endif
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
  mov esi, msg
  mov eax, [counter]
  jmp report_exit
.ap:
  ret
msg: db 'counter ', 0
