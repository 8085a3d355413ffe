/**
 * VM entry (SDM chapter 27) for VMLAUNCH, VMRESUME and the built-in VMM's re-entry:
 *
 *   checks (entry-checks.ts) ──► control field bad   → VMfailValid(7), still in VMX root
 *                            ──► host-state field bad → VMfailValid(8)
 *                            ──► guest-state field bad → VM exit 33 | bit 31: host state loaded, guest never ran
 *   guest state (guest-state.ts), VM-entry MSR-load area ──► an entry fails → VM exit 34 | bit 31, its index
 *   launched, controls for the exit checks, TSC offset, non-root; EPT root; the TLB of the guest's VPID
 *   (or, without VPID, VPID 0's flushed)
 *   event injection (event-injection.ts) ──► the guest's first instruction
 *
 * Every failure is kept in cpu.vmx.lastEntryFailure (field, rule, SDM section: describeEntryFailure) and
 * traced; a successful entry clears it.
 */
import type { Cpu } from '../cpu/cpu';
import { COST_VM_ENTRY } from '../cpu/costs';
import { readPhys32 } from '../cpu/memory';
import { EV_VM_ENTRY, EV_VM_ENTRY_FAILURE } from '../cpu/trace';
import { DEBUG_EVENT_ENTRY_FAILURE, STOP_DEBUG_EVENT } from '../cpu/watch';
import { CPU_ACTIVATE_SECONDARY, CPU_USE_TSC_OFFSETTING, CPU2_ENABLE_EPT, CPU2_ENABLE_VPID } from './capabilities';
import { NO_EPT, useGuestTlb, useHostTlb } from '../cpu/tlb-contexts';
import { checkVmEntry } from './entry-checks';
import { VMERR_ENTRY_INVALID_CONTROL, VMERR_ENTRY_INVALID_HOST_STATE, type EntryCheckFailure } from './entry-failure';
import { INTR_INFO_VALID, injectEvent } from './event-injection';
import { EXIT_REASON_ENTRY_FAILURE, ExitReason } from './exit-reasons';
import { loadGuestState } from './guest-state';
import { loadMsrArea, msrAreaFailure } from './msr-areas';
import type { Vmcs } from './vmcs';
import { F } from './vmcs-fields';
import { vmExit } from './vm-exit';
import { vmFailValid } from './vmfail';
import { VMX_NON_ROOT, type VmxState } from './vmx-state';

/** Enter the guest of `vmcs` (the current VMCS). `launch`: VMLAUNCH (marks the VMCS launched) vs VMRESUME. */
export function vmEntry(cpu: Cpu, vmcs: Vmcs, launch: boolean): void {
  const vmx = cpu.vmx;
  const failure = checkVmEntry(vmcs, launch);
  if (failure !== null) { entryFailed(cpu, failure); return; }
  const nmiBlocked = cpu.nmiBlocked;
  loadGuestState(cpu, vmcs);
  const bad = loadMsrArea(cpu, vmcs.read(F.VM_ENTRY_MSR_LOAD_ADDR) >>> 0, vmcs.read(F.VM_ENTRY_MSR_LOAD_COUNT) >>> 0);
  if (bad !== 0) {
    cpu.nmiBlocked = nmiBlocked; // a failed entry leaves blocking by NMI as it was (SDM 27.8)
    entryFailed(cpu, msrLoadFailure(cpu, vmcs, bad));
    return;
  }
  if (launch) vmcs.launched = true;
  copyControls(vmx, vmcs);
  if ((vmx.cpuControls & CPU_USE_TSC_OFFSETTING) !== 0) {
    vmx.guestTscOffset = vmcs.read(F.TSC_OFFSET + 1) * 4294967296 + (vmcs.read(F.TSC_OFFSET) >>> 0); // signed 64-bit
    cpu.tscOffset += vmx.guestTscOffset;
  }
  cpu.vmxMode = VMX_NON_ROOT;
  enterAddressSpace(cpu, vmcs);
  cpu.forceBlockEnd = true;
  cpu.insnEip = cpu.eip;
  vmx.entries++;
  vmx.lastEntryFailure = null;
  cpu.charge(COST_VM_ENTRY);
  const event = vmcs.read(F.VM_ENTRY_INTR_INFO_FIELD);
  cpu.trace.record(EV_VM_ENTRY, cpu.instructions, cpu.eip, vmcs.addr, (event & INTR_INFO_VALID) !== 0 ? event >>> 0 : 0);
  injectEvent(cpu, vmcs);
}

