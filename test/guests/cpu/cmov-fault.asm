; CMOVcc reads its memory source whatever the condition: a not-present page is #PF even when nothing is
; moved (SDM: the source is read whether or not the condition holds), with the same EIP, error code and CR2.
%include "lib.inc"
PD equ 0x200000
PT0 equ 0x201000
PT1 equ 0x202000

main:
  call init_system
  IDENTITY_PT PT0, 3  ; PT0: identity map 0..4 MiB
  mov edi, PD
  xor eax, eax
  mov ecx, 1024
  rep stosd
  mov edi, PT1              ; PT1: 4..8 MiB, not present but its first page (→ 0x300000)
  mov ecx, 1024
  rep stosd
  mov dword [PD], PT0 | 3
  mov dword [PD + 4], PT1 | 3
  mov dword [PT1], 0x300000 | 3
  mov dword [0x300000], 0x22222222
  mov eax, PD
  mov cr3, eax
  mov eax, cr0
  or eax, 0x80000000
  mov cr0, eax
  xor ecx, ecx
  mov eax, 0x11111111
  mov dword [resume_eip], .a1
  cmp ecx, 1                ; ZF = 0
  cmovz eax, [0x401000]     ; condition false, page not present: #PF
.a1:
  PRINT eax
  mov dword [resume_eip], .a2
  cmp ecx, 0                ; ZF = 1
  cmovz eax, [0x401000]     ; condition true: #PF
.a2:
  PRINT eax
  mov dword [resume_eip], 0
  cmp ecx, 1
  cmovz eax, [0x400000]     ; false: EAX unchanged
  PRINT eax
  cmovnz eax, [0x400000]    ; true
  PRINT eax
  NL
  PRINT dword [exc_count]
  NL
  mov eax, cr0
  and eax, 0x7fffffff
  mov cr0, eax
  ret
