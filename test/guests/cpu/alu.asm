; Group-1 ALU operations, INC/DEC/NEG/NOT, at 8/16/32 bits over edge operands, with all six flags printed.
%include "lib.inc"
%macro ALU3 1
OPFN %1_8, %1 al, bl
OPFN %1_16, %1 ax, bx
OPFN %1_32, %1 eax, ebx
%endmacro
ALU3 add
ALU3 or
ALU3 adc
ALU3 sbb
ALU3 and
ALU3 sub
ALU3 xor
ALU3 cmp
ALU3 test
OPFN inc_8, inc al
OPFN inc_16, inc ax
OPFN inc_32, inc eax
OPFN dec_8, dec al
OPFN dec_16, dec ax
OPFN dec_32, dec eax
OPFN neg_8, neg al
OPFN neg_16, neg ax
OPFN neg_32, neg eax
OPFN not_32, not eax
OPFN imm_32, add eax, 0x7fffffff
OPFN immbs_32, sub eax, byte -1
OPFN mem_32, mov [scratch], ebx
; Memory destination (alu-mem.asm covers every group-1 op and INC/DEC this way).
memadc_32:
  mov [scratch], eax
  push dword [initflags]
  popf
  adc [scratch], ebx
  pushf
  pop edx
  mov eax, [scratch]
  ret
scratch: dd 0

%macro FLAGS 1
  mov dword [nflagsets], %1
%endmacro
main:
%macro RUN3 1
  RUN %1_8
  RUN %1_16
  RUN %1_32
%endmacro
  ; operations that write all six flags run once; those that read or keep some (ADC, SBB, INC, DEC, NOT)
  ; run with the flags clear and set
  FLAGS 1
  RUN3 add
  RUN3 or
  RUN3 and
  RUN3 sub
  RUN3 xor
  RUN3 cmp
  RUN3 test
  RUN3 neg
  FLAGS 2
  RUN3 adc
  RUN3 sbb
  RUN3 inc
  RUN3 dec
  RUN not_32
  RUN imm_32
  RUN immbs_32
  RUN memadc_32
  ret
