; Shadow paging with exact counts: paging on with one page table shared by two page directories, then 6 stores
; to traced page tables (4 PTEs, 1 PDE of the loaded directory, 1 PDE of the other, cached one; a store to the
; other directory before it was ever loaded is free), 3 page faults (their handler keeps CR2 and the error
; code and skips the instruction), 3 MOV to CR3 (one with paging off). Results at 0x5000: faults, last CR2,
; last error code; isa-debug-exit value faults | (CR2 = 0x800008) << 4 | (error code = 2) << 5, 0x33.
bits 32
org 0x100000
%include "multiboot.inc"
MULTIBOOT_HEADER start
PD equ 0x200000
PT equ 0x201000
PD2 equ 0x202000
RESULT equ 0x5000
start:
  mov esp, 0x90000
  mov eax, pf_handler              ; IDT gate 14: interrupt gate, this CS
  mov [idt + 14 * 8], ax
  shr eax, 16
  mov [idt + 14 * 8 + 6], ax
  mov ax, cs
  mov [idt + 14 * 8 + 2], ax
  mov word [idt + 14 * 8 + 4], 0x8e00
  lidt [idtr]
  xor ecx, ecx                     ; PT: identity map of 0..4 MiB (paging off: nothing traced yet)
.fill:
  mov eax, ecx
  shl eax, 12
  or eax, 3
  mov [PT + ecx * 4], eax
  inc ecx
  cmp ecx, 1024
  jb .fill
  mov dword [PD], PT | 3
  mov dword [PD2], PT | 3
  mov eax, PD
  mov cr3, eax                     ; CR3 load 1 (paging off: kept by the VMM)
  mov eax, cr0
  or eax, 0x80000000
  mov cr0, eax
  mov dword [PT + 1000 * 4], 0     ; page-table writes 1..5
  mov dword [PT + 1001 * 4], 0
  mov dword [PT + 1002 * 4], 0
  mov dword [PT + 1003 * 4], 0
  mov dword [PD + 4 * 4], 0        ; (a PDE)
  mov dword [PD2 + 8], 0           ; PD2 is no page table yet: free
  mov eax, [0x800000]              ; page faults 1..3 (PDE 2 not present)
  mov eax, [0x800004]
  mov dword [0x800008], eax
  mov eax, PD2
  mov cr3, eax                     ; CR3 load 2
  mov eax, PD
  mov cr3, eax                     ; CR3 load 3
  mov dword [PD2 + 12], 0          ; page-table write 6: PD2's address space is still cached
  mov eax, [fault_count]
  mov [RESULT], eax
  mov eax, [last_cr2]
  mov [RESULT + 4], eax
  mov eax, [last_code]
  mov [RESULT + 8], eax
  mov eax, [fault_count]           ; exit value: faults | CR2 right << 4 | error code right << 5 (0x33)
  cmp dword [last_cr2], 0x800008
  jne .cr2_wrong
  or al, 0x10
.cr2_wrong:
  cmp dword [last_code], 2
  jne .code_wrong
  or al, 0x20
.code_wrong:
  out 0xf4, al
pf_handler:                        ; count, keep CR2 and the error code, skip the 5- or 10-byte MOV
  push eax
  inc dword [fault_count]
  mov eax, cr2
  mov [last_cr2], eax
  mov eax, [esp + 4]
  mov [last_code], eax
  mov eax, [esp + 8]
  cmp byte [eax], 0xc7             ; mov dword [imm], imm
  mov eax, 5
  jne .skip
  mov eax, 10
.skip:
  add [esp + 8], eax
  pop eax
  add esp, 4
  iret
fault_count: dd 0
last_cr2: dd 0
last_code: dd 0
align 8
idt: times 16 dq 0
idtr: dw 16 * 8 - 1
  dd idt