/**
 * The guest's address translation: the EPT root when "enable EPT" is 1 (ept.ts walks through it), and its TLB
 * — with "enable VPID", the context of its VPID and EPTP, kept from earlier entries (tlb-contexts.ts);
 * without, VPID 0's TLB (the host's), flushed as every entry without VPID does (SDM 29.4.3.3).
 */
function enterAddressSpace(cpu: Cpu, vmcs: Vmcs): void {
  const cpu2 = cpu.vmx.cpu2Controls;
  cpu.eptRoot = (cpu2 & CPU2_ENABLE_EPT) !== 0 ? (vmcs.read(F.EPT_POINTER) & ~0xfff) >>> 0 : -1;
  if ((cpu2 & CPU2_ENABLE_VPID) !== 0) useGuestTlb(cpu, vmcs.read(F.VIRTUAL_PROCESSOR_ID) & 0xffff, cpu.eptRoot >= 0 ? cpu.eptRoot : NO_EPT);
  else { useHostTlb(cpu); cpu.flushTlb(false); } // (and starts a new fetch epoch)
}

/** The controls the exit checks of non-root operation read, decoded once per entry. */
function copyControls(vmx: VmxState, vmcs: Vmcs): void {
  vmx.pinControls = vmcs.read(F.PIN_BASED_VM_EXEC_CONTROL);
  vmx.cpuControls = vmcs.read(F.CPU_BASED_VM_EXEC_CONTROL);
  vmx.cpu2Controls = (vmx.cpuControls & CPU_ACTIVATE_SECONDARY) !== 0 ? vmcs.read(F.SECONDARY_VM_EXEC_CONTROL) : 0;
  vmx.exitControls = vmcs.read(F.VM_EXIT_CONTROLS);
  vmx.exceptionBitmap = vmcs.read(F.EXCEPTION_BITMAP);
  vmx.pfErrorCodeMask = vmcs.read(F.PAGE_FAULT_ERROR_CODE_MASK);
  vmx.pfErrorCodeMatch = vmcs.read(F.PAGE_FAULT_ERROR_CODE_MATCH);
  vmx.cr0Mask = vmcs.read(F.CR0_GUEST_HOST_MASK);
  vmx.cr0Shadow = vmcs.read(F.CR0_READ_SHADOW);
  vmx.cr4Mask = vmcs.read(F.CR4_GUEST_HOST_MASK);
  vmx.cr4Shadow = vmcs.read(F.CR4_READ_SHADOW);
}

/**
 * The architectural result of a failed entry (SDM 27.1, 27.8): VMfailValid for control and host-state
 * fields (the VMLAUNCH/VMRESUME just completes), an entry-failure VM exit for guest state and MSR loading.
 */
function entryFailed(cpu: Cpu, failure: EntryCheckFailure): void {
  cpu.vmx.lastEntryFailure = failure;
  const at = cpu.insnEip;
  if (cpu.stopOnEntryFailure) {
    // A debug session looks at it: the vCPU stops once the instruction's architectural result is in.
    cpu.debugEvent = DEBUG_EVENT_ENTRY_FAILURE;
    cpu.debugEventEip = at >>> 0;
    if (cpu.stopReason === 0) cpu.stopReason = STOP_DEBUG_EVENT;
  }
  if (failure.area === 'control' || failure.area === 'host') {
    const error = failure.area === 'control' ? VMERR_ENTRY_INVALID_CONTROL : VMERR_ENTRY_INVALID_HOST_STATE;
    cpu.trace.record(EV_VM_ENTRY_FAILURE, cpu.instructions, at, error, -1);
    vmFailValid(cpu, error);
    return;
  }
  const basic = failure.area === 'guest' ? ExitReason.INVALID_GUEST_STATE : ExitReason.MSR_LOAD_FAIL;
  const reason = EXIT_REASON_ENTRY_FAILURE | basic;
  const qualification = failure.qualification ?? 0;
  cpu.trace.record(EV_VM_ENTRY_FAILURE, cpu.instructions, at, reason >>> 0, qualification);
  vmExit(cpu, reason, qualification);
}

/** The entry-failure record of MSR-load entry `n` (1-based), which loadMsrArea refused; value: its MSR index. */
function msrLoadFailure(cpu: Cpu, vmcs: Vmcs, n: number): EntryCheckFailure {
  const entry = (vmcs.read(F.VM_ENTRY_MSR_LOAD_ADDR) >>> 0) + (n - 1) * 16;
  return {
    area: 'msr-load', field: `MSR-load entry ${n}`, rule: msrAreaFailure, sdm: '27.4',
    value: readPhys32(cpu, entry), qualification: n,
  };
}
