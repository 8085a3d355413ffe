; Cross-modifying code inside one translated loop: vCPU 0 spins in a block that branches to itself, vCPU 1
; patches the immediate of that block's first instruction from 1 to 2, then raises `patched`. Each iteration
; counts itself stale when it still ran the old immediate although the previous iteration had read
; `patched` = 1 (the patch was visible by then: x86 stores are seen in order). vCPU 0 prints
; "patched, stale N" and exits 0; N is 0 when the translated loop looks at the page's code generation after
; every iteration, as the interpreter does before every instruction.
%include "smp.inc"
%define passes SHARED
%define patched SHARED + 64

main:
  test ebx, ebx
  jnz .ap
  xor edi, edi
  xor edx, edx
  xor ecx, ecx
align 16
.loop:
  mov eax, 1                  ; vCPU 1 patches the immediate to 2
  mov ebx, 2
  sub ebx, eax                ; 1 while the old code runs, 0 after
  imul ebx, edx               ; ... and counts when the last iteration had seen the patch
  add edi, ebx
  inc ecx
  mov [passes], ecx           ; for vCPU 1: how far the loop got
  mov edx, [patched]
  cmp eax, 2
  jne .loop
  mov esi, msg
  mov eax, edi
  jmp report_exit
.ap:
  pause
  cmp dword [passes], 100000  ; the loop has long been hot and translated (after 16 passes)
  jb .ap
  mov byte [main.loop + 1], 2
  mov dword [patched], 1
  ret

msg: db 'patched, stale ', 0
