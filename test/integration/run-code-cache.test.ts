/** The code cache shared by every vCPU: code one vCPU writes is dropped from the others' caches. */
import { describe, expect, it } from 'vitest';
import { buildSmpGuest, runGuest } from '../unit/engine/support/smp-guest';

describe('cross-modifying code between vCPUs', () => {
  it.each(['workers', 'single'] as const)('vCPU 0 sees the code vCPU 1 patched while it runs it (%s)', async (threading) => {
    const r = await runGuest(buildSmpGuest('cross-modify.asm'), { vcpus: 2, threading, timeoutMs: 10_000 });
    expect(r.outcome).toBe('debug-exit');
    expect(r.exitValue).toBe(0);
    expect(r.serial).toBe('patched\n');
  });
});
