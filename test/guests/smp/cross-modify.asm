; Cross-modifying code: vCPU 0 calls `target` in a loop until it returns 2; vCPU 1 waits until vCPU 0 has
; run it at least once (so vCPU 0 holds it decoded), patches its immediate from 1 to 2, then raises
; `patched`. vCPU 0 prints "patched, stale N" and exits 0, N being the loop iterations that still ran the old
; code after vCPU 0 had read `patched` = 1 (x86 stores are seen in order, so the new code was visible then):
; 0 when the code caches of the vCPUs are coherent. Without a code cache shared by the vCPUs it loops on.
%include "smp.inc"
%define ran SHARED
%define patched SHARED + 64

main:
  test ebx, ebx
  jnz .ap
  xor edi, edi
.loop:
  mov edx, [patched]
  call target
  cmp eax, 2
  je .seen
  mov dword [ran], 1
  add edi, edx
  jmp .loop
.seen:
  mov esi, msg
  mov eax, edi
  jmp report_exit
.ap:
  pause
  cmp dword [ran], 1
  jne .ap
  mov byte [target + 1], 2
  mov dword [patched], 1
  ret

msg: db 'patched, stale ', 0
align 16
target:
  mov eax, 1
  ret
