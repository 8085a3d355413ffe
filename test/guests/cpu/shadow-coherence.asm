; Shadow coherence under guest PTE writes: a kernel that keeps rewriting its page tables and checks what it
; reads through the mappings. Only what the architecture defines: a not-present entry made present is used
; at once; a changed present entry only after INVLPG or a CR3 load. Under a shadow MMU (trap, bt) every case
; is a page-table write the VMM syncs, a hidden fault, a root switch or an INVLPG resync; the output must be
; what the hardware gives. Two address spaces (PDA, PDB), a self-map of a page table, aliases, A/D bits,
; read-only pages with CR0.WP = 1, a PDE switched to another table, 4 MiB pages (CR4.PSE).
%include "lib.inc"
PDA equ 0x200000
PDB equ 0x201000
PT0 equ 0x202000                  ; identity 0..4 MiB (code, data, the tables)
PT1 equ 0x203000                  ; PDA: 4..8 MiB
PT2 equ 0x204000                  ; PDB: 4..8 MiB, and PDA's for a while
DATA equ 0x300000                 ; 16 data pages, page i holds 0x1000 * (i + 1) + offset / 4 at each dword
WIN equ 0x400000                  ; the window 4..8 MiB
SELF equ 0x7ff000                 ; PT1's last entry maps PT1 itself: its PTEs at SELF + 4 * i

main:
  call init_system
  mov edi, PDA                    ; PDA, PDB, PT0, PT1, PT2 empty
  xor eax, eax
  mov ecx, 5 * 1024
  rep stosd
  IDENTITY_PT PT0, 3  ; PT0: identity, present + writable
  mov edi, DATA                   ; the data pages' contents
  xor ecx, ecx
.data:
  mov eax, ecx
  add eax, 0x1000
  mov [edi + ecx * 4], eax
  inc ecx
  cmp ecx, 16 * 1024
  jb .data
  mov dword [PDA], PT0 | 3
  mov dword [PDA + 4], PT1 | 3
  mov dword [PDB], PT0 | 3
  mov dword [PDB + 4], PT2 | 3
  mov dword [PT1 + 0 * 4], DATA | 3            ; WIN → data page 0
  mov dword [PT1 + 1023 * 4], PT1 | 3          ; the self-map
  mov dword [PT2 + 0 * 4], (DATA + 0x5000) | 3 ; PDB: WIN → data page 5
  mov eax, PDA
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80010000              ; PG, WP
  mov cr0, eax

  ; 1. read through a mapping; its PTE gets A
  PRINT dword [WIN + 8]
  mov eax, [PT1]
  and eax, 0x60
  PRINT eax
  NL
  ; 2. remap a present PTE, INVLPG, read the new page; the accessed bit again
  mov dword [PT1], (DATA + 0x1000) | 3
  invlpg [WIN]
  PRINT dword [WIN + 8]
  mov eax, [PT1]
  and eax, 0x60
  PRINT eax
  ; 3. write: D set
  mov dword [WIN + 12], 0xaaaa0001
  mov eax, [PT1]
  and eax, 0x60
  PRINT eax
  PRINT dword [DATA + 0x1000 + 12]
  NL
  ; 4. not present → present without INVLPG; an alias of the same page
  mov dword [PT1 + 2 * 4], (DATA + 0x1000) | 3
  PRINT dword [WIN + 0x2000 + 12]
  mov dword [WIN + 0x2000 + 16], 0xbbbb0002
  PRINT dword [WIN + 16]
  NL
  ; 5. unmap + INVLPG: a not-present fault with CR2
  mov dword [PT1 + 2 * 4], 0
  invlpg [WIN + 0x2000]
  mov dword [resume_eip], .r5
  mov eax, [WIN + 0x2000 + 4]
