; CPUID/RDTSC sanity that holds on QEMU and virtlab alike: vendor string, leaf-1 feature bits both report
; (TSC, MSR, PSE, CX8, APIC, SEP, CMOV, PGE), APIC ID 0, RDTSC increasing, CMPXCHG8B, TSC MSR writable.
%include "lib.inc"
main:
  xor eax, eax
  cpuid
  mov [vendor], ebx
  mov [vendor + 4], edx
  mov [vendor + 8], ecx
  mov esi, vendor
  call puts
  NL
  mov eax, 1
  cpuid
  and edx, (1 << 3) | (1 << 4) | (1 << 5) | (1 << 8) | (1 << 9) | (1 << 11) | (1 << 13) | (1 << 15)
  PRINT edx
  shr ebx, 24
  PRINT ebx
  NL
  rdtsc
  mov esi, eax
  mov edi, edx
  mov ecx, 100
.spin:
  loop .spin
  rdtsc
  sub eax, esi
  sbb edx, edi
  ; positive and below 2^32
  mov ebx, 0
  test edx, edx
  jnz .bad
  test eax, eax
  jz .bad
  mov ebx, 1
.bad:
  PRINT ebx
  ; cmpxchg8b: equal then not equal
  mov eax, 1
  mov edx, 2
  mov ebx, 3
  mov ecx, 4
  cmpxchg8b [q]
  pushf
  pop esi
  and esi, 0x40
  PRINT esi
  PRINT dword [q]
  PRINT dword [q + 4]
  cmpxchg8b [q]
  pushf
  pop esi
  and esi, 0x40
  PRINT esi
  PRINT eax
  PRINT edx
  NL
  ret
vendor: times 13 db 0
q: dd 1, 2
