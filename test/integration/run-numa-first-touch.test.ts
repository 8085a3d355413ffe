/**
 * NUMA first-touch placement without paging: numa-touch.asm with PAGING=0 on two vCPUs pinned to two nodes.
 * The CPU reports the first access to each unplaced page (core/cpu/memory.ts PAGE_UNPLACED), so pages are
 * placed and numastat's counters move although no TLB is ever filled; worker mode and deterministic mode.
 *
 * Pages the guest touches: its code page (0x100000) and `done` (0x200000), touched by both vCPUs; vCPU 0's
 * stack page 0x403000 and buffer 0x800000 + PAGES pages; vCPU 1's 0x407000 and 0x900000 + PAGES pages.
 * Deterministic mode runs vCPU 0 first, so it touches the two shared pages first.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { NUMA4, RH65, type HostTopology, type MemPolicyOptions } from '../../src-main/core/numa';
import type { NodeStats, VmStats } from '../../src-main/engine/vm-stats';
import { buildSmpGuest, runGuest, SMP_DIR } from '../unit/engine/support/smp-guest';

const PAGES = 16;
const PASSES = 2;
const guest = buildSmpGuest('numa-touch.asm', { PAGING: '0', PAGES: String(PAGES), PASSES: String(PASSES) });
/** Each vCPU's own pages (stack + buffer), and the pages both touch. */
const OWN = PAGES + 1;
const SHARED = 2;
/** Accesses each vCPU makes to its buffer: a read and a write per dword per pass. */
const BUFFER_ACCESSES = PAGES * 1024 * PASSES * 2;

const MODES = [
  ['deterministic', { deterministic: true }],
  ['workers', { threading: 'workers' }],
] as const;

async function run(mode: (typeof MODES)[number][1], policy: MemPolicyOptions, topology: HostTopology = RH65, vcpupin = '0:0,1:6'): Promise<VmStats> {
  const r = await runGuest(guest, { vcpus: 2, topology, vcpupin, policy, ...mode });
  expect(r.outcome).toBe('debug-exit');
  return r.stats;
}

const counters = (n: NodeStats): number[] => [n.pages_used, n.numa_hit, n.numa_miss, n.numa_foreign, n.interleave_hit, n.local_node, n.other_node];

