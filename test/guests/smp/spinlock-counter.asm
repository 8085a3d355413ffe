; N vCPUs each add K to a shared counter inside a spinlock taken with LOCK XCHG and released with a plain
; store; then they count themselves done with LOCK INC. The BSP waits for all, prints the counter and exits 0.
; Build with -D K=... (default 100000). Expected output: the counter = N × K in hex.
%ifndef K
%define K 100000
%endif
%include "smp.inc"
%define counter SHARED
%define lock_word SHARED + 64
%define done SHARED + 128

main:
  mov ecx, K
.loop:
  mov eax, 1
.acquire:
  xchg eax, [lock_word]       ; implicitly locked
  test eax, eax
  jz .locked
.spin:
  pause
  cmp dword [lock_word], 0
  jne .spin
  mov eax, 1
  jmp .acquire
.locked:
  mov eax, [counter]          ; a non-atomic read-modify-write, protected by the lock
  inc eax
  mov [counter], eax
  mov dword [lock_word], 0    ; release
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
