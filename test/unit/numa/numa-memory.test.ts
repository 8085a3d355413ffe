import { describe, expect, it } from 'vitest';
import {
  createNumaShared,
  LOCAL_POLICY,
  NumaMemory,
  NUMA4,
  RH65,
  snapshotNumaStats,
  UNPLACED,
  type MemPolicy,
  type NumaSetup,
} from '../../../src-main/core/numa';

function make(policy: MemPolicy, extra: Partial<NumaSetup> = {}): NumaMemory {
  const setup: NumaSetup = {
    topology: RH65,
    policy,
    vcpuNodes: [0, 1],
    vcpuCpus: [0, 6],
    guestFrames: 64,
    localAccessCycles: 100,
    ...extra,
  };
  return new NumaMemory(setup, createNumaShared(setup));
}

const stats = (m: NumaMemory) => snapshotNumaStats(m.stats, m.costTable);

describe('first touch (default/local policy)', () => {
  it('places a page on the touching vCPU node and counts hit + local', () => {
    const m = make(LOCAL_POLICY);
    expect(m.nodeOf(5)).toBe(UNPLACED);
    expect(m.access(1, 5)).toBe(100);
    expect(m.nodeOf(5)).toBe(1);
    // vCPU 0 then reads the page remotely: 100 × 21 / 10 cycles, and placement does not move.
    expect(m.access(0, 5)).toBe(210);
    expect(m.nodeOf(5)).toBe(1);
    const s = stats(m);
    expect(s.nodes[1]).toMatchObject({ numa_hit: 1, numa_miss: 0, numa_foreign: 0, local_node: 1, other_node: 0, pages_used: 1 });
    expect(s.nodes[0]).toMatchObject({ numa_hit: 0, pages_used: 0, accesses_local: 0, accesses_remote: 0 });
    expect(s.nodes[1]).toMatchObject({ accesses_local: 1, accesses_remote: 1 });
    expect(s.vcpus[0]).toMatchObject({ node: 0, host_cpu: 0, accesses_local: 0, accesses_remote: 1, access_cycles: 210, accesses_by_node: [0, 1] });
    expect(s.vcpus[1]).toMatchObject({ node: 1, host_cpu: 6, numa_hit: 1, local_node: 1, accesses_local: 1, access_cycles: 100 });
    expect(s.vcpus[0]?.by_distance).toBeUndefined();
  });

  it('groups accesses and cycles by distance', () => {
    const m = make(LOCAL_POLICY);
    m.access(0, 0);
    m.access(0, 0);
    m.access(1, 1);
    m.access(0, 1);
    const s = snapshotNumaStats(m.stats, m.costTable, RH65.distances);
    expect(s.vcpus[0]?.by_distance).toEqual([
      { distance: 10, accesses: 2, cycles: 200 },
      { distance: 21, accesses: 1, cycles: 210 },
    ]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('falls back to the nearest node when the local one is full: miss there, foreign on the intended node', () => {
    const m = make(LOCAL_POLICY, { capacityPages: [2, 100] });
    m.access(0, 0);
    m.access(0, 1);
    m.access(0, 2);
    expect([m.nodeOf(0), m.nodeOf(1), m.nodeOf(2)]).toEqual([0, 0, 1]);
    const s = stats(m);
    expect(s.nodes[0]).toMatchObject({ numa_hit: 2, numa_miss: 0, numa_foreign: 1, local_node: 2, other_node: 0, pages_used: 2 });
    expect(s.nodes[1]).toMatchObject({ numa_hit: 0, numa_miss: 1, numa_foreign: 0, local_node: 0, other_node: 1, pages_used: 1 });
    expect(s.vcpus[0]).toMatchObject({ numa_hit: 2, numa_miss: 1, local_node: 2, other_node: 1 });
  });

  it('derives capacity from free memory × scale', () => {
    const m = make(LOCAL_POLICY, { capacityScale: 1 / 256 });
    const s = stats(m);
    expect(s.nodes.map((n) => n.capacity_pages)).toEqual([7060, 6773]);
    expect(stats(make(LOCAL_POLICY)).nodes[0]?.capacity_pages).toBe(7060 * 256);
  });
});

describe('bind', () => {
  it('allocates on the bound node even from a remote vCPU (hit, other_node)', () => {
    const m = make({ kind: 'bind', nodes: [1] });
    m.access(0, 3);
    expect(m.nodeOf(3)).toBe(1);
    expect(stats(m).nodes[1]).toMatchObject({ numa_hit: 1, numa_miss: 0, other_node: 1, local_node: 0 });
  });

  it('picks the nearest allowed node, then the next allowed one when full', () => {
    const setup = { topology: NUMA4, vcpuNodes: [2], vcpuCpus: [8] };
    const m = make({ kind: 'bind', nodes: [0, 1] }, { ...setup, capacityPages: [10, 1, 10, 10] });
    m.access(0, 0); // node 2 → node 1 is 16 away, node 0 is 22
    m.access(0, 1); // node 1 full → node 0
    expect([m.nodeOf(0), m.nodeOf(1)]).toEqual([1, 0]);
    const s = stats(m);
    expect(s.nodes[1]).toMatchObject({ numa_hit: 1, numa_foreign: 1 });
    expect(s.nodes[0]).toMatchObject({ numa_miss: 1 });
    expect(s.nodes[2]).toMatchObject({ numa_hit: 0, numa_miss: 0, pages_used: 0 });
  });

  it('fails when every bound node is full: the page stays unplaced and the access is charged as local', () => {
    const m = make({ kind: 'bind', nodes: [1] }, { capacityPages: [100, 1] });
    m.access(1, 0);
    expect(m.access(0, 1)).toBe(100);
    expect(m.nodeOf(1)).toBe(UNPLACED);
    expect(stats(m).vcpus[0]?.alloc_failed).toBe(1);
    expect(stats(m).nodes[0]?.pages_used).toBe(0);
  });
});

describe('interleave', () => {
  it('spreads pages round-robin by frame number and counts interleave hits', () => {
    const m = make({ kind: 'interleave', nodes: [0, 1] });
    for (let f = 0; f < 10; f++) m.access(0, f);
    expect(Array.from({ length: 10 }, (_, f) => m.nodeOf(f))).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const s = stats(m);
    expect(s.nodes.map((n) => [n.numa_hit, n.interleave_hit, n.local_node, n.other_node])).toEqual([
      [5, 5, 5, 0],
      [5, 5, 0, 5],
    ]);
  });

  it('uses the set order on numa4 and falls back near the target without an interleave hit', () => {
    const m = make({ kind: 'interleave', nodes: [1, 3] }, { topology: NUMA4, vcpuNodes: [0], vcpuCpus: [0], capacityPages: [9, 9, 9, 1] });
    for (let f = 0; f < 4; f++) m.access(0, f);
    // frame 3 targets node 3 (full): nodes 2 and 0 are both 16 away from it; the lower id wins.
    expect([0, 1, 2, 3].map((f) => m.nodeOf(f))).toEqual([1, 3, 1, 0]);
    const s = stats(m);
    expect(s.nodes[0]).toMatchObject({ numa_miss: 1, interleave_hit: 0, local_node: 1 });
    expect(s.nodes[3]).toMatchObject({ numa_hit: 1, interleave_hit: 1, numa_foreign: 1 });
  });
});

describe('preferred', () => {
  it('uses the preferred node, then the node nearest to it', () => {
    const m = make({ kind: 'preferred', node: 1 }, { capacityPages: [10, 1] });
    m.access(0, 0);
    m.access(0, 1);
    expect([m.nodeOf(0), m.nodeOf(1)]).toEqual([1, 0]);
    const s = stats(m);
    expect(s.nodes[1]).toMatchObject({ numa_hit: 1, numa_foreign: 1, other_node: 1 });
    expect(s.nodes[0]).toMatchObject({ numa_miss: 1, local_node: 1 });
  });
});

describe('shared placement', () => {
  it('two NumaMemory views (two workers) on the same buffers agree and count a page once', () => {
    const setup: NumaSetup = { topology: RH65, policy: LOCAL_POLICY, vcpuNodes: [0, 1], guestFrames: 8, localAccessCycles: 10 };
    const shared = createNumaShared(setup);
    const w0 = new NumaMemory(setup, shared);
    const w1 = new NumaMemory(setup, shared);
    w1.access(1, 4);
    expect(w0.access(0, 4)).toBe(21);
    expect(w0.nodeOf(4)).toBe(1);
    const s = snapshotNumaStats(w0.stats);
    expect(s.nodes.map((n) => n.pages_used)).toEqual([0, 1]);
    expect(s.vcpus.map((v) => v.accesses_by_node)).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(s.vcpus[0]?.access_cycles).toBeUndefined();
  });
});
