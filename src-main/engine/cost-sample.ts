/**
 * A vCPU's events and cycles by CPU cost kind (core/cpu/costs.ts) through the control buffer: the vCPU side
 * copies them at each publish (quantum end, pause, finish — never per event), the VMM side reads them for
 * the stats JSON's `cost` section without a message to any thread. Same pattern as vmx-sample.ts.
 *
 * Cycles of kind k are its count × the cycles the CPU charges for it (CpuOptions.costs; without a cost
 * vector an instruction costs 1 and the other events nothing, as Cpu.charge does). Instructions are counted
 * in `cpu.instructions`, not in `eventCounts`, so the instruction slot takes that count.
 */
import type { Cpu } from '../core/cpu/cpu';
import { COST_INSTRUCTION, COST_KINDS } from '../core/cpu/costs';
import { CTR, ROW_SLOTS, type ControlViews } from './vcpu-control';

if (CTR.costBase + 2 * COST_KINDS > ROW_SLOTS) throw new Error('vcpu-control: the counter row has no room for every CPU cost kind');

/** Cycles the CPU charges for one event of `kind` (Cpu.charge's rule). */
function unitCost(cpu: Cpu, kind: number): number {
  const c = cpu.costs;
  return c ? (c[kind] as number) : kind === COST_INSTRUCTION ? 1 : 0;
}

/** Copies vCPU `cpu`'s per-kind counts and cycles into its counter row. Allocation-free. */
export function publishCostSample(views: ControlViews, v: number, cpu: Cpu): void {
  const c = views.counters;
  const base = v * ROW_SLOTS + CTR.costBase;
  const counts = cpu.eventCounts;
  for (let k = 0; k < COST_KINDS; k++) {
    const n = k === COST_INSTRUCTION ? cpu.instructions : (counts[k] as number);
    c[base + 2 * k] = n;
    c[base + 2 * k + 1] = n * unitCost(cpu, k);
  }
}

/** vCPU v's count and cycles of CPU cost kind `kind`, as last published. */
export function readCostSample(views: ControlViews, v: number, kind: number): { readonly count: number; readonly cycles: number } {
  const i = v * ROW_SLOTS + CTR.costBase + 2 * kind;
  return { count: views.counters[i] as number, cycles: views.counters[i + 1] as number };
}
