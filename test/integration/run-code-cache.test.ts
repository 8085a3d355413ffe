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
    // The engine guarantees the new code by the next quantum boundary (VcpuDriver bumps the fetch epoch).
    expect(stale(r.serial)).toBeLessThan(r.stats.config.quantum);
  });

  // Strict coherence: no iteration may run the old code once the patch is visible. Fails until the CPU core
  // fixes two races in its shared-code path (see the engine report): Engine.fetch keeps serving its fast-path
  // page after dropping that page for a generation change, and invalidateCode bumps the generation before the
  // bytes are stored, so a concurrent re-decode can cache the old bytes under the new generation.
  it.skip('vCPU 0 runs no stale iteration after it saw the patch (workers)', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await runGuest(buildSmpGuest('cross-modify.asm'), { vcpus: 2, threading: 'workers', timeoutMs: 10_000 });
      expect(stale(r.serial)).toBe(0);
    }
  });
});
