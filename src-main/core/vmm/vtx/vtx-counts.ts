/** A vCPU's VM entries and exits by reason, for the vCPU's final report and the stats JSON. */
import { exitReasonName } from '../../vmx/exit-reasons';
import type { VmxState } from '../../vmx/vmx-state';

export interface VtxCounts {
  readonly entries: number;
  readonly exits: number;
  /** Exits by the SDM's reason name (`CPUID`, `IO_INSTRUCTION`, …), reasons that occurred only. */
  readonly exits_by_reason: Readonly<Record<string, number>>;
}

export function vtxCounts(vmx: VmxState): VtxCounts {
  const byReason: Record<string, number> = {};
  vmx.exitsByReason.forEach((n, reason) => {
    if (n > 0) byReason[exitReasonName(reason)] = n;
  });
  return { entries: vmx.entries, exits: vmx.exits, exits_by_reason: byReason };
}
