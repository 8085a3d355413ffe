/** The lifecycle log stays small whatever the guest touches. */
import { describe, expect, it } from 'vitest';
import { LifecycleLog } from '../../../src-main/engine/lifecycle-log';

describe('lifecycle log', () => {
  it('logs each (vCPU, exit, key) once, and stops remembering keys once full', () => {
    const log = new LifecycleLog();
    log.addFirst(0, 'KVM_EXIT_IO', '0x3f8', 'out 0x3f8');
    log.addFirst(0, 'KVM_EXIT_IO', '0x3f8', 'out 0x3f8');
    expect(log.list()).toHaveLength(1);
    // A guest touching a million MMIO addresses: the log and its set of seen keys stay bounded.
    for (let a = 0; a < 1_000_000; a++) log.addFirst(0, 'KVM_EXIT_MMIO', String(a), 'mmio');
    expect(log.list().length).toBeLessThanOrEqual(1000);
    expect(log.dropped).toBeGreaterThan(0);
    expect((log as unknown as { seen: Set<string> }).seen.size).toBeLessThanOrEqual(1000);
  });
});
