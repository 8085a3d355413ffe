/**
 * The VMX instructions outside VMX operation and in VMX root operation (SDM Vol. 3C chapter 31): VMXON, VMXOFF,
 * VMCLEAR, VMPTRLD, VMPTRST, VMREAD, VMWRITE, INVEPT, INVVPID, VMCALL, and VMLAUNCH/VMRESUME up to the point
 * where the VM entry proper (vm-entry.ts) checks the VMCS.
 *
 * Each handler follows its SDM pseudocode in order: #UD (not in VMX operation, not protected mode, virtual-8086
 * mode), then the VM exit in VMX non-root operation, then #GP(0) at CPL > 0, then the VMsucceed / VMfail
 * results (vmfail.ts). The VM exit comes before the CPL check, so the isa table's `priv` rows of these
 * instructions are not privileged in the dispatch table (dispatch.ts): every handler checks CPL itself.
 * In VMX non-root the engine routes these instructions to their exit (nonroot.ts) before any handler here
 * runs, so the handlers below only see vmxMode VMX_OFF or VMX_ROOT.
 *
 * Memory operands are read and written through segmentation and paging like any other; the 64-bit physical
 * addresses they hold are checked against region.ts's rule.
 */
import type { Cpu } from '../cpu/cpu';
import type { Handler } from '../cpu/exec-alu';
import { readLin32, segLinear, userAcc, writeLin32 } from '../cpu/memory';
import { locIdx, locVal, readLoc, writeLoc } from '../cpu/operands';
import { ACC_WRITE, translate } from '../cpu/paging';
import { CR0_PE, CR4_VMXE, VM } from '../cpu/state';
import { EV_VMLAUNCH, EV_VMRESUME, EV_VMXOFF, EV_VMXON } from '../cpu/trace';
import { FEATURE_CONTROL_LOCK, FEATURE_CONTROL_VMX_OUTSIDE_SMX } from '../cpu/msr';
import { EPT_CAP_UC, EPT_CAP_WB, EPT_VPID_CAP_LOW, FEATURES, VMCS_REVISION_ID } from './capabilities';
import { invept, invvpidAddress, invvpidAll, invvpidContext } from '../cpu/tlb-contexts';
import { cr0FitsVmx, cr4FitsVmx } from './fixed-bits';
import { regionRevision, regionView, regionWritten, validRegionAddress } from './region';
import { TYPE_EXIT_INFO, WIDTH_16, WIDTH_64 } from './vmcs-fields';
import { VMCS_OFFSET_LAUNCH, Vmcs, isSupportedEncoding } from './vmcs';
import { vmEntry } from './vm-entry';
import {
  VMERR_ENTRY_MOV_SS_BLOCKING, VMERR_INVALID_INVEPT_INVVPID_OPERAND, VMERR_UNSUPPORTED_COMPONENT, VMERR_VMCALL_IN_ROOT,
  VMERR_VMCLEAR_INVALID_ADDRESS, VMERR_VMCLEAR_VMXON_POINTER, VMERR_VMLAUNCH_NON_CLEAR, VMERR_VMPTRLD_INVALID_ADDRESS,
  VMERR_VMPTRLD_VMXON_POINTER, VMERR_VMPTRLD_WRONG_REVISION, VMERR_VMRESUME_AFTER_VMXOFF, VMERR_VMRESUME_NON_LAUNCHED,
  VMERR_VMWRITE_READ_ONLY, VMERR_VMXON_IN_ROOT, vmFail, vmFailInvalid, vmFailValid, vmSucceed,
} from './vmfail';
import { VMX_OFF, VMX_ROOT } from './vmx-state';

const UD = 6, GP = 13;
/** IA32_FEATURE_CONTROL must be locked with VMX outside SMX enabled (virtlab has no SMX). */
const VMX_ALLOWED = FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMX_OUTSIDE_SMX;

/**
 * VMCSs the processor keeps active at once. VMPTRLD of one more writes the oldest non-current one back to its
 * region and forgets it (as a processor's VMCS cache does); a later VMPTRLD reads it from memory again.
 */
