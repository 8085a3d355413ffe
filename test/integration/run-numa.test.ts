/**
 * NUMA accounting of guest memory through `virtlab run --stats`: first-touch placement by the touching
 * vCPU's node, --membind, --interleave, and the numastat counters as Linux counts them (machine.md §7).
 * The guest (numa-touch.asm) turns paging on; run-numa-first-touch.test.ts runs it without paging.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { SMP_DIR } from '../unit/engine/support/smp-guest';

interface NodeStats { numa_hit: number; numa_miss: number; numa_foreign: number; interleave_hit: number; local_node: number; other_node: number; pages_used: number; pages_total: number; accesses_local: number; accesses_remote: number }
interface VcpuNuma { node: number; local_node: number; other_node: number; accesses_local: number; accesses_remote: number }
interface Stats { outcome: { reason: string }; nodes: NodeStats[]; vcpus: { cycles: number; numa: VcpuNuma }[] }

const tmp = mkdtempSync(join(tmpdir(), 'virtlab-numa-'));
const PAGES = 64; // per vCPU buffer (numa-touch.asm)

async function run(name: string, ...policy: string[]): Promise<Stats> {
  const stats = join(tmp, `${name}.json`);
  const args = ['run', join(SMP_DIR, 'numa-touch.asm'), '--topology', 'rh65', '--vcpus', '2', '--vcpupin', '0:0,1:6', ...policy, '--stats', stats];
  const { code } = await runCli(args);
  expect(code).toBe(1); // isa-debug-exit 0
  return JSON.parse(readFileSync(stats, 'utf8')) as Stats;
}

describe('NUMA accounting (rh65, vCPU 0 on node 0, vCPU 1 on node 1)', () => {
  it('first touch puts each vCPU\'s pages on its own node; local accesses dominate', async () => {
    const s = await run('local');
    const [n0, n1] = s.nodes as [NodeStats, NodeStats];
    expect(n0.pages_used).toBeGreaterThanOrEqual(PAGES);
    expect(n1.pages_used).toBeGreaterThanOrEqual(PAGES);
    for (const n of s.nodes) {
      expect(n.numa_hit).toBe(n.pages_used);
      expect(n.numa_miss + n.numa_foreign + n.interleave_hit).toBe(0);
      expect(n.local_node).toBe(n.pages_used);
      expect(n.pages_total).toBe(64 * 256); // all 64 MiB of guest RAM may live on either node
    }
    s.vcpus.forEach((v, i) => {
      expect(v.numa.node).toBe(i);
      expect(v.numa.accesses_local).toBeGreaterThan(PAGES * 1024 * 8);
      expect(v.numa.accesses_local).toBeGreaterThan(100 * v.numa.accesses_remote);
    });
  });

  it('--membind 1 moves every page to node 1: numa_hit there, other_node for vCPU 0\'s pages', async () => {
    const s = await run('bind', '--membind', '1');
    const [n0, n1] = s.nodes as [NodeStats, NodeStats];
    expect(n0).toMatchObject({ pages_used: 0, numa_hit: 0, numa_miss: 0, numa_foreign: 0, local_node: 0, other_node: 0, pages_total: 0 });
    expect(n1.pages_used).toBeGreaterThanOrEqual(2 * PAGES);
    expect(n1.numa_hit).toBe(n1.pages_used); // bind's intended node is node 1: no miss, as Linux counts it
    expect(n1.numa_miss).toBe(0);
    expect(n1.local_node + n1.other_node).toBe(n1.pages_used);
    expect(n1.other_node).toBeGreaterThanOrEqual(PAGES); // allocated by vCPU 0, running on node 0
    expect(n1.local_node).toBeGreaterThanOrEqual(PAGES);
    const [v0, v1] = s.vcpus;
    expect(v0!.numa.other_node).toBeGreaterThanOrEqual(PAGES);
    expect(v0!.numa.accesses_remote).toBeGreaterThan(100 * v0!.numa.accesses_local);
    expect(v1!.numa.accesses_local).toBeGreaterThan(100 * v1!.numa.accesses_remote);
    expect(n1.accesses_remote).toBe(v0!.numa.accesses_remote);
    // Remote accesses cost cycles: vCPU 0 ran the same loop as vCPU 1, at 2.1× the memory latency.
    expect(v0!.cycles).toBeGreaterThan(10 * v1!.cycles);
  });

  it('--interleave 0,1 spreads the pages within ±1', async () => {
    const s = await run('interleave', '--interleave', '0,1');
    const [n0, n1] = s.nodes as [NodeStats, NodeStats];
    expect(n0.pages_used + n1.pages_used).toBeGreaterThanOrEqual(2 * PAGES);
    expect(Math.abs(n0.pages_used - n1.pages_used)).toBeLessThanOrEqual(1);
    for (const n of s.nodes) {
      expect(n.interleave_hit).toBe(n.pages_used);
      expect(n.numa_miss).toBe(0);
    }
    // Each vCPU makes 2 × PAGES × 1024 × 8 accesses to its buffer, half of whose pages are remote. (Its other
    // accesses, e.g. vCPU 0 waiting for vCPU 1, depend on timing.)
    for (const v of s.vcpus) expect(v.numa.accesses_remote).toBeGreaterThan(0.45 * 2 * PAGES * 1024 * 8);
  });
});
