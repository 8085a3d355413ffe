; Segmentation: a data segment with a non-zero base, an LDT and a TI=1 selector, LAR/LSL/VERR/VERW/ARPL,
; SGDT/SIDT/SLDT/STR/SMSW, MOV from segment registers, far pointers through LDS/LES.
%include "lib.inc"
LDTSEL equ 0x30
align 8
ldt:
  dq 0
  dq 0x00cff2000000ffff     ; LDT 0x0c|7 → 0x0f: DPL 3 data, base 0
  dq 0x0040920200000fff     ; LDT 0x14: data, base 0x20000, limit 0xfff (byte granular), 32-bit
ldt_end:
pd6: times 6 db 0

main:
  call init_system
  ; GDT 0x30: LDT descriptor; 0x38: data segment with base 0x10000, limit 0xffff
  mov eax, ldt
  mov word [gdt_tss + 8], ldt_end - ldt - 1
  mov [gdt_tss + 10], ax
  shr eax, 16
  mov [gdt_tss + 12], al
  mov byte [gdt_tss + 13], 0x82
  mov byte [gdt_tss + 14], 0
  mov [gdt_tss + 15], ah
  mov dword [gdt_tss + 16], 0x0000ffff
  mov dword [gdt_tss + 20], 0x00409201
  mov ax, LDTSEL
  lldt ax
  ; non-zero base: [gs:0x234] is linear 0x10234
  mov dword [0x10234], 0xfeedface
  mov ax, 0x38
  mov gs, ax
  PRINT dword [gs:0x234]
  mov dword [gs:0x238], 0x12345678
  PRINT dword [0x10238]
  ; LDT selector (TI = 1)
  mov ax, 0x14
  mov fs, ax
  mov dword [0x20010], 0xabcdef01
  PRINT dword [fs:0x10]
  mov eax, fs
  PRINT eax
  NL
  ; LAR / LSL / VERR / VERW on several selectors; print value and ZF
%macro PROBE 2
  mov ecx, 0xdeadbeef
  mov eax, %2
  %1 ecx, eax
  pushfd
  pop eax
  and eax, 0x40
  PRINT ecx
  PRINT eax
%endmacro
  PROBE lar, KDATA             ; (not KCODE: QEMU does not set the accessed bit on CS loads)
  PROBE lar, UDATA
  PROBE lar, TSSSEL
  PROBE lar, LDTSEL
  PROBE lar, 0x1234
  PROBE lsl, KDATA
  PROBE lsl, 0x38
  PROBE lsl, 0x14
  NL
%macro VER 2
  mov eax, %2
  %1 ax
  pushfd
  pop eax
  and eax, 0x40
  PRINT eax
%endmacro
  VER verr, KCODE
  VER verw, KCODE
  VER verr, KDATA
  VER verw, KDATA
  VER verr, TSSSEL
  VER verw, 0
  ; ARPL
  mov ax, 0x10
  mov bx, 0x23
  arpl ax, bx
  pushfd
  pop ecx
  and ecx, 0x40
  movzx eax, ax
  PRINT eax
  PRINT ecx
  arpl ax, bx
  pushfd
  pop ecx
  and ecx, 0x40
  PRINT ecx
  NL
  ; SGDT / SIDT / SLDT / STR / SMSW
  sgdt [pd6]
  movzx eax, word [pd6]
  PRINT eax
  mov eax, [pd6 + 2]
  sub eax, gdt
  PRINT eax
  sidt [pd6]
  movzx eax, word [pd6]
  PRINT eax
  sldt ax
  movzx eax, ax
  PRINT eax
  str eax
  PRINT eax
  smsw eax
  PRINT eax
  mov eax, ss
  PRINT eax
  NL
  ; far pointers
  les ebx, [farptr]
  mov eax, es
  PRINT eax
  PRINT ebx
  mov ax, KDATA
  mov es, ax
  NL
  ret
farptr: dd 0x55667788
        dw 0x38
