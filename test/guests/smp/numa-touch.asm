; First-touch NUMA guest: every vCPU identity-maps the first 16 MiB with 4 MiB pages (its own page
; directory) and turns paging on (unless PAGING=0), then adds into its own buffer of PAGES pages (vCPU n:
; BUF + n MiB) PASSES times. The BSP waits for all (LOCK INC of `done`) and exits 0.
; Pages touched: the code page, `done`, each vCPU's stack page and buffer (and page directory with paging).
%ifndef PAGING
%define PAGING 1
%endif
%ifndef PAGES
%define PAGES 64
%endif
%ifndef PASSES
%define PASSES 8
%endif
%include "smp.inc"
%define done SHARED
%define BUF 0x800000

main:
%if PAGING
  mov edi, ebx                ; page directory of this vCPU: 0x300000 + n * 4 KiB
  shl edi, 12
  add edi, 0x300000
  mov dword [edi], 0x00000083 ; present, writable, 4 MiB
  mov dword [edi + 4], 0x00400083
  mov dword [edi + 8], 0x00800083
  mov dword [edi + 12], 0x00c00083
  mov cr3, edi
  mov eax, cr4
  or eax, 0x10                ; CR4.PSE
  mov cr4, eax
  mov eax, cr0
  or eax, 0x80000000          ; CR0.PG
  mov cr0, eax
%endif

  mov esi, ebx
  shl esi, 20
  add esi, BUF
  mov edx, PASSES
.pass:
  mov edi, esi
  mov ecx, PAGES * 1024
.touch:
  add [edi], edx
  add edi, 4
  dec ecx
  jnz .touch
  dec edx
  jnz .pass

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
