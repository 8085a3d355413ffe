/**
 * VM exit (SDM chapter 28): record the exit in the current VMCS, save the guest state, then either load the
 * host state (a student's hypervisor continues at HOST_RIP in VMX root) or hand the exit to the built-in
 * VMM's sink (--mode vtx).
 *
 *   vmExit ──► exit-information fields (reason, qualification, cpu.vmx.exitInfo)
 *          ──► guest state → VMCS, VM-exit MSR-store area          (not for a failed VM entry: no guest ran)
 *          ──► counters, trace, cost; vmxMode = root
 *          ──► sink? sink.onVmExit(cpu, vmcs)                       (--mode vtx: the VMM is TypeScript; it
 *                                                                   runs on the guest's TLB, without EPT)
 *              else host state, VM-exit MSR-load area, host TLB   (a failure there is a VMX abort;
 *                   (VPID 0's: flushed unless the guest had its own VPID)
 *
 * The exit ends the engine's block (forceBlockEnd, a new fetch epoch): the next instruction is the host's.
 */
import type { Cpu } from '../cpu/cpu';
import { COST_VM_EXIT } from '../cpu/costs';
import { STOP_TRIPLE_FAULT } from '../cpu/exceptions';
import { writePhys32 } from '../cpu/memory';
import { EV_VM_EXIT, EV_VMX_ABORT } from '../cpu/trace';
import { INTR_INFO_VALID, INTR_TYPE_NMI } from './event-injection';
import { EXIT_REASON_COUNT, EXIT_REASON_ENTRY_FAILURE, ExitReason } from './exit-reasons';
import type { ExitInfo } from './exit-info';
import { saveGuestState } from './guest-state';
import { loadHostState } from './host-state';
import { loadMsrArea, storeMsrArea } from './msr-areas';
import { VMCS_OFFSET_ABORT, type Vmcs } from './vmcs';
import { F } from './vmcs-fields';
import { VMX_ROOT } from './vmx-state';
import { useHostTlb } from '../cpu/tlb-contexts';
import type { UiText } from '../api/ui-text';

export { ExitInfo } from './exit-info';

/** VMX-abort indicators (SDM 28.7). */
export const ABORT_SAVING_GUEST_MSRS = 1, ABORT_LOADING_HOST_MSRS = 4;
const ABORT_TEXT: Readonly<Record<number, string>> = {
  [ABORT_SAVING_GUEST_MSRS]: 'a VM-exit MSR-store entry could not be stored (SDM 28.4)',
  [ABORT_LOADING_HOST_MSRS]: 'a VM-exit MSR-load entry could not be loaded (SDM 28.6)',
};

/** "VMX abort 4: a VM-exit MSR-load entry could not be loaded (SDM 28.6)": the report of a shut-down vCPU. */
export function describeVmxAbort(indicator: number): string {
  return `VMX abort ${indicator}: ${ABORT_TEXT[indicator] ?? 'unknown cause'} — the logical processor shuts down (SDM 28.7)`;
}

/** describeVmxAbort as a message the UI translates (core/api/ui-text.ts). */
export function vmxAbortUi(indicator: number): UiText {
  const cause = ABORT_TEXT[indicator] === undefined ? 'unknown' : String(indicator);
  return { key: 'reports.vmxAbort', params: { indicator, cause: { key: `reports.abortCause.${cause}` } } };
}

/**
 * Leave VMX non-root with basic exit `reason` (ExitReason; bit 31 for entry failures) and `qualification`.
 *
 * Exit sources call it with the guest state as the exit must save it: GUEST_RIP is cpu.insnEip — the exiting
 * instruction, or the faulting one for a fault (EIP still at it). An exit at an instruction boundary (an
 * external interrupt, the interrupt window, a trap such as a single-step #DB) sets cpu.insnEip = cpu.eip first.
 */
