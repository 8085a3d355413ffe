/** The code cache shared by every vCPU: code one vCPU writes is dropped from the others' caches. */
import { describe, expect, it } from 'vitest';
import { buildSmpGuest, runGuest } from '../unit/engine/support/smp-guest';

const stale = (serial: string): number => {
  const m = /^patched, stale ([0-9a-f]{8})\n$/.exec(serial);
  if (!m) throw new Error(`unexpected output ${JSON.stringify(serial)}`);
  return parseInt(m[1]!, 16);
};

describe('cross-modifying code between vCPUs', () => {
  it.each(['workers', 'single'] as const)('vCPU 0 sees the code vCPU 1 patched while it runs it (%s)', async (threading) => {
    const r = await runGuest(buildSmpGuest('cross-modify.asm'), { vcpus: 2, threading, timeoutMs: 10_000 });
    expect(r.outcome).toBe('debug-exit');
    expect(r.exitValue).toBe(0);
    expect(stale(r.serial)).toBe(0);
  });

  // Strict coherence: no iteration may run the old code once the patch is visible (the writer bumps the page's
  // generation after the store too, and the fetch path drops its shortcut to a page it found outdated).
  it('vCPU 0 runs no stale iteration after it saw the patch (workers)', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await runGuest(buildSmpGuest('cross-modify.asm'), { vcpus: 2, threading: 'workers', timeoutMs: 10_000 });
      expect(stale(r.serial)).toBe(0);
    }
  });

  // The same inside translated code: a loop that is one block branching to itself runs in its region without
  // returning to the engine, so the region itself must look at the page's code generation after each iteration.
  it.each(['on', 'force'] as const)('a translated self-loop runs no stale iteration after it saw the patch (jit %s)', async (jit) => {
    for (let i = 0; i < 3; i++) {
      const r = await runGuest(buildSmpGuest('cross-modify-loop.asm'), { vcpus: 2, threading: 'workers', jit, timeoutMs: 10_000 });
      expect(r.outcome).toBe('debug-exit');
      expect(r.stats.vcpus[0]!.jit.instructions_translated).toBeGreaterThan(500_000);
      expect(stale(r.serial)).toBe(0);
    }
  });
});
