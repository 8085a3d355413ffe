; DAA, DAS, AAA, AAS, AAM, AAD and SALC over every AL value, with CF and AF both clear and both set on entry
; (and AH patterns for AAA/AAS/AAD). Each line: AX after, then EFLAGS after, masked to the arithmetic flags.
; OF after DAA/DAS is undefined in the SDM; QEMU clears it, and so does virtlab.
%include "lib.inc"

%macro BCD_LOOP 2          ; %1 = instruction, %2 = entry flags
  xor ecx, ecx
%%next:
  mov eax, ecx
  mov ah, cl
  xor ah, 0x5a
  push dword %2
  popf
  %1
  pushf
  pop edx
  call puthex
  call putsp
  mov eax, edx
  and eax, 0x8d5
  call puthex
  call putnl
  add ecx, 7               ; a stride that visits every low nibble with varied high nibbles
  cmp ecx, 0x100
  jb %%next
%endmacro

main:
  BCD_LOOP daa, 0x002
  BCD_LOOP daa, 0x013
  BCD_LOOP das, 0x002
  BCD_LOOP das, 0x013
  BCD_LOOP aaa, 0x002
  BCD_LOOP aaa, 0x8d7
  BCD_LOOP aas, 0x002
  BCD_LOOP aas, 0x8d7
  BCD_LOOP aam, 0x002
  BCD_LOOP {aam 16}, 0x8d7
  BCD_LOOP aad, 0x002
  BCD_LOOP {aad 7}, 0x8d7
  BCD_LOOP salc, 0x002
  BCD_LOOP salc, 0x003
  ret
