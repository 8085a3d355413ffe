; Smallest guest: prints a line and a few values, exits with 0x21.
%include "lib.inc"
main:
  mov esi, msg
  call puts
  PRINT 0x12345678
  mov eax, 0xdeadbeef
  PRINT eax
  NL
  mov al, 0x21
  jmp exit
msg: db 'hello from the guest', 10, 0
