/** The fast forms (fastpath.ts) and the engine's fast lane: stores next to code, code patched in a hot loop. */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { runGuest } from './snippet';

const hasNasm = requireOracle('nasm');

describe.skipIf(!hasNasm)('fast path', () => {
  it('a store next to cached code keeps it; a store into an instruction is seen on its next execution', () => {
    const r = runGuest(`
main:
  xor ebx, ebx
  mov ecx, 3
.l:
  mov [buf], ecx                       ; data on the code page, overlapping no instruction
  add ebx, [buf]
.patch:
  mov eax, 0x11111111
  PRINT eax
  mov dword [.patch + 1], 0x22222222   ; the immediate of the MOV above
  dec ecx
  jnz .l
  PRINT ebx
  NL
  ret
buf: dd 0`);
    expect(r.serial.toString()).toBe('11111111 22222222 22222222 00000006 \n');
    // The page holding the loop still has its decodes (only the patched MOV was dropped and decoded again).
    const page = r.cpu.codeCache[0x100000 >>> 12];
    expect(page?.filter((e) => e !== undefined).length ?? 0).toBeGreaterThan(10);
  });

  it('fast ALU, shift, INC/DEC and Jcc forms keep the flags the generic handlers would', () => {
    const r = runGuest(`
main:
  mov eax, 0x7fffffff
  add eax, 1                ; OF SF
  pushfd
  pop ebx
  and ebx, 0x8d5
  PRINT ebx
  mov ecx, 0x80000000
  rol ecx, 1                ; CF, OF
  pushfd
  pop ebx
  and ebx, 0x8d5
  PRINT ebx
  stc
  inc ecx                   ; CF kept
  pushfd
  pop ebx
  and ebx, 0x8d5
  PRINT ebx
  xor edx, edx
  cmp edx, 1
  jb .below
  PRINT 0
.below:
  sub edx, 1
  PRINT edx
  NL
  ret`);
    expect(r.serial.toString()).toBe('00000894 00000801 00000001 ffffffff \n');
  });
});