.r5:
  ; 6. clear A and D, INVLPG: a read sets A only, a write D
  mov dword [PT1], (DATA + 0x1000) | 3
  invlpg [WIN]
  mov eax, [WIN]
  mov eax, [PT1]
  and eax, 0x60
  PRINT eax
  mov dword [WIN], 0xcccc0003
  mov eax, [PT1]
  and eax, 0x60
  PRINT eax
  NL
  ; 7. read-only with CR0.WP = 1: a protection fault; writable again after INVLPG
  mov dword [PT1], (DATA + 0x1000) | 1 | 0x60
  invlpg [WIN]
  PRINT dword [WIN]
  mov dword [resume_eip], .r7
  mov dword [WIN], 0xdddd0004
.r7:
  mov dword [PT1], (DATA + 0x1000) | 3 | 0x60
  invlpg [WIN]
  mov dword [WIN], 0xdddd0005
  PRINT dword [DATA + 0x1000]
  NL
  ; 8. the page table through its self-map: map page 3, read it
  mov dword [SELF + 3 * 4], (DATA + 0x3000) | 3
  PRINT dword [WIN + 0x3000 + 20]
  PRINT dword [PT1 + 3 * 4]
  mov dword [SELF + 3 * 4], (DATA + 0x4000) | 3
  invlpg [WIN + 0x3000]
  PRINT dword [WIN + 0x3000 + 20]
  NL
  ; 9. the other address space: its own mapping; a write to PDA's table while PDB is loaded is seen after
  ;    the CR3 load back (no INVLPG)
  mov eax, PDB
  mov cr3, eax
  PRINT dword [WIN + 24]
  mov dword [PT1], (DATA + 0x6000) | 3
  mov eax, PDA
  mov cr3, eax
  PRINT dword [WIN + 24]
  NL
  ; 10. PDA's PDE switched to PT2 (PDB's table), CR3 reloaded: PDB's mapping; back to PT1
  mov dword [PDA + 4], PT2 | 3
  mov eax, cr3
  mov cr3, eax
  PRINT dword [WIN + 28]
  mov dword [PDA + 4], PT1 | 3
  mov eax, cr3
  mov cr3, eax
  PRINT dword [WIN + 28]
  mov eax, [PDA + 4]
  and eax, 0x60
  PRINT eax
  NL
  ; 11. a 4 MiB page: 8 MiB → physical 0 (the data pages at 3 MiB), written (D); then made supervisor-only and
  ;     read-only with A and D clear: readable by the kernel (A again), a write faults
  mov eax, cr4
  or eax, 0x10
  mov cr4, eax
  mov dword [PDA + 8], 0x83
  PRINT dword [0x800000 + DATA + 0x7000 + 32]
  mov dword [0x800000 + DATA + 0x7000 + 36], 0xeeee0006
  mov eax, [PDA + 8]
  and eax, 0x60
  PRINT eax
  mov dword [PDA + 8], 0x81
  invlpg [0x800000 + DATA]
  PRINT dword [0x800000 + DATA + 0x7000 + 36]
  mov dword [resume_eip], .r11
  mov dword [0x800000 + DATA + 0x7000 + 36], 0
.r11:
  mov eax, [PDA + 8]
  and eax, 0x60
  PRINT eax
  NL
  ; 12. one PTE rewritten 64 times, each with INVLPG and a read through it
  xor ebx, ebx
  xor esi, esi
.loop:
  mov eax, ebx
  and eax, 15
  shl eax, 12
  add eax, DATA | 3
  mov [PT1 + 5 * 4], eax
  invlpg [WIN + 0x5000]
  add esi, [WIN + 0x5000 + 40]
  inc ebx
  cmp ebx, 64
  jb .loop
  PRINT esi
  ; 13. demand mapping: 16 not-present PTEs made present one by one, each written and read back
  xor ebx, ebx
  xor esi, esi
.demand:
  mov eax, ebx
  shl eax, 12
  add eax, DATA | 3
  mov [PT1 + 0x100 * 4 + ebx * 4], eax
  mov eax, ebx
  shl eax, 12
  add dword [WIN + 0x100000 + eax + 44], 1
  add esi, [WIN + 0x100000 + eax + 44]
  inc ebx
  cmp ebx, 16
  jb .demand
  PRINT esi
  PRINT dword [exc_count]
  NL
  ret
