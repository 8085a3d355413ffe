import { describe, expect, it } from 'vitest';
import {
  attachCostCounters,
  buildCostReport,
  COST_PRESETS,
  costPreset,
  costTable,
  CostMeter,
  cpuCostVector,
  createCostCounters,
  EVENT_KIND_COUNT,
  EVENT_KIND_NAMES,
  EventKind,
  formatCostComparison,
  formatCostReport,
  MODERN,
  VTX_GEN1,
} from '../../../src-main/core/cost';
import * as cpu from '../../../src-main/core/cpu/costs';
import { createNumaShared, NumaMemory, RH65, snapshotNumaStats } from '../../../src-main/core/numa';

describe('event kinds', () => {
  it('are dense typed-array indices with names in index order', () => {
    const values = Object.values(EventKind).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: EVENT_KIND_COUNT }, (_, i) => i));
    EVENT_KIND_NAMES.forEach((name, i) => expect(EventKind[name]).toBe(i));
  });
});

describe('presets', () => {
  it('give every kind a non-negative cost and a source', () => {
    for (const p of Object.values(COST_PRESETS)) {
      for (const kind of EVENT_KIND_NAMES) {
        expect(p.cycles[kind]).toBeGreaterThanOrEqual(0);
        expect(p.sources[kind].length).toBeGreaterThan(10);
      }
    }
  });

  it('vtx-gen1 has the slow first-generation round trip, modern a few hundred cycles', () => {
    const roundTrip = (p: typeof MODERN) => p.cycles.VmExit + p.cycles.VmEntry;
    expect(roundTrip(VTX_GEN1)).toBeGreaterThanOrEqual(1800);
    expect(roundTrip(MODERN)).toBeGreaterThanOrEqual(200);
    expect(roundTrip(MODERN)).toBeLessThan(1000);
    expect(VTX_GEN1.sources.VmExit).toMatch(/Adams & Agesen/);
    expect(VTX_GEN1.sources.VmExit).toMatch(/ASPLOS 2006/);
    expect(costPreset('vtx-gen1')).toBe(VTX_GEN1);
    expect(costPreset('constructor')).toBeUndefined();
  });

  it('MemoryRemote is the display value MemoryLocal × 2.1', () => {
    for (const p of Object.values(COST_PRESETS)) expect(p.cycles.MemoryRemote).toBe(Math.round(p.cycles.MemoryLocal * 2.1));
  });

  it('turn into a typed table indexed by kind', () => {
    const t = costTable(VTX_GEN1);
    expect(t).toBeInstanceOf(Float64Array);
    expect(t[EventKind.VmExit]).toBe(VTX_GEN1.cycles.VmExit);
    expect(t[EventKind.Interrupt]).toBe(VTX_GEN1.cycles.Interrupt);
  });
});

describe('counters', () => {
  it('charge count and cycles per kind in a shared buffer other views can read', () => {
    const counters = createCostCounters(2);
    expect(counters.buffer).toBeInstanceOf(SharedArrayBuffer);
    const m1 = new CostMeter(counters, 1, costTable(MODERN));
    expect(m1.charge(EventKind.VmExit)).toBe(250);
    m1.charge(EventKind.VmEntry);
    expect(m1.chargeMany(EventKind.Instruction, 1000)).toBe(1000);
    m1.chargeCycles(EventKind.Emulation, 2, 333);
    const other = new CostMeter(attachCostCounters(counters.buffer), 1, costTable(MODERN));
    expect(other.count(EventKind.VmExit)).toBe(1);
    expect(other.cycles(EventKind.Emulation)).toBe(333);
    expect(other.totalCycles()).toBe(250 + 250 + 1000 + 333);
    expect(new CostMeter(counters, 0, costTable(MODERN)).totalCycles()).toBe(0);
    expect(() => new CostMeter(counters, 2, costTable(MODERN))).toThrow(RangeError);
    expect(() => attachCostCounters(new SharedArrayBuffer(64))).toThrow(/not a cost counter buffer/);
  });
});

