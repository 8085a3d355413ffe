; Hardware task switches: a double fault handled by a task gate (fresh stack, CR0.TS set, back link and NT),
; IRET back to the faulting task, CALL to a TSS and IRET back (busy bits, back link, NT).
%include "lib.inc"
TSS2SEL equ 0x30
TSS3SEL equ 0x38
GATESEL equ 0x40

align 4
tss2:
  dd 0, 0x7f000, KDATA, 0, 0, 0, 0
  dd 0                      ; cr3
  dd df_task                ; eip
  dd 0x2                    ; eflags
  dd 0, 0, 0, 0, 0x7d000, 0, 0, 0
  dd KDATA, KCODE, KDATA, KDATA, KDATA, KDATA, 0, 0
  times 8 dd 0
tss3:
  dd 0, 0, 0, 0, 0, 0, 0, 0
  dd called_task, 0x2, 0x33, 0, 0, 0, 0x7c000, 0, 0, 0
  dd KDATA, KCODE, KDATA, KDATA, KDATA, KDATA, 0, 0
  times 8 dd 0

%macro TSSDESC 2            ; slot offset in gdt_tss, address
  mov eax, %2
  mov word [gdt_tss + %1], 0x67
  mov [gdt_tss + %1 + 2], ax
  shr eax, 16
  mov [gdt_tss + %1 + 4], al
  mov byte [gdt_tss + %1 + 5], 0x89
  mov byte [gdt_tss + %1 + 6], 0
  mov [gdt_tss + %1 + 7], ah
%endmacro

main:
  call init_system
  TSSDESC 8, tss2
  TSSDESC 16, tss3
  ; task gate in the GDT (for JMP) and in the IDT for #DF (vector 8)
  mov dword [gdt_tss + 24], TSS3SEL << 16
  mov dword [gdt_tss + 28], 0x00008500
  mov dword [idt + 8 * 8], TSS2SEL << 16
  mov dword [idt + 8 * 8 + 4], 0x00008500
  and byte [idt + 0 * 8 + 5], 0x7f     ; #DE gate not present → #NP → #DF → task gate
  clts
  xor ecx, ecx
  div ecx                              ; the df task prints and IRETs back here (to the div: faults again? no: df task skips)
after_df:
  mov eax, cr0
  and eax, 8
  PRINT eax                            ; TS set by the switch
  str ax
  movzx eax, ax
  PRINT eax
  NL
  call TSS3SEL:0                       ; CALL to a TSS
  PRINT eax
  str ax
  movzx eax, ax
  PRINT eax
  pushfd
  pop eax
  and eax, 0x4000
  PRINT eax
  NL
  PRINT dword [tss3]                   ; back link still there
  mov eax, [gdt_tss + 20]
  and eax, 0x200
  PRINT eax                            ; TSS3 no longer busy after IRET
  mov eax, [gdt_tss + 4]
  and eax, 0x200
  PRINT eax                            ; main TSS busy again
  NL
  ret

df_task:
  pop eax                              ; the #DF error code
  PRINT eax
  PRINT esp
  str ax
  movzx eax, ax
  PRINT eax
  mov eax, [tss2]
  PRINT eax                            ; back link = TSSSEL
  pushfd
  pop eax
  and eax, 0x4000
  PRINT eax                            ; NT
  NL
  mov dword [tss + 0x20], after_df     ; resume the old task after the div
  iret

called_task:
  mov eax, 0x1234
  iret
