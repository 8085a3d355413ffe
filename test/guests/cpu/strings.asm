; String instructions: MOVS/STOS/LODS/CMPS/SCAS with REP/REPE/REPNE, both directions, byte/word/dword,
; ECX and pointers afterwards, flags of the last comparison.
%include "lib.inc"
src: db 'abcdefghijklmnopqrstuvwxyz0123456789'
dst: times 40 db 0

%macro SHOW 0
  pushf
  PRINT ecx
  mov eax, esi
  sub eax, src
  PRINT eax
  mov eax, edi
  sub eax, dst
  PRINT eax
  pop eax
  and eax, 0x8d5
  PRINT eax
  NL
%endmacro

main:
  cld
  mov esi, src
  mov edi, dst
  mov ecx, 9
  rep movsb
  SHOW
  mov ecx, 3
  rep movsd
  SHOW
  mov esi, dst
  mov ecx, 4
  lodsd
  PRINT eax
  lodsw
  PRINT eax
  NL
  ; compare equal prefix then a difference
  mov byte [dst + 20], 'X'
  mov esi, src
  mov edi, dst
  mov ecx, 30
  repe cmpsb
  SHOW
  ; scan for 'k' with REPNE SCASB
  mov edi, src
  mov esi, src
  mov al, 'k'
  mov ecx, 36
  repne scasb
  SHOW
  ; backwards STOSW
  std
  mov edi, dst + 30
  mov esi, src
  mov ax, 0x4142
  mov ecx, 5
  rep stosw
  SHOW
  cld
  ; REP with ECX = 0 does nothing (flags untouched)
  xor ecx, ecx
  stc
  repe cmpsd
  SHOW
  ; dump dst
  mov esi, dst
  mov ecx, 10
.d:
  lodsd
  PRINT eax
  loop .d
  NL
  ret
