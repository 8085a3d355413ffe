; 16-bit code segments (CS.D = 0): default operand and address size 16, flipped by 0x66 / 0x67; a far call
; from 32-bit code in, a far jump and a 16-bit far call within, a far jump with a 32-bit offset back out; 16-bit addressing ([bx+si], disp16), LOOP and
; JCXZ on CX, REP MOVSB on SI/DI/CX, PUSH/POP/CALL/RET widths, INT through a 16-bit interrupt gate with
; IRETW, and a 16-bit stack segment (SS.B = 0) whose SP wraps at 64 KiB.
%include "lib.inc"
BASE   equ 0x100000       ; base of the 16-bit code and data segments: offsets there are label - BASE
CODE16 equ 0x30
DATA16 equ 0x38
STACK16 equ 0x40
%define OFF(x) ((x) - BASE)

main:
  call init_system
  mov dword [gdt_tss + 8], 0x0000ffff          ; 0x30: code, base 0x100000, limit 0xffff, D = 0
  mov dword [gdt_tss + 12], 0x00009a10
  mov dword [gdt_tss + 16], 0x0000ffff         ; 0x38: data, same base
  mov dword [gdt_tss + 20], 0x00009210
  mov dword [gdt_tss + 24], 0x0000ffff         ; 0x40: stack, base 0x60000, B = 0
  mov dword [gdt_tss + 28], 0x00009206
  ; vector 0x31: a 16-bit interrupt gate (type 6) into the 16-bit segment
  mov word [idt + 0x31 * 8], OFF(int31_16)
  mov word [idt + 0x31 * 8 + 2], CODE16
  mov word [idt + 0x31 * 8 + 4], 0x8600
  mov word [idt + 0x31 * 8 + 6], 0
  mov ebx, 0xaaaa5555
  call CODE16:OFF(entry16)                    ; 32-bit far call: 8 bytes pushed
  mov ax, KDATA
  mov ds, ax
  mov es, ax
  PRINT ebx
  mov esi, results
  mov ecx, (results_end - results) / 4
.out:
  lodsd
  PRINT eax
  loop .out
  NL
  ret

align 4
results:
r_add:   dd 0
r_bxsi:  dd 0
r_loop:  dd 0
r_ecx:   dd 0
r_jcxz:  dd 0
r_push:  dd 0
r_push32: dd 0
r_esp:   dd 0
r_call:  dd 0
r_int:   dd 0
r_flags: dd 0
r_sp:    dd 0
r_wrap:  dd 0
r_far:   dd 0
r_addr32: dd 0
r_farcall: dd 0
dst:     dd 0, 0
results_end:
arr:     dw 0x1111, 0x2222, 0x3333
src:     db 'hello', 0, 0, 0
saved_esp: dd 0
saved_ss:  dw 0

bits 16
entry16:
  mov ax, DATA16
  mov ds, ax
  mov es, ax
  mov ax, 0x1234
  add ax, 0xf00f                 ; wraps in 16 bits, CF set
  adc ax, 0
  mov [OFF(r_add)], ax
  mov bx, OFF(arr)
  mov si, 2
  mov ax, [bx + si + 2]          ; 16-bit addressing: arr[2]
  mov [OFF(r_bxsi)], ax
  mov ecx, 0x12340003            ; LOOP counts CX only
  xor dx, dx
.l:
  inc dx
  loop .l
  mov [OFF(r_loop)], dx
  mov [OFF(r_ecx)], ecx
  xor cx, cx
  mov ax, 1
  jcxz .zero
  mov ax, 2
.zero:
  mov [OFF(r_jcxz)], ax
  mov [OFF(saved_esp)], esp
  push word 0xbeef               ; 16-bit push on the 32-bit stack
  push dword 0x11223344
  pop ebx
  pop ax
  mov [OFF(r_push)], ax
  mov [OFF(r_push32)], ebx
  mov eax, [OFF(saved_esp)]
  sub eax, esp                   ; 0: balanced
  mov [OFF(r_esp)], eax
  call sub16                     ; 16-bit near call: pushes IP
  mov [OFF(r_call)], ax
  int 0x31                       ; 16-bit gate, IRETW back
  mov [OFF(r_int)], ax
  mov si, OFF(src)
  mov di, OFF(dst)
  mov cx, 5
  cld
  rep movsb
  ; a 16-bit stack: SP wraps below 0
  mov [OFF(saved_ss)], ss
  mov ax, STACK16
  mov ss, ax
  mov esp, 0x12340000            ; SP = 0: the push wraps to 0xfffe, ESP's upper half stays
  push word 0x5a5a
  mov [OFF(r_sp)], esp
  mov ax, [ss:0xfffe]
  mov [OFF(r_wrap)], ax
  mov ss, [OFF(saved_ss)]
  mov esp, [OFF(saved_esp)]
  jmp CODE16:OFF(far_target)     ; far jump, ptr16:16
  hlt
far_target:
  mov ax, 0x7777
  mov [OFF(r_far)], ax
  mov eax, OFF(r_addr32)
  a32 mov word [eax], 0x3232     ; 0x67: 32-bit addressing in 16-bit code
  call CODE16:OFF(far16)         ; 16-bit far call: CS and IP pushed as words
  mov [OFF(r_farcall)], ax
  mov ebx, 0x600d600d
  jmp dword KCODE:back32         ; out through a far jump with a 32-bit offset (0x66 EA ptr16:32)

far16:
  a32 mov ax, [esp + 2]          ; the pushed CS
  retf                           ; 16-bit RETF

bits 32
back32:
  retf                           ; return from main's 32-bit far call
bits 16

sub16:
  a32 mov ax, [esp]              ; the return IP, 2 bytes (the stack is the 32-bit one: ESP)
  sub ax, OFF(entry16)
  ret

int31_16:
  pushf
  pop ax
  and ax, 0x0200                 ; IF cleared by the interrupt gate
  mov [OFF(r_flags)], ax
  a32 mov ax, [esp + 2]          ; the pushed CS
  iret                           ; IRETW (operand size 16)
