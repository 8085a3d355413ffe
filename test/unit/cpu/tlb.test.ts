/** TLB flush semantics (SDM 4.10.4): which cached translations survive CR3 loads, INVLPG and CR4 changes. */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { runGuest } from './snippet';

const hasNasm = requireOracle('nasm');

const SETUP = `
PD equ 0x200000
PT equ 0x201000
main:
  call init_system
  IDENTITY_PT PT, 3
  mov edi, PD
  xor eax, eax
  mov ecx, 1024
  rep stosd
  mov dword [PD], PT | 3
  mov dword [0x300000], 0xaaaa
  mov dword [0x301000], 0xbbbb
  mov eax, PD
  mov cr3, eax
  mov eax, cr4
  or eax, 0x80             ; PGE
  mov cr4, eax
  mov eax, cr0
  or eax, 0x80000000
  mov cr0, eax
`;

describe.skipIf(!hasNasm)('software TLB', () => {
  it('keeps a stale translation until INVLPG; global pages survive a CR3 load, others do not', () => {
    const r = runGuest(`${SETUP}
  ; 0x300000 global, 0x302000 not global; both read once (cached), then remapped to 0x301000
  mov dword [PT + 0x300 * 4], 0x300000 | 0x103
  mov dword [PT + 0x302 * 4], 0x300000 | 3
  invlpg [0x300000]
  mov eax, [0x300000]
  mov eax, [0x302000]
  mov dword [PT + 0x300 * 4], 0x301000 | 0x103
  mov dword [PT + 0x302 * 4], 0x301000 | 3
  PRINT dword [0x300000]     ; stale: aaaa
  PRINT dword [0x302000]     ; stale: aaaa
  mov eax, cr3
  mov cr3, eax
  PRINT dword [0x300000]     ; global: still aaaa
  PRINT dword [0x302000]     ; flushed: bbbb
  invlpg [0x300000]
  PRINT dword [0x300000]     ; bbbb
  NL
  ; clearing CR4.PGE flushes global entries too
  mov dword [PT + 0x300 * 4], 0x300000 | 0x103
  mov eax, [0x300000]
  mov dword [PT + 0x300 * 4], 0x301000 | 0x103
  mov eax, cr4
  and eax, ~0x80
  mov cr4, eax
  PRINT dword [0x300000]     ; bbbb
  NL
  ret`);
    expect(r.serial.toString()).toBe('0000aaaa 0000aaaa 0000aaaa 0000bbbb 0000bbbb \n0000bbbb \n');
  });

  it('a write through a clean cached entry walks again and sets the dirty bit', () => {
    const r = runGuest(`${SETUP}
  mov dword [PT + 0x300 * 4], 0x300000 | 3
  invlpg [0x300000]
  mov eax, [0x300000]
  PRINT dword [PT + 0x300 * 4]   ; accessed only
  mov dword [0x300004], 1
  PRINT dword [PT + 0x300 * 4]   ; accessed + dirty
  NL
  ret`);
    expect(r.serial.toString()).toBe('00300023 00300063 \n');
  });
});
