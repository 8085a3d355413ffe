import { describe, expect, it } from 'vitest';
import { createNumaShared, NodeField, nodeSlot, NumaMemory, NUMA4, planNuma, RH65, UNPLACED } from '../../../src-main/core/numa';
import type { Cpu } from '../../../src-main/core/cpu/cpu';
import { createNumaTables, extraCosts, guestPagesTotal, VcpuNuma } from '../../../src-main/engine/numa-accounting';
import { PAGE_UNPLACED } from '../../../src-main/core/cpu/memory';

const MB = 1 << 20;

function setup(policy: Parameters<typeof planNuma>[0]['policy'] = {}, topology = RH65, vcpus = 2, vcpupin = '0:0,1:6') {
  const plan = planNuma({ topology, vcpus, vcpupin, policy, guestBytes: 16 * MB, localAccessCycles: 190 });
  const numa = new NumaMemory(plan.setup, createNumaShared(plan.setup));
  const tables = createNumaTables(numa, plan);
  const vcpu = (v: number): VcpuNuma => new VcpuNuma(v, numa, plan, tables);
  return { plan, numa, tables, vcpu };
}

/** The fields of Cpu that VcpuNuma reads. */
function fakeCpu(): Cpu {
  return { memAccesses: 0, remoteAccesses: 0 } as unknown as Cpu;
}

describe('NUMA accounting in the engine', () => {
  it('extra cycles per access: 0 local, remote − local otherwise', () => {
    const { numa, plan } = setup();
    expect([...extraCosts(numa, plan)]).toEqual([0, 209, 209, 0]); // 190 × 21/10 = 399
  });

  it('marks every page unplaced, with what it will cost if this vCPU places it', () => {
    const local = setup();
    expect(local.vcpu(0).table[5]).toBe(PAGE_UNPLACED | 0);
    expect(local.vcpu(1).table[5]).toBe(PAGE_UNPLACED | 0);
    const bind = setup({ membind: '1' });
    expect(bind.vcpu(0).table[5]).toBe(PAGE_UNPLACED | 209);
    expect(bind.vcpu(1).table[5]).toBe(PAGE_UNPLACED | 0);
    const il = setup({ interleave: '0,1' });
    expect([il.vcpu(0).table[4], il.vcpu(0).table[5]]).toEqual([PAGE_UNPLACED | 0, PAGE_UNPLACED | 209]);
  });

  it('the first touch places a frame by the touching vCPU\'s node and rewrites every vCPU\'s table', () => {
    const { numa, vcpu } = setup();
    const a = vcpu(0), b = vcpu(1);
    const touchA = a.cpuOptions().firstTouch, touchB = b.cpuOptions().firstTouch;
    touchA(0x100); touchA(0x800);
    touchB(0x800); touchB(0x900); // 0x800 is placed already: it stays on node 0
    expect([numa.nodeOf(0x100), numa.nodeOf(0x800), numa.nodeOf(0x900), numa.nodeOf(0x901)]).toEqual([0, 0, 1, UNPLACED]);
    expect([a.table[0x800], b.table[0x800], a.table[0x900], b.table[0x900]]).toEqual([0, 209, 209, 0]);
    expect([a.table[0x901], b.table[0x901]]).toEqual([PAGE_UNPLACED, PAGE_UNPLACED]);
    expect(numa.stats.i32[nodeSlot(0, NodeField.pagesUsed)]).toBe(2); // each page counted once
  });

  it('a frame no allowed node has room for stays marked unplaced', () => {
    const plan = planNuma({ topology: RH65, vcpus: 1, vcpupin: '0:0', policy: { membind: '1' }, guestBytes: 16 * MB, localAccessCycles: 190 });
    const numa = new NumaMemory({ ...plan.setup, capacityPages: [100, 0] }, createNumaShared({ ...plan.setup, capacityPages: [100, 0] }));
    const v = new VcpuNuma(0, numa, plan, createNumaTables(numa, plan));
    v.place(7);
    expect(numa.nodeOf(7)).toBe(UNPLACED);
    expect(v.table[7]).toBe(PAGE_UNPLACED | 209);
  });

  it('costs wider than a byte are kept exactly (a custom topology with a far node)', () => {
    const far = { name: 'far', nodes: [{ cpus: [0], sizeMB: 1024, freeMB: 1024 }, { cpus: [1], sizeMB: 1024, freeMB: 1024 }], distances: [[10, 250], [250, 10]] };
    const s = setup({}, far, 2, '0:0,1:1');
    expect([...extraCosts(s.numa, s.plan)]).toEqual([0, 4560, 4560, 0]); // 190 × 250/10 − 190
    s.vcpu(1).place(3);
    expect(s.vcpu(0).table[3]).toBe(4560);
  });

  it('moves the CPU\'s access counts into the access matrix', () => {
    const { numa, vcpu } = setup();
    const a = vcpu(0);
    const cpu = fakeCpu() as unknown as { memAccesses: number; remoteAccesses: number };
    cpu.memAccesses = 100; cpu.remoteAccesses = 30;
    a.countAccesses(cpu as unknown as Cpu);
    cpu.memAccesses = 110;
    a.countAccesses(cpu as unknown as Cpu);
    expect([...numa.stats.accesses.subarray(0, 2)]).toEqual([80, 30]);
  });

  it('pages_total is the guest RAM share that may live on each node', () => {
    const frames = (16 * MB) / 4096;
    const total = (p: Parameters<typeof setup>[0], t = RH65, n = 2, pin = '0:0,1:6'): number[] => { const s = setup(p, t, n, pin); return guestPagesTotal(s.numa, s.plan); };
    expect(total({})).toEqual([frames, frames]);
    expect(total({ membind: '1' })).toEqual([0, frames]);
    expect(total({ interleave: '0,1' })).toEqual([frames / 2, frames / 2]);
    expect(total({ preferred: '1' })).toEqual([frames, frames]);
    expect(total({ interleave: '0,2' }, NUMA4, 1, '0:0')).toEqual([frames / 2, 0, frames / 2, 0]);
  });
});
