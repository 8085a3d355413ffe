; Cost-model fixture: 100 system calls from ring 3 through a DPL-3 interrupt gate (int 0x30: lib.inc's IDT
; has 64 gates), each returning with IRET, then exit 0x2a from ring 3 (the TSS I/O bitmap lets ring 3 reach
; port 0xf4).
; Per round trip the CPU counts one software interrupt and two ring changes; no paging, so no page walks.
%include "../cpu/lib.inc"

ROUND_TRIPS equ 100

main:
  call init_system
  mov eax, syscall_entry
  mov ecx, 0x30
  mov edx, 0xee00          ; DPL-3 interrupt gate
  call set_gate
  push dword UDATA         ; to ring 3 (one ring change)
  push dword 0x60000
  pushfd
  push dword UCODE
  push dword user
  iret

user:
  mov ax, UDATA            ; the IRET to ring 3 nulled the ring-0 data selectors
  mov ds, ax
  mov es, ax
  mov ecx, ROUND_TRIPS
.loop:
  int 0x30
  dec ecx
  jnz .loop
  mov al, 0x2a
  out 0xf4, al
.spin:
  jmp .spin

syscall_entry:
  inc dword [calls]
  iret

calls: dd 0
