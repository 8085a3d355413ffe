; #DE, #UD, #GP, #BP, #OF, #BR through the IDT with error codes and the right EIP (fault vs trap).
%include "lib.inc"
main:
  call init_system
  mov dword [resume_eip], .a1
  xor edx, edx
  mov eax, 5
  xor ecx, ecx
  div ecx                 ; #DE
.a1:
  mov dword [resume_eip], .a2
  ud2                     ; #UD
.a2:
  mov dword [resume_eip], .a3
  mov ax, 0x1234          ; selector beyond the GDT limit
  mov ds, ax              ; #GP(0x1230)
.a3:
  mov ax, KDATA
  mov ds, ax
  mov dword [resume_eip], .a4
  int3                    ; trap: EIP after the instruction
.a4:
  mov dword [resume_eip], .a5
  mov eax, 0x7fffffff
  add eax, 1
  into                    ; #OF trap
.a5:
  mov dword [resume_eip], .a6
  mov eax, 10
  bound eax, [bounds]     ; #BR fault
.a6:
  mov dword [resume_eip], .a7
  mov edx, 1              ; (QEMU's host crashes on 0x8000000000000000 / -1, so another overflow)
  mov eax, 0
  mov ecx, 2
  idiv ecx                ; quotient 0x80000000 does not fit: #DE
.a7:
  mov dword [resume_eip], .a8
  mov eax, cr1            ; #UD
.a8:
  ; (an unknown MSR is #GP(0) on virtlab, but QEMU's TCG returns 0: covered by the unit tests)
.a9:
  mov dword [resume_eip], .a10
  mov ax, UCODE
  mov ss, ax              ; #GP(0x18): RPL != CPL
.a10:
  mov dword [resume_eip], .a11
  int 0x40                ; beyond the IDT limit: #GP(0x402)
.a11:
  mov dword [resume_eip], .a12
  jmp far [farptr]        ; far jump to a data segment: #GP(0x10)
.a12:
  PRINT dword [exc_count]
  NL
  ret
bounds: dd 0, 5
farptr: dd 0
        dw KDATA
