; The BSP starts the APs with INIT-SIPI-SIPI and halts at once; AP 1 then computes for most of one
; scheduling quantum (200 000 instructions) and ends the run through isa-debug-exit with 0x2a. A runner that
; still took the AP for one waiting for SIPI while it ran that quantum would stop it when the BSP finished.
; Run with --ap-start sipi (virtlab) or under `qemu-system-i386 -smp 2 -kernel`.
%include "qemu-smp.inc"

main:
  call load_gdt
  cmp ebx, 1
  je .ap
  ja .park
  call start_aps
.park:
  ret                         ; smp.inc: CLI, HLT
.ap:
  mov ecx, 60000              ; 180 000 instructions
.loop:
  add eax, ecx
  dec ecx
  jnz .loop
  mov al, 0x2a
  jmp exit