export const HELD_VMCS_MAX = 64;

/** The 64-bit memory operand just read: [low, high]. */
const m64 = new Int32Array(2);
/** The 128-bit INVEPT/INVVPID descriptor just read, low dword first. */
const m128 = new Int32Array(4);

/** Read `dwords` dwords of memory operand slot `slot` into `into`; false after a fault. */
function readMemory(cpu: Cpu, slot: number, into: Int32Array, dwords: number): boolean {
  const lin = segLinear(cpu, locIdx[slot]!, locVal[slot]!, 4 * dwords, false);
  if (cpu.exc >= 0) return false;
  const acc = userAcc(cpu);
  for (let i = 0; i < dwords; i++) {
    into[i] = readLin32(cpu, (lin + 4 * i) | 0, acc);
    if (cpu.exc >= 0) return false;
  }
  return true;
}

/** Store hi:lo to the m64 operand (slot 0); both pages are checked first, so a fault writes nothing. */
function writeM64(cpu: Cpu, lo: number, hi: number): boolean {
  const lin = segLinear(cpu, locIdx[0]!, locVal[0]!, 8, true);
  if (cpu.exc >= 0) return false;
  const acc = userAcc(cpu);
  if ((lin & 0xfff) > 0xff8 &&
    (translate(cpu, lin, acc | ACC_WRITE) < 0 || translate(cpu, (lin | 0xfff) + 1, acc | ACC_WRITE) < 0)) return false;
  writeLin32(cpu, lin, lo, acc);
  if (cpu.exc < 0) writeLin32(cpu, (lin + 4) | 0, hi, acc);
  return cpu.exc < 0;
}

/** #UD outside protected mode or in virtual-8086 mode (every VMX instruction). */
function badMode(cpu: Cpu): boolean {
  return (cpu.cr0 & CR0_PE) === 0 || (cpu.eflags & VM) !== 0;
}

/** The common front of the instructions that need VMX operation: #UD, then #GP(0) at CPL > 0. */
function rootChecks(cpu: Cpu): boolean {
  if (cpu.vmxMode === VMX_OFF || badMode(cpu)) { cpu.raise(UD); return false; }
  if (cpu.cpl !== 0) { cpu.raise(GP, 0); return false; }
  return true;
}

// ---- VMXON / VMXOFF ----

export const vmxon: Handler = (cpu) => {
  if (badMode(cpu) || (cpu.cr4 & CR4_VMXE) === 0) { cpu.raise(UD); return; }
  if (cpu.cpl !== 0) { cpu.raise(GP, 0); return; }
  if (cpu.vmxMode !== VMX_OFF) { vmFail(cpu, VMERR_VMXON_IN_ROOT); return; }
  if (!cr0FitsVmx(cpu.cr0) || !cr4FitsVmx(cpu.cr4) || (cpu.featureControl & VMX_ALLOWED) !== VMX_ALLOWED) {
    cpu.raise(GP, 0);
    return;
  }
  if (!readMemory(cpu, 0, m64, 2)) return;
  const addr = m64[0]! >>> 0;
  // Bit 31 of the revision dword (a shadow VMCS) makes it differ from VMCS_REVISION_ID too.
  if (!validRegionAddress(cpu, m64[0]!, m64[1]!) || regionRevision(cpu, addr) !== VMCS_REVISION_ID) {
    vmFailInvalid(cpu);
    return;
  }
  const vmx = cpu.vmx;
  vmx.vmxonPtr = addr;
  vmx.current = null;
  cpu.vmxMode = VMX_ROOT;
  cpu.trace.record(EV_VMXON, cpu.instructions, cpu.insnEip, addr, -1);
  vmSucceed(cpu);
};

