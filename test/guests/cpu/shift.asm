; Shifts and rotates (incl. RCL/RCR) at 8/16/32 bits, counts 0..33 from CL, and SHLD/SHRD; all flags printed.
%include "lib.inc"
counts: db 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33
NCOUNTS equ 14

; run_shift: ebp = routine(eax = value, cl = count) → prints "result flags" for each value × count × flags
run_shift:
  pushad
  xor esi, esi
.i:
  xor edi, edi
.j:
  xor ebx, ebx
.f:
  mov eax, [flagsets + ebx * 4]
  mov [initflags], eax
  mov eax, [vals + esi * 4]
  mov cl, [counts + edi]
  push ebx
  mov ebx, 0x9abcdef1
  call ebp
  pop ebx
  call puthex
  call putsp
  mov eax, edx
  and eax, 0x8d5
  call puthex
  call putnl
  inc ebx
  cmp ebx, 2
  jb .f
  inc edi
  cmp edi, NCOUNTS
  jb .j
  inc esi
  cmp esi, NVALS
  jb .i
  popad
  ret

%macro SH3 1
OPFN %1_8, %1 al, cl
OPFN %1_16, %1 ax, cl
OPFN %1_32, %1 eax, cl
%endmacro
SH3 rol
SH3 ror
SH3 rcl
SH3 rcr
SH3 shl
SH3 shr
SH3 sar
OPFN shld_32, shld eax, ebx, cl
OPFN shrd_32, shrd eax, ebx, cl
OPFN shl1_32, shl eax, 1
OPFN ror1_16, ror ax, 1
OPFN sar5_8, sar al, 5

%macro RUNS 1
  mov ebp, %1
  call run_shift
%endmacro
main:
%macro RUNS3 1
  RUNS %1_8
  RUNS %1_16
  RUNS %1_32
%endmacro
  RUNS3 rol
  RUNS3 ror
  RUNS3 rcl
  RUNS3 rcr
  RUNS3 shl
  RUNS3 shr
  RUNS3 sar
  RUNS shld_32
  RUNS shrd_32
  RUNS shl1_32
  RUNS ror1_16
  RUNS sar5_8
  ret
