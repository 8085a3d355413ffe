/**
 * LOCK-prefixed instructions and XCHG with memory on vCPUs in different threads sharing RAM
 * (Cpu.atomicRam, atomic.ts): no lost updates for aligned dword/word/byte accesses, CMPXCHG8B and split
 * locks; and the same results as the plain handlers on one thread.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTsWorker } from '../../../src-main/engine/ts-worker';
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { guestSource } from './guest';
import { runImage } from './harness';

const hasNasm = requireOracle('nasm');
const N = 50_000;
const DATA = 0x200000;

/** Each vCPU runs N iterations of locked updates of shared counters, then HLT. */
const LOOP = `bits 32
org 0x100000
  lock inc dword [${DATA + 0x80}]     ; start together: wait for the other vCPU
.w:
  cmp dword [${DATA + 0x80}], 2
  jb .w
  mov ecx, ${N}
.l:
  lock inc dword [${DATA}]            ; aligned dword
  lock add word [${DATA + 6}], 1      ; word in the upper half of a dword
  lock sub byte [${DATA + 9}], 1      ; byte inside a dword
  mov eax, 2
  lock xadd [${DATA + 12}], eax       ; xadd
  mov eax, 1
  lock xadd [${DATA + 0x1e}], eax     ; split across two dwords: the VM-wide lock
  lock bts dword [${DATA + 0x40}], 0  ; a test-and-set spinlock around a plain increment
  jc .l2
.l2s:
  inc dword [${DATA + 0x44}]
  lock btr dword [${DATA + 0x40}], 0
  ; 64-bit counter by a CMPXCHG8B loop
  push ecx
  mov eax, [${DATA + 0x48}]
  mov edx, [${DATA + 0x4c}]
.c8:
  mov ebx, eax
  mov ecx, edx
  add ebx, 0xffff
  adc ecx, 0
  lock cmpxchg8b [${DATA + 0x48}]
  jnz .c8
  pop ecx
  dec ecx
  jnz .l
  hlt
.l2:
  pause
  lock bts dword [${DATA + 0x40}], 0
  jc .l2
  jmp .l2s
`;

function assemble(src: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-atomic-'));
  writeFileSync(join(dir, 'a.asm'), src);
  execFileSync('nasm', ['-f', 'bin', '-o', join(dir, 'a.bin'), join(dir, 'a.asm')]);
  return new Uint8Array(readFileSync(join(dir, 'a.bin')));
}

async function runPair(atomic: boolean): Promise<DataView> {
  const ram = new SharedArrayBuffer(4 << 20);
  new Uint8Array(ram).set(assemble(LOOP), 0x100000);
  const lock = new Int32Array(new SharedArrayBuffer(4));
  const worker = new URL('./atomic-worker.ts', import.meta.url);
  const results = await Promise.all([0, 1].map((i) => new Promise<{ exit: number; exc: number }>((resolve, reject) => {
    const w = startTsWorker(worker, { workerData: { ram, lock, entry: 0x100000, stack: 0x80000 - i * 0x1000, atomic, apicId: i } });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  for (const r of results) expect(r).toEqual({ exit: 1, exc: -1 });
  return new DataView(ram, DATA, 0x100);
}

describe.skipIf(!hasNasm)('atomic locked read-modify-write across worker threads', () => {
  it('loses no update with Cpu.atomicRam (dword, word, byte, xadd, split lock, spinlock, cmpxchg8b)', async () => {
    const v = await runPair(true);
    expect(v.getUint32(0, true)).toBe(2 * N);
    expect(v.getUint16(6, true)).toBe((2 * N) & 0xffff);
    expect(v.getUint8(9)).toBe((-2 * N) & 0xff);
    expect(v.getUint32(12, true)).toBe(4 * N);
    expect(v.getUint32(0x1e, true)).toBe(2 * N);
    expect(v.getUint32(0x40, true)).toBe(0);
    expect(v.getUint32(0x44, true)).toBe(2 * N);
    expect(v.getBigUint64(0x48, true)).toBe(BigInt(2 * N * 0xffff));
  }, 60_000);
});

describe.skipIf(!hasNasm)('atomic path on one thread', () => {
  for (const name of ['gen/xchg-xadd-32.asm', 'gen/xchg-xchg-8.asm', 'gen/exc-ud-lock.asm', 'gen/xchg-cmpxchg8b.asm']) {
    it(`${name}: locked forms give the plain handlers' results`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'virtlab-atomic-'));
      // Lock every lockable memory form of the guest so that both paths run the same instructions.
      const src = guestSource(name).replace(/^(\s+)(xadd|xchg|cmpxchg8b|cmpxchg|add|adc|sub|sbb|and|or|xor|inc|dec|neg|not|bts|btr|btc) ((?:byte|word|dword)?\s*\[)/gm, '$1lock $2 $3');
      writeFileSync(join(dir, 'g.asm'), src);
      execFileSync('nasm', ['-f', 'bin', '-w-all', '-o', join(dir, 'g.bin'), join(dir, 'g.asm')]);
      const img = new Uint8Array(readFileSync(join(dir, 'g.bin')));
      const plain = runImage(img);
      const atomic = runImage(img, undefined, undefined, { atomicRam: true });
      expect(atomic.serial.toString()).toBe(plain.serial.toString());
      expect(atomic.exitCode).toBe(plain.exitCode);
      expect(plain.serial.length).toBeGreaterThan(0);
    });
  }
});
