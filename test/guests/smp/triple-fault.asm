; Loads an empty IDT and executes UD2: #UD cannot be delivered (#GP), nor can #GP (#DF), nor #DF: a triple fault.
%include "smp.inc"
main:
  lidt [empty_idt]
  ud2
empty_idt:
  dw 0
  dd 0