export function vmExit(cpu: Cpu, reason: number, qualification: number): void {
  const vmx = cpu.vmx;
  const vmcs = vmx.current;
  if (vmcs === null) throw new Error('VM exit without a current VMCS');
  cpu.eptRoot = -1; // root operation translates without EPT
  writeExitInformation(vmcs, reason, qualification, vmx.exitInfo);
  vmx.exitInfo.clear();
  // The TSC the guest saw was offset; the exit (and its MSR-store area) sees the processor's own again.
  cpu.tscOffset -= vmx.guestTscOffset;
  vmx.guestTscOffset = 0;
  if ((reason & EXIT_REASON_ENTRY_FAILURE) === 0) {
    vmcs.write(F.VM_ENTRY_INTR_INFO_FIELD, vmcs.read(F.VM_ENTRY_INTR_INFO_FIELD) & ~INTR_INFO_VALID);
    saveGuestState(cpu, vmcs);
    // An NMI that exits (NMI exiting) blocks further NMIs once the guest state is saved (SDM 28.1).
    if (reason === ExitReason.EXCEPTION_NMI && ((vmcs.read(F.VM_EXIT_INTR_INFO) >>> 8) & 7) === INTR_TYPE_NMI) cpu.nmiBlocked = true;
    cpu.trace.record(EV_VM_EXIT, cpu.instructions, cpu.insnEip, reason >>> 0, qualification >>> 0);
    if (storeMsrArea(cpu, vmcs.read(F.VM_EXIT_MSR_STORE_ADDR) >>> 0, vmcs.read(F.VM_EXIT_MSR_STORE_COUNT) >>> 0) !== 0) {
      vmxAbort(cpu, vmcs, ABORT_SAVING_GUEST_MSRS);
      return;
    }
  }
  vmx.exits++;
  const basic = reason & 0xffff;
  if (basic < EXIT_REASON_COUNT) vmx.exitsByReason[basic]!++;
  vmx.lastExitReason = reason >>> 0;
  vmx.lastExitQualification = qualification >>> 0;
  cpu.charge(COST_VM_EXIT);
  cpu.vmxMode = VMX_ROOT;
  cpu.forceBlockEnd = true;
  const sink = vmx.exitSink;
  if (sink !== null) {
    cpu.fetchEpoch++;
    sink.onVmExit(cpu, vmcs);
    return;
  }
  loadHostState(cpu, vmcs);
  // With VPID the guest's translations stay in its own TLB and the host's come back; without, the guest
  // used VPID 0's TLB and the exit flushes it (and starts a new fetch epoch).
  if (useHostTlb(cpu)) cpu.flushTlb(false);
  if (loadMsrArea(cpu, vmcs.read(F.VM_EXIT_MSR_LOAD_ADDR) >>> 0, vmcs.read(F.VM_EXIT_MSR_LOAD_COUNT) >>> 0) !== 0) {
    vmxAbort(cpu, vmcs, ABORT_LOADING_HOST_MSRS);
  }
}

/** The VM-exit information fields (SDM 28.2): what the exit source gave, zero for what it did not. */
function writeExitInformation(vmcs: Vmcs, reason: number, qualification: number, info: ExitInfo): void {
  vmcs.write(F.VM_EXIT_REASON, reason);
  vmcs.write(F.EXIT_QUALIFICATION, qualification);
  vmcs.write(F.VM_EXIT_INTR_INFO, info.intrInfo);
  vmcs.write(F.VM_EXIT_INTR_ERROR_CODE, info.intrErrorCode);
  vmcs.write(F.IDT_VECTORING_INFO_FIELD, info.idtVectoringInfo);
  vmcs.write(F.IDT_VECTORING_ERROR_CODE, info.idtVectoringErrorCode);
  vmcs.write(F.VM_EXIT_INSTRUCTION_LEN, info.instructionLength);
  vmcs.write(F.VMX_INSTRUCTION_INFO, info.instructionInfo);
  vmcs.write(F.GUEST_LINEAR_ADDRESS, info.guestLinear);
  if (info.guestPhysical !== -1) { vmcs.write(F.GUEST_PHYSICAL_ADDRESS, info.guestPhysical); vmcs.write(F.GUEST_PHYSICAL_ADDRESS | 1, 0); }
  vmcs.write(F.IO_RCX, info.ioRcx);
  vmcs.write(F.IO_RSI, info.ioRsi);
  vmcs.write(F.IO_RDI, info.ioRdi);
  vmcs.write(F.IO_RIP, info.ioRip);
}

/**
 * VMX abort (SDM 28.7): the exit cannot complete. The indicator goes to the VMCS region (offset 4) and the
 * vCPU shuts down as after a triple fault; cpu.vmx.abortIndicator says why (describeVmxAbort).
 */
function vmxAbort(cpu: Cpu, vmcs: Vmcs, indicator: number): void {
  vmcs.abortIndicator = indicator;
  writePhys32(cpu, vmcs.addr + VMCS_OFFSET_ABORT, indicator);
  cpu.vmx.abortIndicator = indicator;
  cpu.vmxMode = VMX_ROOT;
  cpu.trace.record(EV_VMX_ABORT, cpu.instructions, cpu.insnEip, indicator, 0);
  cpu.tripleFault = { vector: -1, eip: cpu.insnEip >>> 0, chain: [] };
  cpu.stopReason = STOP_TRIPLE_FAULT;
  cpu.forceBlockEnd = true;
}
