; Far CALL from ring 3 through a DPL-3 call gate with two stack parameters into ring 0 (stack switch from
; the TSS, parameters copied), RETF 8 back to ring 3; a far CALL/RETF at the same level; a call gate whose
; DPL is below CPL (#GP).
%include "lib.inc"
GATESEL equ 0x30 | 3
GATE0SEL equ 0x38

main:
  call init_system
  ; 0x30: 32-bit call gate, DPL 3, 2 parameters, target KCODE:kfunc
  mov eax, kfunc
  mov [gdt_tss + 8], ax
  mov word [gdt_tss + 10], KCODE
  mov byte [gdt_tss + 12], 2
  mov byte [gdt_tss + 13], 0xec
  shr eax, 16
  mov [gdt_tss + 14], ax
  ; 0x38: the same gate with DPL 0
  mov eax, [gdt_tss + 8]
  mov [gdt_tss + 16], eax
  mov eax, [gdt_tss + 12]
  and eax, 0xffff9fff
  mov [gdt_tss + 20], eax
  ; far call at the same level first
  call KCODE:near_far
  PRINT eax
  NL
  push dword UDATA
  push dword 0x60000
  pushfd
  push dword UCODE
  push dword user
  iret
near_far:
  mov eax, cs
  retf

user:
  mov ax, UDATA
  mov ds, ax
  mov es, ax
  push dword 0x1111
  push dword 0x2222
  call GATESEL:0
  PRINT eax
  PRINT esp
  mov eax, cs
  PRINT eax
  NL
  mov dword [resume_eip], .f1
  call GATE0SEL:0
.f1:
  PRINT dword [exc_count]
  NL
  mov al, 0x22
  out 0xf4, al

kfunc:
  mov eax, cs
  PRINT eax
  mov eax, ss
  PRINT eax
  PRINT esp
  mov eax, [esp + 8]        ; parameters: [esp+8] = 0x2222, [esp+12] = 0x1111
  PRINT eax
  mov eax, [esp + 12]
  PRINT eax
  mov eax, [esp + 16]       ; caller esp
  PRINT eax
  mov eax, [esp + 20]       ; caller ss
  PRINT eax
  NL
  mov eax, 0x5678
  retf 8
