/**
 * The dashboards' pure data shaping: the bounded sample history (oldest dropped in place, gaps as null), access
 * rates from cumulative counts (per second; no rate across a counter reset), and the bar charts' figures grouped
 * by vCPU from a snapshot (categories once some vCPU counted them, in the given order).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MachineSnapshot, VcpuSnapshot } from '../../../src-main/core/api/contract';
import { SampleHistory } from '../../../src-renderer/src/dashboards/sample-history';
import { NodeAccessRates, ratePerSecond } from '../../../src-renderer/src/dashboards/access-rates';
import { cyclesByKind, deviceExitsByReason, hypercallsByName, trapsByReason, vmExitsByReason, vmmWork } from '../../../src-renderer/src/dashboards/snapshot-figures';

describe('SampleHistory', () => {
  it('keeps samples oldest first with gaps as null', () => {
    const h = new SampleHistory(4, 2);
    h.push(0, [1, NaN]);
    h.push(0.5, [2]);
    expect(h.length).toBe(2);
    expect(h.view()).toEqual([[0, 0.5], [1, 2], [null, null]]);
    expect(h.lastTime()).toBe(0.5);
  });

  it('drops the oldest sample once full, in the same arrays', () => {
    const h = new SampleHistory(3, 1);
    const [time, column] = h.view();
    for (let i = 0; i < 5; i++) h.push(i, [i * 10]);
    expect(h.length).toBe(3);
    expect(time).toEqual([2, 3, 4]);
    expect(column).toEqual([20, 30, 40]);
    expect(h.view()[0]).toBe(time); // no copy
    h.clear();
    expect(h.length).toBe(0);
    expect(Number.isNaN(h.lastTime())).toBe(true);
  });

  it('holds the last `capacity` samples whatever was pushed', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.double({ noNaN: true }), { maxLength: 60 }), (capacity, values) => {
      const h = new SampleHistory(capacity, 1);
      values.forEach((v, i) => h.push(i, [v]));
      const kept = values.slice(-capacity);
      expect(h.view()[1]).toEqual(kept);
      expect(h.view()[0]).toEqual(kept.map((_, i) => values.length - kept.length + i));
    }));
  });

  it('refuses an empty capacity', () => {
    expect(() => new SampleHistory(0, 1)).toThrow(RangeError);
  });
});

describe('access rates', () => {
  it('are accesses per second between two samples', () => {
    expect(ratePerSecond(1000, 3000, 500)).toBe(4000);
    expect(ratePerSecond(5, 5, 80)).toBe(0);
  });

  it('give no rate across a reset or without elapsed time', () => {
    expect(ratePerSecond(3000, 10, 80)).toBeNull();
    expect(ratePerSecond(0, 10, 0)).toBeNull();
    expect(ratePerSecond(0, 10, NaN)).toBeNull();
  });

  it('follow each node’s local and remote counts from sample to sample', () => {
    const rates = new NodeAccessRates();
    const out = new Array<number>(4);
    rates.sample(0, [{ localAccesses: 0, remoteAccesses: 0 }, { localAccesses: 10, remoteAccesses: 0 }], out);
    expect(out.every(Number.isNaN)).toBe(true); // the first sample has nothing to compare with
    rates.sample(100, [{ localAccesses: 50, remoteAccesses: 5 }, { localAccesses: 10, remoteAccesses: 20 }], out);
    expect(out).toEqual([500, 50, 0, 200]);
    rates.sample(200, [{ localAccesses: 1, remoteAccesses: 5 }, { localAccesses: 30, remoteAccesses: 20 }], out);
    expect(out[0]).toBeNaN(); // node 0's count went down: a new run
    expect(out.slice(1)).toEqual([0, 200, 0]);
    rates.reset();
    rates.sample(300, [{ localAccesses: 40, remoteAccesses: 20 }, { localAccesses: 30, remoteAccesses: 20 }], out);
    expect(out.every(Number.isNaN)).toBe(true);
  });
});

function vcpu(id: number, extra: Partial<VcpuSnapshot>): VcpuSnapshot {
  return {
    id, ring: 0, vmx: 'off', state: 'running', hostCpu: id, node: 0, eip: 0, instructions: 0, cycles: 0,
    exits: { io_in: 0, io_out: 0, hlt: 0, finished: 0 }, ...extra,
  };
}

describe('bar-chart figures from a snapshot', () => {
  const snapshot: MachineSnapshot = {
    runId: 1,
    nodes: [],
    vcpus: [
      vcpu(0, {
        exits: { io_in: 0, io_out: 7, hlt: 1, finished: 1 },
        vmxInfo: { vmcs: 0x1000, entries: 9, exits: 8, exitsByReason: { IO_INSTRUCTION: 5, CPUID: 3 }, lastExit: null, lastEntryFailure: null },
        vmm: { traps: 4, emulations: 2, hypercalls: 0, hypercall_errors: 0, bt_blocks: 9 },
        trapsByReason: { 'INT n': 1, '#GP': 2, interrupt: 1, '#PF': 0 },
        hypercallsByName: {},
        cyclesByKind: { instruction: 100, 'page-walk': 0, 'vm-exit': 50 },
      }),
      vcpu(1, {
        vmxInfo: { vmcs: null, entries: 0, exits: 1, exitsByReason: { HLT: 1 }, lastExit: null, lastEntryFailure: null },
        vmm: { traps: 1, emulations: 0, hypercalls: 3, hypercall_errors: 1 },
        trapsByReason: { '#PF': 1 },
        hypercallsByName: { mmu_update: 2, console_io: 1 },
        cyclesByKind: { instruction: 20, 'page-walk': 4, 'vm-exit': 0 },
      }),
    ],
  };

  it('groups VM exits by reason, one row per vCPU', () => {
    expect(vmExitsByReason(snapshot)).toEqual({ categories: ['CPUID', 'HLT', 'IO_INSTRUCTION'], values: [[3, 0, 5], [0, 1, 0]], total: 9 });
  });

  it('keeps device exits in their order, without the vCPU’s own end', () => {
    expect(deviceExitsByReason(snapshot)).toEqual({ categories: ['io_out', 'hlt'], values: [[7, 1], [0, 0]], total: 8 });
  });

  it('orders traps by reason as the vectors go, then interrupts and INT n', () => {
    expect(trapsByReason(snapshot)).toEqual({ categories: ['#GP', '#PF', 'interrupt', 'INT n'], values: [[2, 0, 1, 1], [0, 1, 0, 0]], total: 5 });
  });

  it('names hypercalls, and shows what the VMM did without its totals or unrelated counters', () => {
    expect(hypercallsByName(snapshot)).toEqual({ categories: ['console_io', 'mmu_update'], values: [[0, 0], [1, 2]], total: 3 });
    expect(vmmWork(snapshot)).toEqual({ categories: ['emulations', 'hypercall_errors'], values: [[2, 0], [0, 1]], total: 3 });
  });

  it('lists the cost kinds with cycles, in the kinds’ order', () => {
    expect(cyclesByKind(snapshot, ['instruction', 'page-walk', 'vm-exit', 'ept-walk'])).toEqual({
      categories: ['instruction', 'page-walk', 'vm-exit'], values: [[100, 0, 50], [20, 4, 0]], total: 174,
    });
  });

  it('is empty without a snapshot or a native machine’s VMM counters', () => {
    expect(vmExitsByReason(null)).toEqual({ categories: [], values: [], total: 0 });
    expect(trapsByReason({ ...snapshot, vcpus: [vcpu(0, {})] })).toEqual({ categories: [], values: [[]], total: 0 });
  });
});
