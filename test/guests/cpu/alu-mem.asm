; Group-1 ALU operations and INC/DEC with a 32-bit memory destination ([m], r / [m], imm8 / [m], imm32),
; over edge operands, with all six flags printed: each routine runs once per operand pair, so after the first
; pass it comes from the decoded-instruction cache (the engine's fast forms for read-modify-write memory).
%include "lib.inc"

; MOPFN name, instruction: [scratch] = EAX, flags from [initflags], the instruction, EAX = [scratch] after.
%macro MOPFN 2+
%1:
  mov [scratch], eax
  push dword [initflags]
  popf
  %2
  pushf
  pop edx
  mov eax, [scratch]
  ret
%endmacro

%macro MALU 1
MOPFN %1_mr, %1 [scratch], ebx
MOPFN %1_mi8, %1 dword [scratch], byte -2
MOPFN %1_mi32, %1 dword [scratch], 0x80000001
%endmacro
MALU add
MALU or
MALU adc
MALU sbb
MALU and
MALU sub
MALU xor
MALU cmp
MOPFN inc_m, inc dword [scratch]
MOPFN dec_m, dec dword [scratch]
; A base + index*scale + displacement address, so the fast form's address computation is covered too.
MOPFN sub_sib, sub [scratch_base + ecx*8 + 8], ebx   ; ECX = 0 (run_pairs: the flag-set index)
scratch_base: dd 0, 0
scratch: dd 0

%macro FLAGS 1
  mov dword [nflagsets], %1
%endmacro
%macro MRUN 1
  RUN %1_mr
  RUN %1_mi8
  RUN %1_mi32
%endmacro
main:
  FLAGS 1
  MRUN add
  MRUN or
  MRUN and
  MRUN sub
  MRUN xor
  MRUN cmp
  FLAGS 2
  MRUN adc
  MRUN sbb
  RUN inc_m
  RUN dec_m
  FLAGS 1
  RUN sub_sib
  ret
