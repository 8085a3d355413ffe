/** Decoded-code invalidation across vCPUs that share RAM (shared page kinds and code generations). */
import { describe, expect, it } from 'vitest';
import { Cpu, createSharedCodeState } from '../../../src-main/core/cpu/cpu';
import { EXIT_HALTED, Engine } from '../../../src-main/core/cpu/engine';
import { writePhys32 } from '../../../src-main/core/cpu/memory';
import { setFlatProtectedMode } from '../../../src-main/core/cpu/segments';
import { EAX } from '../../../src-main/core/cpu/state';
import { TestBus } from './harness';

function pair(shared: boolean): { a: Cpu; b: Cpu; eb: Engine } {
  const size = 4 << 20;
  const ram = { u8: new Uint8Array(new SharedArrayBuffer(size)), size };
  const sharedCode = shared ? createSharedCodeState(size) : undefined;
  const a = new Cpu(ram, new TestBus(), null, null, { apicId: 0, ...(sharedCode ? { sharedCode } : {}) });
  const b = new Cpu(ram, new TestBus(), null, null, { apicId: 1, ...(sharedCode ? { sharedCode } : {}) });
  for (const c of [a, b]) setFlatProtectedMode(c);
  // 0x1000: mov eax, 0x11111111; hlt
  ram.u8.set([0xb8, 0x11, 0x11, 0x11, 0x11, 0xf4], 0x1000);
  return { a, b, eb: new Engine(b) };
}

function runB(b: Cpu, eb: Engine): number {
  b.eip = 0x1000; b.halted = false;
  expect(eb.run(100)).toBe(EXIT_HALTED);
  return b.regs[EAX]! >>> 0;
}

describe('code written by one vCPU, executed by another', () => {
  it('is re-decoded when the vCPUs share code-tracking state', () => {
    const { a, b, eb } = pair(true);
    expect(runB(b, eb)).toBe(0x11111111);
    writePhys32(a, 0x1001, 0x22222222);   // vCPU A patches the immediate B already decoded
    expect(runB(b, eb)).toBe(0x22222222);
    writePhys32(a, 0x1800, 1);            // data elsewhere on the page: B re-decodes, same result
    expect(runB(b, eb)).toBe(0x22222222);
  });

  it('(without shared state each vCPU only sees its own writes: the stale decode shows)', () => {
    const { a, b, eb } = pair(false);
    expect(runB(b, eb)).toBe(0x11111111);
    writePhys32(a, 0x1001, 0x22222222);
    expect(runB(b, eb)).toBe(0x11111111);
  });
});
