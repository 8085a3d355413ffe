; A mix of instructions in a 16-bit code segment (CS.D = 0), entered three times from a 32-bit loop (the
; same bytes are decoded for both default sizes in turn): MUL/DIV/IMUL, shifts, CBW/CWD, LEA with 16-bit
; addressing, MOVZX/MOVSX, XCHG, PUSHA/POPA, SETcc, string LODS/STOS/SCAS, and flags.
%include "lib.inc"
BASE   equ 0x100000
CODE16 equ 0x30
DATA16 equ 0x38
%define OFF(x) ((x) - BASE)

main:
  call init_system
  mov dword [gdt_tss + 8], 0x0000ffff          ; 0x30: code, base 0x100000, limit 0xffff, D = 0
  mov dword [gdt_tss + 12], 0x00009a10
  mov dword [gdt_tss + 16], 0x0000ffff         ; 0x38: data, same base
  mov dword [gdt_tss + 20], 0x00009210
  mov dword [round], 3
.round:
  mov ebx, [round]
  call CODE16:OFF(mix16)
  mov cx, KDATA
  mov ds, cx
  mov es, cx
  PRINT dword [arith]
  PRINT eax
  PRINT edx
  PRINT esi
  NL
  dec dword [round]
  jnz .round
  ret
round: dd 0
arith: dd 0

table: dw 10, 20, 30, 40, 50, 60, 70, 80
buf:   times 16 db 0
text:  db 'abcdefgh'

bits 16
mix16:                           ; bx = round; returns eax, edx, esi
  push ds
  mov ax, DATA16
  mov ds, ax
  mov es, ax
  mov ax, 0x1234
  imul bx                        ; dx:ax = 0x1234 * round
  mov cx, ax
  mov ax, 0xfff0
  mul bx                         ; 16-bit MUL into DX:AX
  add cx, dx
  mov ax, 1000
  xor dx, dx
  mov si, 7
  div si                         ; ax = 142, dx = 6
  add cx, ax
  add cx, dx
  shl cx, 3
  rol cx, 5
  sar cx, 1
  mov al, 0x80
  cbw                            ; ax = 0xff80
  cwd                            ; dx = 0xffff
  add cx, dx
  mov si, bx
  shl si, 1
  lea di, [OFF(table) + si]      ; 16-bit LEA: table[round]
  mov ax, [di]
  add cx, ax
  mov [OFF(arith)], cx
  movzx eax, byte [OFF(text) + bx]
  movsx edx, word [OFF(table) + 2]
  add eax, edx
  xchg ax, cx
  pusha
  mov ax, 0xdead                 ; clobbered and restored by POPA
  mov cx, 0
  popa
  push word 0x55
  a32 add ax, [esp]              ; 0x67: ESP-based addressing (the 32-bit stack)
  pop dx
  cmp ax, cx
  setc dl
  movzx edx, dl
  push ax
  mov si, OFF(text)
  mov di, OFF(buf)
  mov cx, 4
  cld
.copy:
  lodsb
  xor al, 0x20
  stosb
  loop .copy
  mov al, 'C'
  mov di, OFF(buf)
  mov cx, 4
  repne scasb
  mov si, cx                     ; elements left after the match
  shl esi, 16
  mov si, di
  pop ax
  pushf
  pop cx
  and cx, 0x8d5
  shl ecx, 16
  or eax, ecx
  pop ds
  o32 retf
