import { describe, expect, it } from 'vitest';
import {
  balancingMayMoveTo, createNumaBalancing, createNumaShared, NO_NODE, NodeField, nodeSlot, NumaBalancing, NumaMemory,
  planNuma, RH65,
} from '../../../src-main/core/numa';
import type { Cpu } from '../../../src-main/core/cpu/cpu';
import { createNumaTables, VcpuNuma } from '../../../src-main/engine/numa-accounting';
import { PAGE_UNPLACED } from '../../../src-main/core/cpu/memory';

const MB = 1 << 20;

describe('NUMA balancing: the migration decision (two-stage filter)', () => {
  it('migrates only on the second consecutive hinting fault from the same remote node', () => {
    const b = new NumaBalancing(createNumaBalancing(8, 2));
    expect(b.hintFault(3, 0, 1)).toBe(NO_NODE); // first fault from node 1: remembered only
    expect(b.hintFault(3, 0, 1)).toBe(1); // second in a row: migrate to node 1
    expect(b.hintFault(4, 0, 1)).toBe(NO_NODE);
    expect(b.hintFault(4, 0, 0)).toBe(NO_NODE); // a local fault in between resets the filter
    expect(b.hintFault(4, 0, 1)).toBe(NO_NODE);
    expect(b.hintFault(4, 0, 1)).toBe(1);
    expect(b.hintFault(5, 1, 1)).toBe(NO_NODE); // already local
    expect(b.hintFault(5, 1, 1)).toBe(NO_NODE);
    const s = b.snapshot();
    expect([s.numa_hint_faults, s.numa_hint_faults_local]).toEqual([8, 3]);
  });

  it('the memory policy bounds the target (Linux mpol_misplaced)', () => {
    expect(balancingMayMoveTo({ kind: 'local' }, 3)).toBe(true);
    expect(balancingMayMoveTo({ kind: 'bind', nodes: [0, 2] }, 2)).toBe(true);
    expect(balancingMayMoveTo({ kind: 'bind', nodes: [0, 2] }, 1)).toBe(false);
    expect(balancingMayMoveTo({ kind: 'preferred', node: 0 }, 1)).toBe(false);
    expect(balancingMayMoveTo({ kind: 'interleave', nodes: [0, 1] }, 1)).toBe(false);
  });

  it('scan windows follow a shared cursor and wrap', () => {
    const b = new NumaBalancing(createNumaBalancing(10, 2, 4));
    expect([b.nextWindow(), b.nextWindow(), b.nextWindow()]).toEqual([0, 4, 8]);
  });
});

describe('NUMA balancing in the engine: scan, hinting fault, migration', () => {
  function setup() {
    const plan = planNuma({ topology: RH65, vcpus: 2, vcpupin: '0:0,1:6', policy: {}, guestBytes: 16 * MB, localAccessCycles: 190 });
    const numa = new NumaMemory(plan.setup, createNumaShared(plan.setup));
    const tables = createNumaTables(numa, plan, { balancing: true, scanPages: 64 });
    return { numa, tables, v0: new VcpuNuma(0, numa, plan, tables), v1: new VcpuNuma(1, numa, plan, tables) };
  }
  const used = (numa: NumaMemory, node: number): number => numa.stats.i32[nodeSlot(node, NodeField.pagesUsed)]!;
  const cpu = { memAccesses: 0, remoteAccesses: 0 } as unknown as Cpu;

  it('a frame vCPU 0 placed moves to node 1 after two scans where vCPU 1 faults on it first', () => {
    const { numa, tables, v0, v1 } = setup();
    v0.place(7);
    expect([numa.nodeOf(7), v1.table[7], used(numa, 0)]).toEqual([0, 209, 1]);
    v0.afterQuantum(cpu); // scans frames 0-63: frame 7 marked in both tables, its cost kept in the low bits
    expect([v0.table[7], v1.table[7], v0.table[8]]).toEqual([PAGE_UNPLACED | 0, PAGE_UNPLACED | 209, PAGE_UNPLACED | 0]);
    v1.place(7); // hinting fault 1 from node 1: remembered, not moved; the mark is cleared for both
    expect([numa.nodeOf(7), v0.table[7], v1.table[7]]).toEqual([0, 0, 209]);
    for (let k = 0; k < 4096 / 64; k++) v0.afterQuantum(cpu); // the cursor comes back round to frame 7
    expect(v1.table[7]).toBe(PAGE_UNPLACED | 209);
    v1.place(7); // hinting fault 2 from node 1: migrates
    expect([numa.nodeOf(7), v0.table[7], v1.table[7]]).toEqual([1, 209, 0]);
    expect([used(numa, 0), used(numa, 1)]).toEqual([0, 1]);
    const s = new NumaBalancing(tables.balancing!).snapshot();
    expect(s.numa_pages_migrated).toBe(1);
    expect(s.nodes).toEqual([{ migrated_in: 0, migrated_out: 1 }, { migrated_in: 1, migrated_out: 0 }]);
    expect(s.numa_pte_updates).toBe(2); // only placed frames are marked
  });

  it('a target node without room keeps the page where it is (pgmigrate_fail)', () => {
    const plan = planNuma({ topology: RH65, vcpus: 2, vcpupin: '0:0,1:6', policy: {}, guestBytes: 16 * MB, localAccessCycles: 190 });
    const setupFull = { ...plan.setup, capacityPages: [100, 0] };
    const numa = new NumaMemory(setupFull, createNumaShared(setupFull));
    const tables = createNumaTables(numa, plan, { balancing: true, scanPages: 4096 });
    const v0 = new VcpuNuma(0, numa, plan, tables), v1 = new VcpuNuma(1, numa, plan, tables);
    v0.place(7);
    for (let k = 0; k < 2; k++) { v0.afterQuantum(cpu); v1.place(7); }
    expect(numa.nodeOf(7)).toBe(0);
    expect(v1.table[7]).toBe(209);
    expect(new NumaBalancing(tables.balancing!).snapshot().pgmigrate_fail).toBe(1);
  });
});
