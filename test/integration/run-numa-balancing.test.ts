/**
 * NUMA balancing (--numa-balancing): numa-skew.asm on two vCPUs of rh65 pinned to nodes 0 and 1. The BSP
 * first-touches a buffer (local policy: node 0), then vCPU 1 adds into it PASSES times. Without balancing
 * every one of vCPU 1's buffer accesses is remote; with it, the hinting-fault scan migrates the buffer to
 * node 1 after two faults from vCPU 1 per page, and the rest of the passes are local. Deterministic mode, so
 * the figures are exact run to run.
 */
import { describe, expect, it } from 'vitest';
import { RH65 } from '../../src-main/core/numa';
import type { VmStats } from '../../src-main/engine/vm-stats';
import { buildSmpGuest, runGuest } from '../unit/engine/support/smp-guest';

const PAGES = 16;
const PASSES = 32;
const guest = buildSmpGuest('numa-skew.asm', { PAGES: String(PAGES), PASSES: String(PASSES) });
/** vCPU 1's accesses to the buffer: a read and a write per dword per pass. */
const BUFFER_ACCESSES = PAGES * 1024 * PASSES * 2;

async function run(numaBalancing: boolean, policy = {}): Promise<VmStats> {
  const r = await runGuest(guest, { vcpus: 2, topology: RH65, vcpupin: '0:0,1:6', deterministic: true, numaBalancing, policy });
  expect(r.outcome).toBe('debug-exit');
  return r.stats;
}

describe('NUMA balancing (rh65, vCPU 0 on node 0 first-touches, vCPU 1 on node 1 uses)', () => {
  it('without it, vCPU 1 reaches the whole buffer remotely and nothing migrates', async () => {
    const s = await run(false);
    expect(s.numa_balancing).toBeNull();
    expect(s.vcpus[1]!.numa['accesses_remote']).toBeGreaterThanOrEqual(BUFFER_ACCESSES);
    expect(s.nodes.map((n) => [n.pages_migrated_in, n.pages_migrated_out])).toEqual([[0, 0], [0, 0]]);
  });

  it('with it, the buffer migrates to node 1 and vCPU 1\'s remote accesses drop', async () => {
    const off = await run(false);
    const on = await run(true);
    const again = await run(true);
    const b = on.numa_balancing!;
    expect(b).not.toBeNull();
    expect(again.numa_balancing).toEqual(b); // deterministic
    expect(again.vcpus[1]!.numa['accesses_remote']).toBe(on.vcpus[1]!.numa['accesses_remote']);
    // Every buffer page moved from node 0 to node 1 (the code, stack and flag pages may move too).
    expect(b.numa_pages_migrated).toBeGreaterThanOrEqual(PAGES);
    expect(b.pgmigrate_fail).toBe(0);
    expect(b.numa_hint_faults).toBeGreaterThanOrEqual(2 * PAGES); // the two-stage filter: two faults per page
    expect(b.numa_pte_updates).toBeGreaterThanOrEqual(b.numa_hint_faults);
    const [n0, n1] = on.nodes;
    expect(n1!.pages_migrated_in).toBeGreaterThanOrEqual(PAGES);
    expect(n0!.pages_migrated_in + n1!.pages_migrated_in).toBe(b.numa_pages_migrated);
    expect(n0!.pages_migrated_out + n1!.pages_migrated_out).toBe(b.numa_pages_migrated);
    // Two nodes: what one gains the other loses.
    expect(n1!.pages_migrated_in - n1!.pages_migrated_out).toBe(n0!.pages_migrated_out - n0!.pages_migrated_in);
    // pages_used follows the migrations (the same pages are placed as without balancing). The flag page
    // vCPU 1 touched first may move to node 0, where the BSP polls it.
    expect(n0!.pages_used + n1!.pages_used).toBe(off.nodes[0]!.pages_used + off.nodes[1]!.pages_used);
    expect(n1!.pages_used - off.nodes[1]!.pages_used).toBe(n1!.pages_migrated_in - n1!.pages_migrated_out);
    const remoteOff = off.vcpus[1]!.numa['accesses_remote'] as number;
    const remoteOn = on.vcpus[1]!.numa['accesses_remote'] as number;
    expect(remoteOn).toBeLessThan(remoteOff / 4);
    expect(on.vcpus[1]!.cycles).toBeLessThan(off.vcpus[1]!.cycles);
  });

  it('--membind 0 keeps the pages on node 0: balancing may not move them out of the set', async () => {
    const s = await run(true, { membind: '0' });
    expect(s.numa_balancing!.numa_pages_migrated).toBe(0);
    expect(s.nodes[1]!.pages_used).toBe(0);
    expect(s.vcpus[1]!.numa['accesses_remote']).toBeGreaterThanOrEqual(BUFFER_ACCESSES);
  });

  it('workers: the counters stay consistent across threads (how much migrates depends on timing)', async () => {
    const r = await runGuest(guest, { vcpus: 2, topology: RH65, vcpupin: '0:0,1:6', threading: 'workers', quantum: 20000, numaBalancing: true });
    expect(r.outcome).toBe('debug-exit');
    const b = r.stats.numa_balancing!;
    const [n0, n1] = r.stats.nodes;
    expect(n0!.pages_migrated_in + n1!.pages_migrated_in).toBe(b.numa_pages_migrated);
    expect(n0!.pages_migrated_out + n1!.pages_migrated_out).toBe(b.numa_pages_migrated);
    expect(b.numa_hint_faults).toBeLessThanOrEqual(b.numa_pte_updates);
    expect(b.numa_hint_faults_local).toBeLessThanOrEqual(b.numa_hint_faults);
  });
});
