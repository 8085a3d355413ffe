/**
 * The translator's counters in the stats JSON (docs/stats.md, `vcpus[].jit`): instructions retired by
 * translated blocks and by the interpreter add up to the vCPU's instructions, a hot loop runs translated with
 * --jit on, nothing is translated with --jit off, and code that rewrites itself shows as invalidations.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JIT_HOT } from '../../src-main/core/cpu/engine';
import type { VcpuStats } from '../../src-main/engine/vm-stats';
import type { JitModeName } from '../../src-main/core/jit/modes';
import { assembleFromDisk } from '../support/assemble-file';
import { buildSmpGuest, runGuest, type BuiltGuest } from '../unit/engine/support/smp-guest';

const K = 20_000; // iterations of compute.asm's loop on every vCPU: 5 instructions, all of them translated
const BENCH_GUESTS = fileURLToPath(new URL('../bench/guests/', import.meta.url));

async function vcpus(guest: BuiltGuest, jit: JitModeName, threading: 'single' | 'workers'): Promise<VcpuStats[]> {
  const r = await runGuest(guest, { vcpus: 2, jit, threading, ...(threading === 'single' ? { deterministic: true } : {}) });
  expect(r.outcome).toBe('debug-exit');
  expect(r.stats.config.jit).toBe(jit);
  return r.stats.vcpus;
}

describe('translator counters in the stats', () => {
  const compute = buildSmpGuest('compute.asm', { K: String(K) });

  for (const threading of ['single', 'workers'] as const) {
    it(`a hot loop runs translated with --jit on, and the two counts add up to instructions (${threading})`, async () => {
      for (const v of await vcpus(compute, 'on', threading)) {
        const j = v.jit;
        expect(j.instructions_translated + j.instructions_interpreted).toBe(v.instructions);
        // Every pass of the loop after it became hot ran in its translated block, but for one pass per quantum
        // end: a block runs only when the quantum's budget has room for all of it (the interpreter runs the rest).
        expect(j.instructions_translated).toBeGreaterThanOrEqual(5 * (K - JIT_HOT - v.quanta));
        expect(j.instructions_interpreted).toBeGreaterThan(0); // start-up, CPUID, I/O: interpreted
        expect(j.blocks_translated).toBeGreaterThanOrEqual(1);
        expect(j.blocks_cached).toBeGreaterThanOrEqual(1);
        expect(j.invalidations).toBe(0);
        expect(j.flushes).toBe(0);
      }
    });
  }

  it('--jit off translates nothing; --jit force translates at least the blocks --jit on does', async () => {
    for (const v of await vcpus(compute, 'off', 'single')) {
      expect(v.jit).toEqual({ blocks_translated: 0, blocks_cached: 0, invalidations: 0, flushes: 0, instructions_translated: 0, instructions_interpreted: v.instructions });
    }
    const on = await vcpus(compute, 'on', 'single');
    const forced = await vcpus(compute, 'force', 'single');
    forced.forEach((v, i) => {
      expect(v.jit.blocks_translated).toBeGreaterThanOrEqual(on[i]!.jit.blocks_translated);
      expect(v.jit.instructions_translated).toBeGreaterThanOrEqual(on[i]!.jit.instructions_translated);
      expect(v.jit.instructions_translated + v.jit.instructions_interpreted).toBe(v.instructions);
    });
  });

  it('self-modifying code shows as invalidations', async () => {
    const smc = assembleFromDisk(join(BENCH_GUESTS, 'smc.asm'), [BENCH_GUESTS], { ITERATIONS: '200' });
    const r = await runGuest({ image: smc.bytes, origin: smc.origin }, { jit: 'force', deterministic: true });
    expect(r.outcome).toBe('debug-exit');
    const j = r.stats.vcpus[0]!.jit;
    expect(j.invalidations).toBeGreaterThan(0);
    expect(j.blocks_translated).toBeGreaterThan(j.blocks_cached);
  });
});
