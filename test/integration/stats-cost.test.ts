/**
 * The stats JSON's `cost` section: each vCPU's events and cycles by kind, published from the vCPU's thread at
 * quantum ends, add up to exactly what a guest with known events does (deterministic runs), and to the vCPU's
 * own cycle counter.
 */
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODERN, VTX_GEN1, type CostPreset, type CostRow } from '../../src-main/core/cost';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
import type { VmStats } from '../../src-main/engine/vm-stats';
import type { VmMode } from '../../src-main/engine/vm-config';
import { assembleFromDisk } from '../support/assemble-file';

const SYSCALL_LOOP = join(__dirname, '../guests/cost/syscall-loop.asm');
const ROUND_TRIPS = 100;

async function stats(mode: VmMode, preset: CostPreset, config: { threading?: 'single' | 'workers'; ept?: boolean; vpid?: boolean } = {}): Promise<VmStats> {
  const image = assembleFromDisk(SYSCALL_LOOP, [dirname(SYSCALL_LOOP)]).bytes;
  const vm = await VirtualMachine.create({ image, imageName: 'syscall-loop.asm', mode, cost: preset.name, deterministic: config.threading !== 'workers', timeoutMs: 20_000, ...config });
  vm.start();
  const r = await vm.wait();
  expect(r.outcome).toBe('debug-exit');
  expect(r.exitValue).toBe(0x2a);
  return r.stats;
}

const row = (rows: readonly CostRow[], kind: CostRow['kind']): CostRow => rows.find((r) => r.kind === kind)!;

/** Cycles of the kinds the CPU itself charges (every kind but the memory ones, which come from NUMA accounting). */
const cpuCharged = (rows: readonly CostRow[]): number => rows.filter((r) => r.kind !== 'MemoryLocal' && r.kind !== 'MemoryRemote').reduce((s, r) => s + r.cycles, 0);

describe('stats JSON cost section', () => {
  it('counts every system call of a native run exactly: one interrupt and two ring changes each', async () => {
    const s = await stats('native', MODERN);
    const total = s.cost.total;
    expect(s.cost.preset).toBe('modern');
    expect(row(total, 'Interrupt')).toMatchObject({ count: ROUND_TRIPS, cycles: ROUND_TRIPS * MODERN.cycles.Interrupt });
    // The IRET into ring 3 at the start, then INT and IRET per call.
    expect(row(total, 'PrivilegeTransition')).toMatchObject({ count: 2 * ROUND_TRIPS + 1, cycles: (2 * ROUND_TRIPS + 1) * MODERN.cycles.PrivilegeTransition });
    expect(row(total, 'Instruction').count).toBe(s.vcpus[0]!.instructions);
    for (const kind of ['TlbMiss', 'VmExit', 'VmEntry', 'TrapToVmm'] as const) expect(row(total, kind).count).toBe(0);
    // One vCPU: its rows are the totals; what the CPU charged is what RDTSC counts (one node: no remote accesses).
    expect(s.cost.vcpus[0]).toEqual(total);
    expect(cpuCharged(total)).toBe(s.vcpus[0]!.cycles);
    expect(row(total, 'MemoryLocal').count).toBe(s.vcpus[0]!.numa['accesses_local']);
  });

  it('is the same on every deterministic run', async () => {
    const a = await stats('native', VTX_GEN1);
    const b = await stats('native', VTX_GEN1);
    expect(a.cost).toEqual(b.cost);
    expect(row(a.cost.total, 'Interrupt').cycles).toBe(ROUND_TRIPS * VTX_GEN1.cycles.Interrupt);
  });

  it('shows the VM exits and entries of --mode vtx with their cycles', async () => {
    // The VT-x of the vtx-gen1 preset: no EPT, no VPID (with EPT the first system call's delivery would take an
    // EPT violation on its handler's page and be delivered again).
    const s = await stats('vtx', VTX_GEN1, { ept: false, vpid: false });
    const total = s.cost.total;
    // The guest's system calls stay inside the guest: no exit for them.
    expect(row(total, 'Interrupt').count).toBe(ROUND_TRIPS);
    const exits = s.vcpus[0]!.vmx.exits;
    expect(exits).toBeGreaterThan(0);
    expect(row(total, 'VmExit')).toMatchObject({ count: exits, cycles: exits * VTX_GEN1.cycles.VmExit });
    expect(row(total, 'VmEntry').count).toBe(s.vcpus[0]!.vmx.entries);
    expect(cpuCharged(total)).toBe(s.vcpus[0]!.cycles);
  });

  it('publishes from a worker thread too', async () => {
    const s = await stats('native', MODERN, { threading: 'workers' });
    expect(s.config.threading).toBe('workers');
    expect(row(s.cost.total, 'Interrupt').count).toBe(ROUND_TRIPS);
    expect(row(s.cost.total, 'Instruction').count).toBe(s.vcpus[0]!.instructions);
    expect(cpuCharged(s.cost.total)).toBe(s.vcpus[0]!.cycles);
  });
});
