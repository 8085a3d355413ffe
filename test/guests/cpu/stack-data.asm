; Data movement and stack: PUSH/POP of registers, memory, immediates and segment registers at both operand
; sizes, POP [ESP+x], PUSHA/POPA, PUSHF/POPF (IOPL/IF at ring 0), ENTER/LEAVE with nesting, XCHG, XLATB, LEA
; forms (SIB, scale, 16-bit addressing), MOVZX/MOVSX of memory, LxS, CALL/RET imm16, LOOP/JECXZ/JCXZ, 16-bit
; near jumps through o16.
%include "lib.inc"
table: db 10, 20, 30, 40, 50, 60, 70, 80
farp: dd 0x11223344
      dw KDATA
mem: dd 0x89abcdef
m16: dw 0x8001

saved_esp: dd 0
main:
  call init_system
  mov [saved_esp], esp
  mov ebp, esp
  push dword 0x12345678
  push word 0x9abc
  push byte -2
  push ds
  push word fs
  PRINT esp
  mov eax, ebp
  sub eax, esp
  PRINT eax
  pop ax
  movzx eax, ax
  PRINT eax
  pop ebx
  PRINT ebx
  pop eax
  PRINT eax
  pop ax
  movzx eax, ax
  PRINT eax
  pop eax
  PRINT eax
  NL
  ; POP to memory addressed by ESP: the address uses the incremented ESP
  push dword 0xaaaa5555
  push dword 0x11112222
  pop dword [esp]
  pop eax
  PRINT eax
  ; PUSH ESP pushes the old value
  push esp
  pop eax
  sub eax, esp
  PRINT eax
  NL
  ; PUSHA / POPA
  mov eax, 1
  mov ecx, 2
  mov edx, 3
  mov ebx, 4
  mov esi, 6
  mov edi, 7
  pushad
  mov eax, [esp + 12]
  sub eax, esp
  PRINT eax
  PRINT dword [esp + 28]
  xor eax, eax
  xor edi, edi
  popad
  PRINT eax
  PRINT edi
  pushaw
  popaw
  NL
  ; PUSHF / POPF: set IOPL 3, DF, and see them come back
  pushfd
  pushfd
  or dword [esp], 0x3400
  popfd
  pushfd
  pop eax
  and eax, 0x7fd5
  PRINT eax
  popfd
  pushfd
  pop eax
  and eax, 0x7fd5
  PRINT eax
  NL
  ; ENTER with nesting levels 0, 1, 3 and LEAVE
  mov ebp, 0x70000
  mov esp, 0x6fff0
  enter 16, 0
  PRINT ebp
  PRINT esp
  leave
  enter 8, 1
  PRINT ebp
  PRINT esp
  PRINT dword [esp + 8]
  leave
  mov dword [0x6fffc], 0x77
  mov dword [0x6fff8], 0x66
  mov ebp, 0x70000
  enter 4, 3
  PRINT ebp
  PRINT esp
  PRINT dword [ebp - 4]
  PRINT dword [ebp - 8]
  PRINT dword [ebp - 12]
  leave
  PRINT esp
  PRINT ebp
  NL
  mov esp, 0x7ff00
  ; XCHG, XLATB, LEA
  mov eax, 5
  mov ebx, table
  xlatb
  PRINT eax
  mov ecx, 0x10
  mov edx, 0x300
  lea eax, [ecx + edx * 4 + 0x1234]
  PRINT eax
  lea eax, [edx * 8]
  PRINT eax
  lea ax, [ecx + edx * 2 - 1]
  PRINT eax
  mov bx, 0x100
  mov si, 0x20
  a16 lea ax, [bx + si + 5]
  PRINT eax
  mov eax, 1
  xchg eax, [mem]
  PRINT eax
  PRINT dword [mem]
  xchg ax, bx
  PRINT eax
  PRINT ebx
  NL
  ; sign/zero extension from memory, LxS
  movsx eax, word [m16]
  PRINT eax
  movzx eax, byte [m16 + 1]
  PRINT eax
  movsx ax, byte [m16 + 1]
  PRINT eax
  lfs eax, [farp]
  mov ebx, fs
  PRINT eax
  PRINT ebx
  NL
  ; CALL/RET imm16, LOOP, JECXZ, JCXZ
  push dword 1
  push dword 2
  call callee
  PRINT eax
  mov eax, esp
  and eax, 0xfff
  PRINT eax
  mov ecx, 5
  xor eax, eax
.l:
  add eax, ecx
  loop .l
  PRINT eax
  PRINT ecx
  mov ecx, 0x10000
  jcxz .cx0
  mov eax, 0xbad
.cx0:
  PRINT eax
  xor ecx, ecx
  jecxz .ecx0
  mov eax, 0xbad
.ecx0:
  PRINT eax
  mov ecx, 3
  mov eax, 0
.le:
  inc eax
  cmp eax, 10
  loopne .le
  PRINT eax
  PRINT ecx
  NL
  mov esp, [saved_esp]
  ret
callee:
  mov eax, [esp + 4]
  add eax, [esp + 8]
  ret 8
