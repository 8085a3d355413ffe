/**
 * A vCPU's VMX state beyond its registers: where it is (off, root, non-root — `Cpu.vmxMode`, kept on the
 * CPU as a plain number for the hot loop), the VMXON region, the current VMCS and the VMCSs it holds, the
 * controls of the running guest decoded for the hot path, the counters the dashboards and stats show, and
 * the built-in VMM's exit handler.
 */
import type { Cpu } from '../cpu/cpu';
import type { Vmcs } from './vmcs';
import type { EntryCheckFailure } from './entry-failure';
import { EXIT_REASON_COUNT } from './exit-reasons';
import { ExitInfo } from './exit-info';

/** Cpu.vmxMode values. */
export const VMX_OFF = 0, VMX_ROOT = 1, VMX_NON_ROOT = 2;
export const VMX_MODE_NAMES = ['off', 'root', 'non-root'] as const;

/**
 * The built-in VMM of `--mode vtx` (KVM's kernel part). When a VMCS's guest exits and the vCPU has a sink,
 * the exit is recorded in the VMCS as always (guest state saved, exit reason, qualification, …), and then the
 * sink runs instead of the host state being loaded: the VMM is TypeScript, not guest code.
 */
export interface VmExitSink {
  /**
   * Handle the exit recorded in `vmcs`. Re-enter the guest through the VMX implementation's entry (VMRESUME
   * semantics, with its checks) or leave the vCPU stopped; the engine goes on either way.
   */
  onVmExit(cpu: Cpu, vmcs: Vmcs): void;
}

export class VmxState {
  /** Physical address of the VMXON region (meaningful while vmxMode !== VMX_OFF). */
  vmxonPtr = 0;
  /** The current VMCS, or null (the SDM's current-VMCS pointer FFFFFFFF_FFFFFFFFH). */
  current: Vmcs | null = null;
  /** VMCSs this processor holds (loaded by VMPTRLD and not cleared since), by region address. */
  readonly held = new Map<number, Vmcs>();
  /** Regions of VMCSs that were launched when VMXOFF ran and not cleared since (VMRESUME of one: error 6). */
  readonly launchedAtVmxoff = new Set<number>();

  // Controls of the guest running in non-root, copied from the VMCS at VM entry (the exit checks read these).
  pinControls = 0;
  cpuControls = 0;
  cpu2Controls = 0;
  exitControls = 0;
  exceptionBitmap = 0;
  pfErrorCodeMask = 0;
  pfErrorCodeMatch = 0;
  cr0Mask = 0;
  cr0Shadow = 0;
  cr4Mask = 0;
  cr4Shadow = 0;
  /** TSC_OFFSET added to cpu.tscOffset at entry ("use TSC offsetting"), taken off again at exit. */
  guestTscOffset = 0;
  /** CR2 before the last page fault raised in non-root: a #PF that exits leaves CR2 unchanged (SDM 28.1). */
  cr2BeforeFault = 0;
  /** The pending EPT violation or misconfiguration (cpu/ept.ts): guest-physical address, qualification, linear address. */
  eptGpa = 0;
  eptQualification = 0;
  eptLinear = 0;

  // Counters (the snapshot, the stats JSON and the trace read them).
  entries = 0;
  exits = 0;
  readonly exitsByReason = new Float64Array(EXIT_REASON_COUNT);
  /** Full VM_EXIT_REASON of the last exit (bit 31 for entry failures), -1 before any. */
  lastExitReason = -1;
  lastExitQualification = 0;
  /** The last VM entry that failed its checks, with the field and rule (null once an entry succeeds). */
  lastEntryFailure: EntryCheckFailure | null = null;
  /** VMX-abort indicator (SDM 28.7) of the exit that shut this vCPU down, 0 for none (vm-exit.ts vmxAbort). */
  abortIndicator = 0;

  /** Exit information the exit sources fill before calling vmExit (vm-exit.ts). */
  readonly exitInfo = new ExitInfo();

  /** The built-in VMM's handler (--mode vtx), or null: a student's hypervisor gets exits architecturally. */
  exitSink: VmExitSink | null = null;
}
