/**
 * What the dashboards' bar charts show, shaped from one snapshot: categories (reasons, kinds) and one value
 * per vCPU for each. Pure, so the stores and the tests share it.
 */
import type { MachineSnapshot, VcpuSnapshot } from '@core/api/contract';
import { TRAP_REASON_NAMES } from '@core/vmm/soft/trap-reasons';

/** Bars by category: categories[i] has values[v][i] for vCPU v. */
export interface GroupedCounts {
  readonly categories: readonly string[];
  /** One row per vCPU (in snapshot order), one value per category. */
  readonly values: readonly (readonly number[])[];
  readonly total: number;
}

/**
 * What the software VMM did with its traps (vmm-stats.ts names), in the order the chart shows them: the work
 * the traps caused, beside the traps by reason.
 */
export const VMM_WORK_COUNTERS = [
  'emulations', 'reflections', 'io_forwarded', 'page_faults_seen', 'hidden_faults', 'pt_writes', 'cr3_loads',
  'gdt_write_traps', 'interrupts_deferred', 'stale_shadow_restarts', 'bt_callouts', 'holes', 'hypercall_errors',
] as const;


/**
 * Groups `pick(vcpu)` (counts by name) over every vCPU; a category shows once some vCPU has a non-zero count,
 * in `order` when given (else alphabetically).
 */
export function groupCounts(
  vcpus: readonly VcpuSnapshot[],
  pick: (v: VcpuSnapshot) => Readonly<Record<string, number>> | undefined,
  order?: readonly string[],
): GroupedCounts {
  const seen = new Set<string>();
  for (const v of vcpus) for (const [k, n] of Object.entries(pick(v) ?? {})) if (n > 0) seen.add(k);
  const categories = order ? order.filter((k) => seen.has(k)) : [...seen].sort();
  let total = 0;
  const values = vcpus.map((v) => {
    const counts = pick(v) ?? {};
    return categories.map((k) => {
      const n = counts[k] ?? 0;
      total += n;
      return n;
    });
  });
  return { categories, values, total };
}

/** VM exits (VT-x) by the SDM's reason name. */
export const vmExitsByReason = (s: MachineSnapshot | null): GroupedCounts => groupCounts(s?.vcpus ?? [], (v) => v.vmxInfo?.exitsByReason);
/** Exits to the device model (io_in, io_out, mmio_*, hlt, …): what KVM_RUN returns to user space; `finished` left out. */
export const deviceExitsByReason = (s: MachineSnapshot | null): GroupedCounts =>
  groupCounts(s?.vcpus ?? [], (v) => v.exits, ['io_in', 'io_out', 'mmio_read', 'mmio_write', 'hlt', 'ioapic_eoi', 'shutdown', 'debug', 'internal_error']);
/** Traps to the software VMM by reason: #GP, #PF, … then interrupt, NMI, INT n. */
export const trapsByReason = (s: MachineSnapshot | null): GroupedCounts => groupCounts(s?.vcpus ?? [], (v) => v.trapsByReason, TRAP_REASON_NAMES);
/** What the VMM did with them (emulated, reflected, forwarded, …). */
export const vmmWork = (s: MachineSnapshot | null): GroupedCounts => groupCounts(s?.vcpus ?? [], (v) => v.vmm, VMM_WORK_COUNTERS);
/** Hypercalls by name. */
export const hypercallsByName = (s: MachineSnapshot | null): GroupedCounts => groupCounts(s?.vcpus ?? [], (v) => v.hypercallsByName);
/** Cycles by CPU cost kind (core/cpu/costs.ts order), kinds with cycles only. */
export const cyclesByKind = (s: MachineSnapshot | null, kinds: readonly string[]): GroupedCounts => groupCounts(s?.vcpus ?? [], (v) => v.cyclesByKind, kinds);

/** The VMX world as a level for the timeline: 0 off, 1 root, 2 non-root. */
export const VMX_LEVEL = { off: 0, root: 1, 'non-root': 2 } as const;
