; QEMU's pc-testdev: the 32-bit latch at ports 0xE0-0xE3 by byte, word and dword, and its 64 KiB of memory at
; 0xFF000000 through plain moves, read-modify-write instructions and string instructions (the accesses an
; emulator must route to a device). QEMU needs -device pc-testdev.
%include "lib/kut.inc"

TESTDEV_PORT equ 0xE0
TESTDEV_FLUSH_PORT equ 0xE4
IOMEM equ 0xFF000000
IOMEM_SIZE equ 0x10000

main:
  ; --- the latch ---
  mov dx, TESTDEV_PORT
  mov eax, 0x12345678
  out dx, eax
  xor eax, eax
  in eax, dx
  cmp eax, 0x12345678
  REPORT e, "latch: dword write, dword read"

  xor ebx, ebx                  ; the four bytes read one by one, assembled
  mov ecx, 4
  mov dx, TESTDEV_PORT + 3
.bytes:
  shl ebx, 8
  in al, dx
  mov bl, al
  dec dx
  loop .bytes
  cmp ebx, 0x12345678
  REPORT e, "latch: byte reads at 0xE0-0xE3"

  mov dx, TESTDEV_PORT + 2
  in ax, dx
  shl eax, 16
  mov dx, TESTDEV_PORT
  in ax, dx
  cmp eax, 0x12345678
  REPORT e, "latch: word reads at 0xE0 and 0xE2"

  mov dx, TESTDEV_PORT + 1
  mov al, 0xAA
  out dx, al
  mov dx, TESTDEV_PORT + 2
  mov ax, 0xBEEF
  out dx, ax
  mov dx, TESTDEV_PORT
  in eax, dx
  PRINT "latch after byte and word writes: "
  call puthex
  call putnl
  cmp eax, 0xBEEFAA78
  REPORT e, "latch: byte and word writes land at their offsets"

  mov dx, TESTDEV_PORT + 1
  in ax, dx
  cmp ax, 0
  REPORT e, "latch: a misaligned word read gives 0"
  mov ax, 0x5555
  out dx, ax
  mov dx, TESTDEV_PORT
  in eax, dx
  cmp eax, 0xBEEFAA78
  REPORT e, "latch: a misaligned word write changes nothing"

  mov dx, TESTDEV_FLUSH_PORT
  mov eax, scratch_page
  out dx, eax
  mov dx, TESTDEV_PORT
  in eax, dx
  cmp eax, 0xBEEFAA78
  REPORT e, "flush-page port leaves the latch alone"

  mov dx, TESTDEV_PORT
  mov edi, scratch
  mov ecx, 4
  rep insb
  cmp dword [scratch], 0x78787878
  REPORT e, "latch: rep insb reads the low byte each time"

  mov dword [scratch], 0xCAFEF00D
  mov esi, scratch
  mov ecx, 1
  rep outsd
  in eax, dx
  cmp eax, 0xCAFEF00D
  REPORT e, "latch: rep outsd writes it"

  ; --- the memory ---
  mov dword [IOMEM], 0x11223344
  cmp dword [IOMEM], 0x11223344
  REPORT e, "iomem: dword write and read"
  mov byte [IOMEM + 1], 0x55
  mov word [IOMEM + 2], 0x6677
  mov eax, [IOMEM]
  cmp eax, 0x66775544
  REPORT e, "iomem: byte and word writes, dword read"
  movzx eax, byte [IOMEM + 3]
  movzx ebx, word [IOMEM + 2]
  shl eax, 16
  or eax, ebx
  cmp eax, 0x00666677
  REPORT e, "iomem: byte and word reads"

  mov dword [IOMEM + IOMEM_SIZE - 4], 0xA5A5A5A5
  mov dword [IOMEM + 0x8000], 0x5A5A5A5A
  cmp dword [IOMEM + IOMEM_SIZE - 4], 0xA5A5A5A5
  REPORT e, "iomem: the last dword of the 64 KiB holds a value"

  mov dword [IOMEM + 4], 0x11223344
  add dword [IOMEM + 4], 0x01010101
  inc byte [IOMEM + 5]
  cmp dword [IOMEM + 4], 0x12233545
  REPORT e, "iomem: add and inc on memory"

  mov dword [IOMEM + 8], 0x1000
  mov eax, 0x2000
  xchg [IOMEM + 8], eax
  cmp eax, 0x1000
  jne .xchg_done
  cmp dword [IOMEM + 8], 0x2000
.xchg_done:
  REPORT e, "iomem: xchg"

  mov eax, 0x2000
  mov ecx, 0x3000
  lock cmpxchg [IOMEM + 8], ecx
  jne .cmpxchg_done
  mov eax, 0x1234
  lock cmpxchg [IOMEM + 8], ecx   ; fails: EAX receives the memory value
  je .cmpxchg_wrong
  cmp eax, 0x3000
  jmp .cmpxchg_done
.cmpxchg_wrong:
  or eax, -1                    ; ZF = 0
.cmpxchg_done:
  REPORT e, "iomem: lock cmpxchg, success and failure"

  mov dword [IOMEM + 12], 0
  bts dword [IOMEM + 12], 5
  jc .bits_wrong
  bts dword [IOMEM + 12], 31
  btr dword [IOMEM + 12], 5
  jnc .bits_wrong
  cmp dword [IOMEM + 12], 0x80000000
  jmp .bits_done
.bits_wrong:
  or eax, -1
.bits_done:
  REPORT e, "iomem: bts and btr"

  push dword 0x0BADF00D
  pop dword [IOMEM + 16]
  push dword [IOMEM + 16]
  pop eax
  cmp eax, 0x0BADF00D
  REPORT e, "iomem: push and pop through memory"

  mov esi, pattern              ; RAM to device and back
  mov edi, IOMEM + 0x100
  mov ecx, pattern_dwords
  rep movsd
  mov esi, IOMEM + 0x100
  mov edi, pattern
  mov ecx, pattern_dwords
  repe cmpsd
  REPORT e, "iomem: rep movsd in, repe cmpsd against RAM"

  mov edi, IOMEM + 0x200
  mov al, 0xC3
  mov ecx, 64
  rep stosb
  mov esi, IOMEM + 0x200
  mov edi, scratch
  mov ecx, 16
  rep movsd
  mov edi, scratch
  mov eax, 0xC3C3C3C3
  mov ecx, 16
  repe scasd
  REPORT e, "iomem: rep stosb, then rep movsd out to RAM"
  ret

pattern:
  dd 0x01234567, 0x89ABCDEF, 0xFEDCBA98, 0x76543210, 0xDEADBEEF, 0, 0xFFFFFFFF, 0x80000001
pattern_dwords equ ($ - pattern) / 4

section .bss
alignb 4096
scratch_page: resb 4096
scratch: resb 64
section .text

%include "lib/end.inc"