describe('report', () => {
  it('gives cycles per kind per vCPU and in total, with shares', () => {
    const counters = createCostCounters(2);
    const table = costTable(VTX_GEN1);
    new CostMeter(counters, 0, table).chargeMany(EventKind.Instruction, 600);
    const m1 = new CostMeter(counters, 1, table);
    m1.charge(EventKind.VmExit);
    m1.charge(EventKind.VmEntry);
    const r = buildCostReport(counters, VTX_GEN1);
    const { VmExit, VmEntry } = VTX_GEN1.cycles;
    expect(r.totalCycles).toBe(600 + VmExit + VmEntry);
    const exit = r.total.find((row) => row.kind === 'VmExit');
    expect(exit).toMatchObject({ count: 1, cycles: VmExit, share: VmExit / (600 + VmExit + VmEntry) });
    expect(r.vcpus[0]?.find((row) => row.kind === 'Instruction')).toMatchObject({ count: 600, cycles: 600, share: 1 });
    const text = formatCostReport(r);
    expect(text).toContain('cost model: vtx-gen1 (3.8 GHz)');
    expect(text).toMatch(new RegExp(`VM exits\\s+1\\s+${VmExit.toLocaleString('en-US')}\\s+${((100 * VmExit) / r.totalCycles).toFixed(1)}%`));
    expect(text).not.toContain('hypercalls');
  });

  it('takes memory figures from the NUMA accounting', () => {
    const setup = { topology: RH65, policy: { kind: 'local' as const }, vcpuNodes: [0, 1], guestFrames: 16, localAccessCycles: MODERN.cycles.MemoryLocal };
    const numa = new NumaMemory(setup, createNumaShared(setup));
    numa.access(0, 0); // local
    numa.access(1, 0); // remote, 399 cycles
    numa.access(1, 0);
    const counters = createCostCounters(2);
    const r = buildCostReport(counters, MODERN, { snapshot: snapshotNumaStats(numa.stats), costTable: numa.costTable });
    expect(r.total.find((row) => row.kind === 'MemoryLocal')).toMatchObject({ count: 1, cycles: 190 });
    expect(r.total.find((row) => row.kind === 'MemoryRemote')).toMatchObject({ count: 2, cycles: 798 });
    expect(r.vcpus[1]?.find((row) => row.kind === 'MemoryRemote')?.cycles).toBe(798);
  });

  it('compares techniques side by side', () => {
    const run = (exits: number, traps: number) => {
      const c = createCostCounters(1);
      const m = new CostMeter(c, 0, costTable(VTX_GEN1));
      m.chargeMany(EventKind.Instruction, 100);
      m.chargeMany(EventKind.VmExit, exits);
      m.chargeMany(EventKind.TrapToVmm, traps);
      return buildCostReport(c, VTX_GEN1);
    };
    const text = formatCostComparison([
      { label: 'vtx', report: run(3, 0) },
      { label: 'trap', report: run(0, 3) },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^cycles\s+vtx\s+trap$/);
    const n = (x: number): string => x.toLocaleString('en-US');
    const { VmExit, TrapToVmm } = VTX_GEN1.cycles;
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^VM exits\\s+${n(3 * VmExit)}\\s+0$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^traps to VMM\\s+0\\s+${n(3 * TrapToVmm)}$`)));
    expect(lines.at(-1)).toMatch(new RegExp(`^total\\s+${n(100 + 3 * VmExit)}\\s+${n(100 + 3 * TrapToVmm)}$`));
  });
});

describe('the CPU\'s cost vector', () => {
  it('charges each CPU event the preset\'s cycles for the cost-model event it is', () => {
    for (const p of [MODERN, VTX_GEN1]) {
      const v = cpuCostVector(p);
      expect(v.length).toBe(cpu.COST_KINDS);
      expect(v[cpu.COST_INSTRUCTION]).toBe(p.cycles.Instruction);
      expect(v[cpu.COST_PAGE_WALK]).toBe(p.cycles.TlbMiss);
      expect(v[cpu.COST_EXCEPTION]).toBe(p.cycles.Interrupt);
      expect(v[cpu.COST_INTERRUPT]).toBe(p.cycles.Interrupt);
      expect(v[cpu.COST_PRIVILEGE_CHANGE]).toBe(p.cycles.PrivilegeTransition);
      expect(v[cpu.COST_TASK_SWITCH]).toBe(p.cycles.PrivilegeTransition);
    }
  });
});
