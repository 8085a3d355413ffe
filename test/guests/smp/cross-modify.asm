; Cross-modifying code: vCPU 0 calls `target` in a loop until it returns 2; vCPU 1 waits until vCPU 0 has
; run it at least once (so vCPU 0 holds it decoded), then patches its immediate from 1 to 2. vCPU 0 must see
; the new code: it prints "patched" and exits 0. Without a code cache shared by the vCPUs it loops on.
%include "smp.inc"
%define ran SHARED

main:
  test ebx, ebx
  jnz .ap
.loop:
  call target
  cmp eax, 2
  je .seen
  mov dword [ran], 1
  jmp .loop
.seen:
  mov esi, msg
  call puts
  mov al, 0
  jmp exit
.ap:
  pause
  cmp dword [ran], 1
  jne .ap
  mov byte [target + 1], 2
  ret

msg: db 'patched', 10, 0
align 16
target:
  mov eax, 1
  ret
