; INVLPG of an address inside a 4 MiB page drops the whole large page's translation (SDM INVLPG), not only
; the 4 KiB piece that address lies in: after the PDE is repointed, every part of the 4 MiB page reads the
; new frame. A CR3 reload drops them all too.
%include "lib.inc"
PD equ 0x200000
PT0 equ 0x201000

main:
  call init_system
  IDENTITY_PT PT0, 3  ; PT0: identity map 0..4 MiB
  mov edi, PD
  xor eax, eax
  mov ecx, 1024
  rep stosd
  mov dword [PD], PT0 | 3
  mov dword [PD + 4], 0x800000 | 0x83       ; virtual 4..8 MiB → physical 8..12 MiB, a 4 MiB page
  mov dword [0x800000], 0xaaaa0000
  mov dword [0x801000], 0xaaaa1000
  mov dword [0xbff000], 0xaaaaf000
  mov dword [0xc00000], 0xbbbb0000
  mov dword [0xc01000], 0xbbbb1000
  mov dword [0xfff000], 0xbbbbf000
  mov eax, cr4
  or eax, 0x10                              ; PSE
  mov cr4, eax
  mov eax, PD
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80000000
  mov cr0, eax
  ; Touch three 4 KiB pieces of the large page (each may be cached separately).
  PRINT dword [0x400000]
  PRINT dword [0x401000]
  PRINT dword [0x7ff000]
  NL
  ; Repoint the PDE to physical 12..16 MiB and INVLPG one address of the large page.
  mov dword [PD + 4], 0xc00000 | 0x83
  invlpg [0x400000]
  PRINT dword [0x400000]
  PRINT dword [0x401000]
  PRINT dword [0x7ff000]
  NL
  ; Back to 8..12 MiB through an address in another piece.
  mov dword [PD + 4], 0x800000 | 0x83
  invlpg [0x7ff123]
  PRINT dword [0x401000]
  PRINT dword [0x7ff000]
  PRINT dword [0x400000]
  NL
  ret