export const vmxoff: Handler = (cpu) => {
  if (!rootChecks(cpu)) return;
  const vmx = cpu.vmx;
  // The SDM asks software to VMCLEAR every active VMCS first; virtlab writes back the ones it did not, so the
  // regions hold their data, and remembers which were launched: VMRESUME of one after VMXON is error 6.
  for (const vmcs of vmx.held.values()) {
    vmcs.writeTo(regionView(cpu, vmcs.addr));
    regionWritten(cpu, vmcs.addr);
    if (vmcs.launched) vmx.launchedAtVmxoff.add(vmcs.addr);
  }
  vmx.held.clear();
  vmx.current = null;
  cpu.vmxMode = VMX_OFF;
  cpu.trace.record(EV_VMXOFF, cpu.instructions, cpu.insnEip, vmx.vmxonPtr, -1);
  vmSucceed(cpu);
};

// ---- VMCS pointer instructions ----

export const vmclear: Handler = (cpu) => {
  if (!rootChecks(cpu) || !readMemory(cpu, 0, m64, 2)) return;
  const vmx = cpu.vmx, addr = m64[0]! >>> 0;
  if (!validRegionAddress(cpu, m64[0]!, m64[1]!)) { vmFail(cpu, VMERR_VMCLEAR_INVALID_ADDRESS); return; }
  if (addr === vmx.vmxonPtr) { vmFail(cpu, VMERR_VMCLEAR_VMXON_POINTER); return; }
  const vmcs = vmx.held.get(addr);
  if (vmcs !== undefined) {
    vmcs.launched = false;
    vmcs.writeTo(regionView(cpu, addr));
    vmx.held.delete(addr);
  } else {
    regionView(cpu, addr).setUint32(VMCS_OFFSET_LAUNCH, 0, true);
  }
  regionWritten(cpu, addr);
  vmx.launchedAtVmxoff.delete(addr);
  if (vmcs !== undefined && vmx.current === vmcs) vmx.current = null;
  vmSucceed(cpu);
};

/** Make room for one more active VMCS: write back and drop the oldest that is not current. */
function makeRoom(cpu: Cpu): void {
  const vmx = cpu.vmx;
  if (vmx.held.size < HELD_VMCS_MAX) return;
  for (const vmcs of vmx.held.values()) {
    if (vmcs === vmx.current) continue;
    vmcs.writeTo(regionView(cpu, vmcs.addr));
    regionWritten(cpu, vmcs.addr);
    vmx.held.delete(vmcs.addr);
    return;
  }
}

export const vmptrld: Handler = (cpu) => {
  if (!rootChecks(cpu) || !readMemory(cpu, 0, m64, 2)) return;
  const vmx = cpu.vmx, addr = m64[0]! >>> 0;
  if (!validRegionAddress(cpu, m64[0]!, m64[1]!)) { vmFail(cpu, VMERR_VMPTRLD_INVALID_ADDRESS); return; }
  if (addr === vmx.vmxonPtr) { vmFail(cpu, VMERR_VMPTRLD_VMXON_POINTER); return; }
  // Shadow VMCSs (bit 31) are not supported: such a region is a revision mismatch.
  if (regionRevision(cpu, addr) !== VMCS_REVISION_ID) { vmFail(cpu, VMERR_VMPTRLD_WRONG_REVISION); return; }
  let vmcs = vmx.held.get(addr);
  if (vmcs === undefined) {
    makeRoom(cpu);
    vmcs = new Vmcs(addr);
    vmcs.readFrom(regionView(cpu, addr));
    vmx.held.set(addr, vmcs);
  }
  vmx.current = vmcs;
  vmSucceed(cpu);
};

export const vmptrst: Handler = (cpu) => {
  if (!rootChecks(cpu)) return;
  const current = cpu.vmx.current;
  // No current VMCS: the SDM's pointer value FFFFFFFF_FFFFFFFFH.
  if (!writeM64(cpu, current !== null ? current.addr : -1, current !== null ? 0 : -1)) return;
  vmSucceed(cpu);
};

// ---- VMREAD / VMWRITE (32-bit operands: natural-width fields are 32 bits, 64-bit ones go half by half) ----

