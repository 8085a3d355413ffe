/**
 * A vCPU's VMX figures through the control buffer: the vCPU side copies `cpu.vmxMode` and the counters of
 * `cpu.vmx` at each publish (every quantum end, pause and finish — never per instruction or per exit), the
 * VMM side reads them for the snapshot and the stats JSON without a message to any thread. The last failed
 * VM entry crosses as JSON in the vCPU's entry-failure slot, rewritten only when it changes.
 */
import type { Cpu } from '../core/cpu/cpu';
import { describeEntryFailure, type EntryCheckFailure } from '../core/vmx/entry-failure';
import { EXIT_REASON_COUNT, exitReasonName } from '../core/vmx/exit-reasons';
import { VMX_MODE_NAMES } from '../core/vmx/vmx-state';
import { CTR, ROW_SLOTS, VC, type ControlViews } from './vcpu-control';

export type VmxModeName = (typeof VMX_MODE_NAMES)[number];

export interface VmxLastExit {
  /** Full VM_EXIT_REASON (bit 31 set for a failed entry). */
  readonly reason: number;
  /** The basic reason's SDM name (CPUID, IO_INSTRUCTION, …). */
  readonly name: string;
  readonly qualification: number;
}

export interface VmxEntryFailure {
  /** describeEntryFailure's line: field, value, rule and SDM section. */
  readonly text: string;
  readonly field: string;
  readonly rule: string;
  readonly sdm: string;
}

export interface VmxSample {
  readonly mode: VmxModeName;
  /** Physical address of the current VMCS, or null. */
  readonly vmcs: number | null;
  readonly entries: number;
  readonly exits: number;
  /** Non-zero counts only, by reason name. */
  readonly exitsByReason: Record<string, number>;
  readonly lastExit: VmxLastExit | null;
  readonly lastEntryFailure: VmxEntryFailure | null;
}

/** What the vCPU side last wrote, so that unchanged figures are not copied again. */
export class VmxPublisher {
  private exits = -1;
  private failure: EntryCheckFailure | null = null;
  private readonly encoder = new TextEncoder();

  constructor(private readonly views: ControlViews, private readonly v: number) {}

  publish(cpu: Cpu): void {
    const views = this.views;
    const vmx = cpu.vmx;
    views.set(this.v, VC.vmxMode, cpu.vmxMode);
    const c = views.counters;
    const row = this.v * ROW_SLOTS;
    c[row + CTR.vmxEntries] = vmx.entries;
    c[row + CTR.vmcsPtr] = vmx.current === null ? 0 : vmx.current.addr + 1;
    c[row + CTR.vmxLastReason] = vmx.lastExitReason === -1 ? 0 : (vmx.lastExitReason >>> 0) + 1;
    c[row + CTR.vmxLastQualification] = vmx.lastExitQualification;
    if (vmx.exits !== this.exits) {
      this.exits = vmx.exits;
      c[row + CTR.vmxExits] = vmx.exits;
      c.set(vmx.exitsByReason, row + CTR.vmxExitsBase);
    }
    if (vmx.lastEntryFailure !== this.failure) {
      this.failure = vmx.lastEntryFailure;
      this.writeFailure(this.failure);
    }
  }

  private writeFailure(f: EntryCheckFailure | null): void {
    const { header, text } = this.views.entryFailureSlot(this.v);
    const json = f === null ? new Uint8Array(0) : this.encoder.encode(JSON.stringify(f));
    // A rule too long for the slot loses its tail; the reader shows what fits (JSON.parse fails → text only).
    const n = Math.min(json.length, text.length);
    Atomics.add(header, 0, 1); // odd: being rewritten
    text.set(json.subarray(0, n));
    Atomics.store(header, 1, n);
    Atomics.add(header, 0, 1);
  }
}

function readFailure(views: ControlViews, v: number): VmxEntryFailure | null {
  const { header, text } = views.entryFailureSlot(v);
  for (let attempt = 0; attempt < 4; attempt++) {
    const seq = Atomics.load(header, 0);
    if ((seq & 1) !== 0) continue;
    const n = Atomics.load(header, 1);
    const bytes = text.slice(0, n);
    if (Atomics.load(header, 0) !== seq) continue;
    if (n === 0) return null;
    try {
      const f = JSON.parse(new TextDecoder().decode(bytes)) as EntryCheckFailure;
      return { text: describeEntryFailure(f), field: f.field, rule: f.rule, sdm: f.sdm };
    } catch {
      return null;
    }
  }
  return null; // being rewritten right now: the next snapshot has it
}

/** vCPU v's VMX figures as last published. */
export function readVmxSample(views: ControlViews, v: number): VmxSample {
  const row = v * ROW_SLOTS;
  const c = views.counters;
  const exitsByReason: Record<string, number> = {};
  for (let r = 0; r < EXIT_REASON_COUNT; r++) {
    const n = c[row + CTR.vmxExitsBase + r]!;
    if (n !== 0) exitsByReason[exitReasonName(r)] = n;
  }
  const reason = c[row + CTR.vmxLastReason]! - 1;
  const ptr = c[row + CTR.vmcsPtr]! - 1;
  return {
    mode: VMX_MODE_NAMES[views.get(v, VC.vmxMode)] ?? 'off',
    vmcs: ptr < 0 ? null : ptr,
    entries: c[row + CTR.vmxEntries]!,
    exits: c[row + CTR.vmxExits]!,
    exitsByReason,
    lastExit: reason < 0 ? null
      : { reason: reason >>> 0, name: exitReasonName(reason), qualification: c[row + CTR.vmxLastQualification]! >>> 0 },
    lastEntryFailure: readFailure(views, v),
  };
}
