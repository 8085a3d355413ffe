/**
 * A vCPU's VMX state as the debugger shows it: where it is (off / root / non-root), the VMXON region, the
 * VMCSs it holds, the current VMCS decoded by field group, the counters, and the last failed VM entry with
 * its field, rule, SDM section and what the guest saw. Plain data: in worker mode it crosses a MessagePort.
 */
import type { Cpu } from '../cpu/cpu';
import { describeEntryFailure, entryFailureResult } from './entry-failure';
import { exitReasonName } from './exit-reasons';
import { decodeVmcs, type DecodedGroup } from './vmcs-decode';
import { VMX_MODE_NAMES, VMX_OFF } from './vmx-state';

export interface VmxView {
  readonly mode: (typeof VMX_MODE_NAMES)[number];
  /** Physical address of the VMXON region, or null outside VMX operation. */
  readonly vmxon: number | null;
  /** The current VMCS, decoded, or null. */
  readonly current: { readonly address: number; readonly launched: boolean; readonly groups: DecodedGroup[] } | null;
  /** Regions of the VMCSs the processor holds (VMPTRLD since their last VMCLEAR). */
  readonly held: number[];
  readonly entries: number;
  readonly exits: number;
  readonly lastExit: { readonly reason: number; readonly name: string; readonly qualification: number } | null;
  readonly lastEntryFailure: {
    readonly text: string;
    /** What the guest program saw: "VMfailValid(7): …" or "VM exit 0x80000021 …". */
    readonly result: string;
    readonly field: string;
    readonly rule: string;
    readonly sdm: string;
  } | null;
}

export function vmxView(cpu: Cpu): VmxView {
  const vmx = cpu.vmx;
  const vmcs = vmx.current;
  const f = vmx.lastEntryFailure;
  return {
    mode: VMX_MODE_NAMES[cpu.vmxMode] ?? 'off',
    vmxon: cpu.vmxMode === VMX_OFF ? null : vmx.vmxonPtr >>> 0,
    current: vmcs === null ? null : { address: vmcs.addr >>> 0, launched: vmcs.launched, groups: decodeVmcs(vmcs) },
    held: [...vmx.held.keys()].sort((a, b) => a - b),
    entries: vmx.entries,
    exits: vmx.exits,
    lastExit: vmx.lastExitReason === -1 ? null
      : { reason: vmx.lastExitReason >>> 0, name: exitReasonName(vmx.lastExitReason), qualification: vmx.lastExitQualification >>> 0 },
    lastEntryFailure: f === null ? null
      : { text: describeEntryFailure(f), result: entryFailureResult(f), field: f.field, rule: f.rule, sdm: f.sdm },
  };
}