export const vmread: Handler = (cpu) => {
  if (!rootChecks(cpu)) return;
  const vmcs = cpu.vmx.current;
  if (vmcs === null) { vmFailInvalid(cpu); return; }
  const encoding = readLoc(cpu, 1, 2);
  if (!isSupportedEncoding(encoding)) { vmFailValid(cpu, VMERR_UNSUPPORTED_COMPONENT); return; }
  // A 16-bit field reads zero-extended, whatever a region loaded by VMPTRLD held in its slot.
  const value = vmcs.read(encoding);
  writeLoc(cpu, 0, 2, ((encoding >>> 13) & 3) === WIDTH_16 ? value & 0xffff : value);
  if (cpu.exc < 0) vmSucceed(cpu);
};

export const vmwrite: Handler = (cpu) => {
  if (!rootChecks(cpu)) return;
  const vmcs = cpu.vmx.current;
  if (vmcs === null) { vmFailInvalid(cpu); return; }
  const value = readLoc(cpu, 1, 2);
  if (cpu.exc >= 0) return;
  const encoding = readLoc(cpu, 0, 2);
  if (!isSupportedEncoding(encoding)) { vmFailValid(cpu, VMERR_UNSUPPORTED_COMPONENT); return; }
  // VM-exit information fields are read-only: IA32_VMX_MISC[29] (VMWRITE to them) is 0.
  if (((encoding >>> 10) & 3) === TYPE_EXIT_INFO) { vmFailValid(cpu, VMERR_VMWRITE_READ_ONLY); return; }
  vmcs.write(encoding, value);
  // A 32-bit operand is shorter than a 64-bit field written in full: its high half is cleared (SDM VMWRITE).
  if (((encoding >>> 13) & 3) === WIDTH_64 && (encoding & 1) === 0) vmcs.write(encoding | 1, 0);
  vmSucceed(cpu);
};

// ---- INVEPT / INVVPID ----

/** INVEPT types (1 single-context, 2 all-context) and INVVPID types (0–3) the implementation supports. */
const INVEPT_TYPES = (1 << 1) | (1 << 2), INVVPID_TYPES = 0xf;


/** An EPTP VM entry would accept (SDM 27.2.1.1): UC or WB as the capability MSR reports, 4-level walk, no A/D, no reserved bits, 32-bit address. */
function eptpValid(lo: number, hi: number): boolean {
  const type = lo & 7;
  const typeOk = (type === 0 && (EPT_VPID_CAP_LOW & EPT_CAP_UC) !== 0) || (type === 6 && (EPT_VPID_CAP_LOW & EPT_CAP_WB) !== 0);
  return typeOk && ((lo >>> 3) & 7) === 3 && (lo & 0xfc0) === 0 && hi === 0;
}

/**
 * INVEPT is #UD on a processor that cannot enable EPT (SDM: "If the logical processor does not support EPT") —
 * even in VMX non-root, where it would otherwise exit. Likewise INVVPID without VPIDs. `supported` is FEATURES'
 * flag. Type 1 invalidates the combined mappings of the descriptor's EPTP, type 2 those of every EPTP
 * (cpu/tlb-contexts.ts; virtlab caches no guest-physical mappings apart from them).
 */
export function makeInvept(supported: boolean): Handler {
  return (cpu) => {
    if (!supported) { cpu.raise(UD); return; }
    if (!rootChecks(cpu)) return;
    const type = readLoc(cpu, 0, 2);
    if (type >>> 0 > 31 || ((INVEPT_TYPES >>> type) & 1) === 0) { vmFail(cpu, VMERR_INVALID_INVEPT_INVVPID_OPERAND); return; }
    if (!readMemory(cpu, 1, m128, 4)) return;
    if (type === 1 && !eptpValid(m128[0]!, m128[1]!)) { vmFail(cpu, VMERR_INVALID_INVEPT_INVVPID_OPERAND); return; }
    invept(cpu, type === 1 ? (m128[0]! & ~0xfff) >>> 0 : null);
    vmSucceed(cpu);
  };
}

