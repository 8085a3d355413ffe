; A deprivileged kernel at ring 1 (what trap-and-emulate does): the sensitive-but-unprivileged instructions
; behave as at ring 1 (POPF silently keeps IF and IOPL, SGDT/SIDT/SMSW/STR work, MOV from CS shows
; RPL 1), privileged ones fault (CLI, HLT, LGDT, MOV CR3, RDMSR, IN outside the I/O bitmap), INT through a
; DPL-1 gate enters ring 0 on the TSS ring-0 stack and IRET returns to ring 1.
%include "lib.inc"
K1CODE equ 0x30 | 1
K1DATA equ 0x38 | 1
pd6: times 6 db 0

main:
  call init_system
  mov dword [gdt_tss + 8], 0x0000ffff
  mov dword [gdt_tss + 12], 0x00cfba00     ; ring-1 code
  mov dword [gdt_tss + 16], 0x0000ffff
  mov dword [gdt_tss + 20], 0x00cfb200     ; ring-1 data
  mov dword [tss + 12], 0x7e000            ; esp1
  mov dword [tss + 16], K1DATA             ; ss1
  mov eax, gate_handler
  mov ecx, 0x31
  mov edx, 0xae00                          ; DPL-1 interrupt gate
  call set_gate
  push dword K1DATA
  push dword 0x60000
  push dword 0x002                         ; IF = 0 (no PIT interrupts from QEMU's firmware), IOPL = 0
  push dword K1CODE
  push dword ring1
  iret

ring1:
  mov ax, K1DATA
  mov ds, ax
  mov es, ax
  mov eax, cs
  PRINT eax
  pushfd
  pop eax
  PRINT eax
  ; POPF trying to set IF and IOPL 3: both silently kept
  push dword 0x3202
  popfd
  pushfd
  pop eax
  PRINT eax
  sgdt [pd6]
  movzx eax, word [pd6]
  PRINT eax
  smsw eax
  PRINT eax
  str eax
  PRINT eax
  NL
  mov dword [resume_eip], .f1
  cli
.f1:
  mov dword [resume_eip], .f2
  hlt
.f2:
  mov dword [resume_eip], .f3
  lgdt [pd6]
.f3:
  mov dword [resume_eip], .f4
  mov eax, cr3
.f4:
  mov dword [resume_eip], .f5
  mov ecx, 0x10
  rdmsr
.f5:
  mov dword [resume_eip], .f6
  mov dx, 0x3f8
  in al, dx                  ; the bitmap allows it (ports below 0x400)
  mov dx, 0x500
  in al, dx                  ; beyond the bitmap: #GP
.f6:
  mov eax, 0x77
  int 0x31
  PRINT eax
  PRINT esp
  NL
  PRINT dword [exc_count]
  NL
  mov al, 0x11
  out 0xf4, al

gate_handler:
  mov ebx, cs
  mov ecx, ss
  PRINT ebx
  PRINT ecx
  PRINT esp
  add eax, 1
  iret
