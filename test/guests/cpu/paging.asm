; Two-level paging: 4 KiB and (CR4.PSE) 4 MiB pages, #PF error codes and CR2, CR0.WP, accessed/dirty bits,
; INVLPG and CR3 reload after a PTE change.
%include "lib.inc"
PD equ 0x200000
PT0 equ 0x201000
PT1 equ 0x202000

main:
  call init_system
  IDENTITY_PT PT0, 3  ; PT0: identity map 0..4 MiB, present + writable
  ; PD: entry 0 → PT0; entry 1 → PT1 (virtual 4..8 MiB, mostly not present)
  mov edi, PD
  xor eax, eax
  mov ecx, 1024
  rep stosd
  mov dword [PD], PT0 | 3
  mov dword [PD + 4], PT1 | 3
  mov edi, PT1
  xor eax, eax
  mov ecx, 1024
  rep stosd
  mov dword [PT1 + 0 * 4], 0x300000 | 3     ; 0x400000 → 0x300000 (RW)
  mov dword [PT1 + 1 * 4], 0x301000 | 1     ; 0x401000 → 0x301000 (read-only)
  mov dword [0x300000], 0x11111111
  mov dword [0x301000], 0x22222222
  mov eax, PD
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80000000
  mov cr0, eax
  PRINT dword [0x400000]
  PRINT dword [0x401000]
  PRINT dword [PT1]              ; accessed bit set by the read
  PRINT dword [PD + 4]
  mov dword [0x400004], 5
  PRINT dword [PT1]              ; dirty bit
  NL
  ; not-present read and write: #PF with error 0 / 2 and CR2
  mov dword [resume_eip], .r1
  mov eax, [0x402010]
.r1:
  mov dword [resume_eip], .r2
  mov dword [0x403ffc], 1
.r2:
  ; page-crossing dword whose second page is absent
  mov dword [resume_eip], .r3
  mov eax, [0x401ffe]
.r3:
  ; read-only page: supervisor write ignores R/W while CR0.WP = 0 ...
  mov dword [0x401000], 0x33333333
  PRINT dword [0x301000]
  PRINT dword [PT1 + 4]
  NL
  ; ... and faults with CR0.WP = 1 (present + write = 3)
  mov eax, cr0
  or eax, 0x10000
  mov cr0, eax
  mov dword [resume_eip], .r4
  mov dword [0x401000], 0x44444444
.r4:
  PRINT dword [0x301000]
  NL
  ; remap 0x400000 to 0x301000 and flush with INVLPG
  mov eax, [0x400000]
  mov dword [PT1], 0x301000 | 3
  invlpg [0x400000]
  PRINT dword [0x400000]
  ; remap back and flush with a CR3 reload
  mov dword [PT1], 0x300000 | 3
  mov eax, cr3
  mov cr3, eax
  PRINT dword [0x400000]
  NL
  ; 4 MiB page: virtual 0x800000 → physical 0 (needs CR4.PSE)
  mov dword [PD + 8], 0x000000 | 0x83
  mov dword [0x301234], 0x55555555
  mov eax, cr4
  or eax, 0x10
  mov cr4, eax
  PRINT dword [0xb01234]
  PRINT dword [PD + 8]
  mov dword [0xb01238], 7
  PRINT dword [PD + 8]
  PRINT dword [0x301238]
  NL
  ; PDE not present for 0xc00000
  mov dword [resume_eip], .r5
  mov eax, [0xc00010]
.r5:
  ; the fault handler itself runs through paging; count faults
  PRINT dword [exc_count]
  mov eax, cr0
  and eax, 0x7fffffff
  mov cr0, eax
  PRINT dword [0x400000]
  NL
  ret