/** INVVPID types: individual address (0), single context (1), all contexts (2), single context retaining globals (3). */
export function makeInvvpid(supported: boolean): Handler {
  return (cpu) => {
    if (!supported) { cpu.raise(UD); return; }
    if (!rootChecks(cpu)) return;
    const type = readLoc(cpu, 0, 2);
    if (type >>> 0 > 31 || ((INVVPID_TYPES >>> type) & 1) === 0) { vmFail(cpu, VMERR_INVALID_INVEPT_INVVPID_OPERAND); return; }
    if (!readMemory(cpu, 1, m128, 4)) return;
    const vpid = m128[0]! & 0xffff;
    // Descriptor bits 63:16 are reserved; every type but all-context names a VPID, which must not be 0.
    if ((m128[0]! >>> 16) !== 0 || m128[1] !== 0 || (type !== 2 && vpid === 0)) {
      vmFail(cpu, VMERR_INVALID_INVEPT_INVVPID_OPERAND);
      return;
    }
    // Individual address: bits 127:64 must be canonical (bits 63:47 all equal).
    const top = m128[3]! >>> 15;
    if (type === 0 && top !== 0 && top !== 0x1ffff) { vmFail(cpu, VMERR_INVALID_INVEPT_INVVPID_OPERAND); return; }
    if (type === 0) invvpidAddress(cpu, vpid, m128[2]!);
    else if (type === 2) invvpidAll(cpu);
    else invvpidContext(cpu, vpid, type === 3);
    vmSucceed(cpu);
  };
}

// ---- VMCALL ----

export const vmcall: Handler = (cpu) => {
  if (cpu.vmxMode === VMX_OFF || badMode(cpu)) { cpu.raise(UD); return; }
  if (cpu.cpl !== 0) { cpu.raise(GP, 0); return; }
  // No dual-monitor treatment of SMIs and SMM: in VMX root VMCALL only fails.
  if (cpu.vmx.current === null) vmFailInvalid(cpu);
  else vmFailValid(cpu, VMERR_VMCALL_IN_ROOT);
};

// ---- VMLAUNCH / VMRESUME ----

/** Events are blocked by MOV SS: this instruction is the one a MOV SS / POP SS shadow covers. */
function blockedByMovSs(cpu: Cpu): boolean {
  return cpu.shadowByMovSs && cpu.shadowedInsn === cpu.instructions;
}

function makeEntry(launch: boolean): Handler {
  return (cpu) => {
    if (!rootChecks(cpu)) return;
    const vmx = cpu.vmx, vmcs = vmx.current;
    if (vmcs === null) { vmFailInvalid(cpu); return; }
    if (blockedByMovSs(cpu)) { vmFailValid(cpu, VMERR_ENTRY_MOV_SS_BLOCKING); return; }
    if (launch) {
      if (vmcs.launched) { vmFailValid(cpu, VMERR_VMLAUNCH_NON_CLEAR); return; }
      vmx.launchedAtVmxoff.delete(vmcs.addr);
    } else {
      if (!vmcs.launched) { vmFailValid(cpu, VMERR_VMRESUME_NON_LAUNCHED); return; }
      if (vmx.launchedAtVmxoff.has(vmcs.addr)) { vmFailValid(cpu, VMERR_VMRESUME_AFTER_VMXOFF); return; }
    }
    cpu.trace.record(launch ? EV_VMLAUNCH : EV_VMRESUME, cpu.instructions, cpu.insnEip, vmcs.addr, -1);
    vmEntry(cpu, vmcs, launch);
  };
}

export const vmlaunch = makeEntry(true);
export const vmresume = makeEntry(false);

/** Handlers by mnemonic, for the dispatch table. */
export const VMX_HANDLERS: Readonly<Record<string, Handler>> = {
  vmxon, vmxoff, vmclear, vmptrld, vmptrst, vmread, vmwrite, vmcall, vmlaunch, vmresume,
  invept: makeInvept(FEATURES.ept), invvpid: makeInvvpid(FEATURES.vpid),
};
