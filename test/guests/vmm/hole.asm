; One sensitive-but-unprivileged instruction at ring 0, chosen by PROBE (nasm -DPROBE=...): under --mode trap
; the kernel runs at ring 1, where each of these behaves differently from ring 0 without a trap (a
; Popek–Goldberg hole) — or, for SLDT/VERR/VERW, the same thanks to the VMM's choices. Prints "ok".
%include "lib.inc"

main:
  call init_system
  mov dword [resume_eip], done
%if PROBE == 1          ; POPF trying to set IF (interrupts are off)
  push dword 0x202
  popfd
%elif PROBE == 2        ; POPF trying to clear IF
  sti
  push dword 0x002
  popfd
  cli
%elif PROBE == 3        ; PUSHF with IF = 0
  pushfd
  pop eax
%elif PROBE == 4
  sgdt [buf]
%elif PROBE == 5
  sidt [buf]
%elif PROBE == 6
  sldt ax
%elif PROBE == 7
  str ax
%elif PROBE == 8
  smsw eax
%elif PROBE == 9
  mov ax, cs
%elif PROBE == 10
  mov ax, ss
%elif PROBE == 11
  push cs
  pop eax
%elif PROBE == 12       ; LAR on the ring-0 code descriptor
  mov ecx, 0x08
  lar eax, ecx
%elif PROBE == 13       ; LSL on the ring-0 TSS descriptor
  mov ecx, 0x28
  lsl eax, ecx
%elif PROBE == 14       ; VERR / VERW on the ring-0 data descriptor
  mov cx, 0x10
  verr cx
  verw cx
%endif
done:
  mov esi, ok
  call puts
  ret
ok: db "ok", 10, 0
buf: times 8 db 0
