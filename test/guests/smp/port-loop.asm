; K reads of the pc-testdev latch (port 0xE0): each one an exit to the VMM. For the exit round-trip benchmark.
%ifndef K
%define K 100000
%endif
%include "smp.inc"
main:
  test ebx, ebx
  jnz .ap
  mov ecx, K
  mov dx, 0xe0
.loop:
  in eax, dx
  dec ecx
  jnz .loop
  mov al, 0
  jmp exit
.ap:
  ret
