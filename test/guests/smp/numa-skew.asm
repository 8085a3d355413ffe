; NUMA balancing guest (two vCPUs, no paging): the BSP first-touches a buffer of PAGES pages (so under the
; local policy it lands on the BSP's node), then signals; vCPU 1 then adds into it PASSES times, every access
; remote unless the pages migrate to its node. The BSP waits for vCPU 1 and exits 0.
%ifndef PAGES
%define PAGES 16
%endif
%ifndef PASSES
%define PASSES 32
%endif
%include "smp.inc"
%define ready SHARED
%define done SHARED + 4
%define BUF 0x800000

main:
  test ebx, ebx
  jnz .user
  mov edi, BUF
  mov ecx, PAGES * 1024
.touch:
  mov dword [edi], 0
  add edi, 4
  dec ecx
  jnz .touch
  mov dword [ready], 1
.wait:
  pause
  cmp dword [done], 1
  jne .wait
  mov al, 0
  jmp exit

.user:
  pause
  cmp dword [ready], 1
  jne .user
  mov edx, PASSES
.pass:
  mov edi, BUF
  mov ecx, PAGES * 1024
.add:
  add [edi], edx
  add edi, 4
  dec ecx
  jnz .add
  dec edx
  jnz .pass
  mov dword [done], 1
.halt:
  cli
  hlt
  jmp .halt
