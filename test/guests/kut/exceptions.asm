; The harness's IDT: exceptions reach their stubs with the right vector and error code, and CATCH resumes
; after them with the stack as it was.
%include "lib/kut.inc"

main:
  mov ebp, esp

  CATCH .no_fault
  nop
.no_fault:
  CATCH_END
  cmp dword [caught_vector], -1
  REPORT e, "an instruction that raises nothing leaves the vector at -1"

  CATCH .de
  xor edx, edx
  xor ecx, ecx
  mov eax, 1
  div ecx
.de:
  cmp dword [caught_vector], 0
  REPORT e, "div by zero raises #DE"

  CATCH .bp
  int3
.bp:
  cmp dword [caught_vector], 3
  REPORT e, "int3 raises #BP"

  CATCH .of
  mov al, 0x7F
  add al, 1                     ; OF = 1
  into
.of:
  cmp dword [caught_vector], 4
  REPORT e, "into with OF set raises #OF"

  CATCH .br
  mov eax, 11
  bound eax, [bounds]
.br:
  cmp dword [caught_vector], 5
  REPORT e, "bound out of range raises #BR"

  CATCH .ud
  ud2
.ud:
  cmp dword [caught_vector], 6
  REPORT e, "ud2 raises #UD"

  CATCH .gp
  mov ax, 0x1233                ; GDT entry 0x246, RPL 3: beyond the GDT's limit
  mov ds, ax
.gp:
  mov ax, DATA_SEL
  mov ds, ax
  cmp dword [caught_vector], 13
  REPORT e, "a selector beyond the GDT raises #GP"
  cmp dword [caught_error], 0x1230
  REPORT e, "#GP error code is the selector"

  CATCH .null_ss
  xor eax, eax
  mov ss, ax                    ; a null SS in ring 0: #GP(0)
.null_ss:
  cmp dword [caught_vector], 13
  jne .null_ss_done
  cmp dword [caught_error], 0
.null_ss_done:
  REPORT e, "loading a null SS raises #GP(0)"

  cmp esp, ebp
  REPORT e, "the stack is as it was after every exception"
  ret

bounds: dd 0, 10

%include "lib/end.inc"
