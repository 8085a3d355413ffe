; BT/BTS/BTR/BTC (CF and result; other flags are undefined and TB-dependent in QEMU, so masked), BSF/BSR,
; BSWAP, XADD, CMPXCHG, SETcc/CMOVcc over all flag states, MOVSX/MOVZX, CBW/CWDE/CWD/CDQ, SAHF/LAHF.
%include "lib.inc"
OPFN bt32, bt eax, ebx
OPFN bts32, bts eax, ebx
OPFN btr16, btr ax, bx
OPFN btc32, btc eax, ebx
OPFN btsi, bts eax, 13
OPFN bsf32, mov eax, 0x55aa55aa
  bsf eax, ebx
  pushf
  pop edx
  ret
OPFN bsr32, mov eax, 0x55aa55aa
  bsr eax, ebx
  pushf
  pop edx
  ret
OPFN bsr16, bsr ax, bx
OPFN bswap32, bswap eax
OPFN xadd32, xadd eax, ebx
  add eax, ebx
  pushf
  pop edx
  ret
OPFN xadd8, xadd al, bl
OPFN cmpxchg32, mov ecx, 0x1111
  cmpxchg ebx, ecx
  add eax, ebx
  pushf
  pop edx
  ret
OPFN cmpxchg16, cmpxchg bx, ax
OPFN movsx8, movsx eax, bl
OPFN movsx16, movsx eax, bx
OPFN movzx8, movzx eax, bl
OPFN movzx16, movzx ax, bl
OPFN cbw16, cbw
OPFN cwde32, cwde
OPFN cdq32, cdq
  xor eax, edx
  ret
OPFN cwd16, cwd
  xor eax, edx
  ret
OPFN sahf1, mov ah, bl
  sahf
  lahf
  pushf
  pop edx
  ret

; bt memory form with a large register bit offset
btmem: dd 0, 0x80, 0, 0
OPFN btm, and ebx, 127
  bts [btmem], ebx
  mov eax, [btmem + 4]
  pushf
  pop edx
  ret

; Conditions: for every flag state in 0..0xfff (masked to OSZAPC), SETcc of all 16 conditions as a bit mask.
conds:
  xor esi, esi
.l:
  mov eax, esi
  and eax, 0x8d5
  or eax, 2
  push eax
  popf
  xor edx, edx
%assign c 0
%rep 16
  db 0x0f, 0x90 + c, 0xc1          ; setcc cl
  movzx ecx, cl
  shl ecx, c
  or edx, ecx
%assign c c + 1
%endrep
  mov eax, 0x1234
  mov ebx, 0x5678
  push esi
  and esi, 0x8d5
  or esi, 2
  push esi
  popf
  cmovl eax, ebx
  cmovbe ax, bx
  pop esi
  PRINT edx
  PRINT eax
  NL
  add esi, 0x41
  cmp esi, 0x1000
  jb .l
  ret

main:
  mov dword [nflagsets], 1
  RUN bt32
  RUN bts32
  RUN btr16
  RUN btc32
  RUN btsi
  RUN bsf32
  RUN bsr32
  RUN bsr16
  RUN bswap32
  RUN xadd32
  RUN xadd8
  RUN cmpxchg32
  RUN cmpxchg16
  RUN movsx8
  RUN movsx16
  RUN movzx8
  RUN movzx16
  RUN cbw16
  RUN cwde32
  RUN cdq32
  RUN cwd16
  RUN sahf1
  RUN btm
  call conds
  ret