describe('NUMA first touch without paging (rh65, vCPU 0 on node 0, vCPU 1 on node 1)', () => {
  for (const [name, mode] of MODES) {
    const det = name === 'deterministic';

    it(`${name}: local policy places each vCPU's pages on its own node`, async () => {
      const s = await run(mode, {});
      const [n0, n1] = s.nodes as [NodeStats, NodeStats];
      expect(n0.pages_used + n1.pages_used).toBe(2 * OWN + SHARED);
      if (det) {
        expect(counters(n0)).toEqual([OWN + SHARED, OWN + SHARED, 0, 0, 0, OWN + SHARED, 0]);
        expect(counters(n1)).toEqual([OWN, OWN, 0, 0, 0, OWN, 0]);
      }
      for (const n of s.nodes) {
        expect(n.pages_used).toBeGreaterThanOrEqual(OWN);
        expect([n.numa_hit, n.local_node, n.numa_miss, n.other_node]).toEqual([n.pages_used, n.pages_used, 0, 0]);
      }
      s.vcpus.forEach((v) => {
        expect(v.numa['local_node']).toBe(s.nodes[v.node]!.pages_used);
        expect(v.numa['accesses_local']).toBeGreaterThanOrEqual(BUFFER_ACCESSES);
        expect(v.numa['accesses_remote']).toBeLessThan(10); // the shared pages the other vCPU placed
      });
    });

    it(`${name}: --membind 1 puts every page on node 1; vCPU 0's are other_node there and its accesses remote`, async () => {
      const s = await run(mode, { membind: '1' });
      const [n0, n1] = s.nodes as [NodeStats, NodeStats];
      expect(counters(n0)).toEqual([0, 0, 0, 0, 0, 0, 0]);
      expect(n1.pages_used).toBe(2 * OWN + SHARED);
      expect([n1.numa_hit, n1.numa_miss]).toEqual([n1.pages_used, 0]);
      expect(n1.local_node + n1.other_node).toBe(n1.pages_used);
      if (det) expect([n1.local_node, n1.other_node]).toEqual([OWN, OWN + SHARED]);
      else expect(n1.other_node).toBeGreaterThanOrEqual(OWN);
      const [v0, v1] = s.vcpus as [VmStats['vcpus'][0], VmStats['vcpus'][0]];
      expect(v0.numa['other_node']).toBe(n1.other_node);
      expect(v0.numa['accesses_local']).toBe(0);
      expect(v0.numa['accesses_remote']).toBeGreaterThanOrEqual(BUFFER_ACCESSES);
      expect(v1.numa['accesses_remote']).toBe(0);
      // vCPU 0 ran the same loop as vCPU 1, each access 209 cycles dearer (190 × 21/10 − 190).
      expect(v0.cycles - v1.cycles).toBeGreaterThanOrEqual(BUFFER_ACCESSES * 209);
    });

    it(`${name}: --interleave 0,1 places even frames on node 0, odd ones on node 1`, async () => {
      const s = await run(mode, { interleave: '0,1' });
      // Even: the code page, `done`, half of each buffer; odd: both stack pages, the other halves.
      for (const n of s.nodes) {
        expect([n.pages_used, n.interleave_hit, n.numa_hit, n.numa_miss]).toEqual([OWN + 1, OWN + 1, OWN + 1, 0]);
        expect(n.local_node + n.other_node).toBe(n.pages_used);
      }
      if (det) expect(s.nodes.map((n) => [n.local_node, n.other_node])).toEqual([[PAGES / 2 + SHARED, PAGES / 2], [PAGES / 2 + 1, PAGES / 2 + 1]]);
      for (const v of s.vcpus) expect(v.numa['accesses_remote']).toBeGreaterThanOrEqual(BUFFER_ACCESSES / 2);
    });

    it(`${name}: --preferred 1 places every page on node 1 while it has room`, async () => {
      const s = await run(mode, { preferred: '1' });
      const [n0, n1] = s.nodes as [NodeStats, NodeStats];
      expect(n0.pages_used).toBe(0);
      expect([n1.pages_used, n1.numa_hit, n1.numa_miss]).toEqual([2 * OWN + SHARED, 2 * OWN + SHARED, 0]);
      expect(s.vcpus[0]!.numa['other_node']).toBe(n1.other_node);
      expect(s.vcpus[1]!.numa['local_node']).toBe(n1.local_node);
    });
  }

  it('numa4 (vCPUs on nodes 0 and 1, distance 16): local placement, the remote surcharge is 114 cycles', async () => {
    const local = await run({ deterministic: true }, {}, NUMA4, '0:0,1:4');
    expect(local.nodes.map((n) => n.pages_used)).toEqual([OWN + SHARED, OWN, 0, 0]);
    const bound = await run({ deterministic: true }, { membind: '1' }, NUMA4, '0:0,1:4');
    expect(bound.nodes.map((n) => n.pages_used)).toEqual([0, 2 * OWN + SHARED, 0, 0]);
    const v0 = bound.vcpus[0]!;
    expect(v0.instructions).toBe(local.vcpus[0]!.instructions);
    expect(v0.cycles - local.vcpus[0]!.cycles).toBe(((v0.numa['accesses_remote'] as number) - (local.vcpus[0]!.numa['accesses_remote'] as number)) * 114);
  });
});

describe('remote-access surcharge wider than a byte', () => {
  it('a custom topology at distance 40 charges 570 cycles per remote access (190 × 40/10 − 190)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'virtlab-far-'));
    const topology = join(dir, 'far.json');
    writeFileSync(topology, JSON.stringify({ name: 'far', nodes: [{ cpus: '0-1', sizeMB: 1024, freeMB: 1000 }, { cpus: '2-3', sizeMB: 1024, freeMB: 1000 }], distances: [[10, 40], [40, 10]] }));
    const runBound = async (node: number): Promise<VmStats> => {
      const stats = join(dir, `bind${node}.json`);
      const { code } = await runCli(['run', join(SMP_DIR, 'numa-touch.asm'), '--vcpus', '1', '--topology', topology, '--vcpupin', '0:0', '--membind', String(node), '--stats', stats]);
      expect(code).toBe(1); // isa-debug-exit 0
      return JSON.parse(readFileSync(stats, 'utf8')) as VmStats;
    };
    const near = (await runBound(0)).vcpus[0]!;
    const far = (await runBound(1)).vcpus[0]!;
    expect(far.instructions).toBe(near.instructions);
    expect(near.numa['accesses_remote']).toBe(0);
    const remote = far.numa['accesses_remote'] as number;
    expect(remote).toBe(near.numa['accesses_local']);
    expect(remote).toBeGreaterThan(64 * 1024 * 8 * 2); // numa-touch's default buffer, read and written 8 times
    expect(far.cycles - near.cycles).toBe(remote * 570);
    expect(far.numa['access_cycles']).toBe(remote * 760);
  });
});
