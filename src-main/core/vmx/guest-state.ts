/**
 * The guest-state area and the vCPU's registers: VM entry loads it (SDM 27.3.2), VM exit saves it (28.3).
 * The segment caches already keep access rights in the VMCS layout (cpu/state.ts), and the VMCS's segment
 * fields come in the CPU's segment order (ES CS SS DS FS GS LDTR TR), so segments copy field by field.
 * General-purpose registers other than ESP are not part of the VMCS: they stay in the vCPU as on hardware.
 */
import type { Cpu } from '../cpu/cpu';
import { writeDebugRegister } from '../cpu/control-regs';
import { readEflags, writeEflags } from '../cpu/flags';
import { setNmiBlocked } from '../cpu/exceptions';
import { setSegment } from '../cpu/segments';
import { CR0_PG, EFLAGS_WRITABLE, ESP, SS, TF, arDpl } from '../cpu/state';
import { ENTRY_LOAD_DEBUG_CONTROLS, EXIT_SAVE_DEBUG_CONTROLS } from './capabilities';
import type { Vmcs } from './vmcs';
import { F } from './vmcs-fields';

/** Segment fields of segment register i (CPU order = VMCS order): encoding = first + 2 * i. */
const SEL0 = F.GUEST_ES_SELECTOR, BASE0 = F.GUEST_ES_BASE, LIMIT0 = F.GUEST_ES_LIMIT, AR0 = F.GUEST_ES_AR_BYTES;

/**
 * CR0 bits a VM entry or exit leaves as they are, whatever the VMCS says (SDM 27.3.2.1, 28.5.1): ET (4),
 * the reserved bits 15:6, 17 and 28:19, NW (29) and CD (30).
 */
export const CR0_KEPT = 0x7ffaffd0;

/** GUEST_INTERRUPTIBILITY_INFO bits (SDM 24.4.2, table 24-3). */
export const BLOCKING_BY_STI = 1, BLOCKING_BY_MOV_SS = 2, BLOCKING_BY_NMI = 8;
/** GUEST_ACTIVITY_STATE values; IA32_VMX_MISC reports HLT as the only other state supported. */
export const ACTIVITY_ACTIVE = 0, ACTIVITY_HLT = 1;
/** Pending debug exceptions: BS (a single step pending). */
const PENDING_BS = 0x4000;
/** Access-rights bits VM exits save: bits 31:17 and 11:8 are always cleared (SDM 28.3.2). */
const AR_SAVED = 0x1f0ff;
/** DR7 loaded by VM entry: bits 15:14 cleared and bit 10 set whatever the field holds (as Bochs). */
const DR7_CLEAR = 0xc000, DR7_SET = 0x400;

/** Control registers, DR7, SYSENTER MSRs, segments, descriptor tables, EIP/ESP/EFLAGS and non-register state. */
export function loadGuestState(cpu: Cpu, vmcs: Vmcs): void {
  cpu.cr0 = (cpu.cr0 & CR0_KEPT) | (vmcs.read(F.GUEST_CR0) & ~CR0_KEPT);
  cpu.cr3 = vmcs.read(F.GUEST_CR3);
  cpu.cr4 = vmcs.read(F.GUEST_CR4);
  cpu.pagingOn = (cpu.cr0 & CR0_PG) !== 0;
  if ((vmcs.read(F.VM_ENTRY_CONTROLS) & ENTRY_LOAD_DEBUG_CONTROLS) !== 0) {
    writeDebugRegister(cpu, 7, (vmcs.read(F.GUEST_DR7) & ~DR7_CLEAR) | DR7_SET);
  } // IA32_DEBUGCTL: virtlab has none, the field is ignored
  cpu.sysenterCs = vmcs.read(F.GUEST_SYSENTER_CS) & 0xffff;
  cpu.sysenterEsp = vmcs.read(F.GUEST_SYSENTER_ESP);
  cpu.sysenterEip = vmcs.read(F.GUEST_SYSENTER_EIP);
  for (let i = 0; i < 8; i++) {
    setSegment(cpu, i, vmcs.read(SEL0 + 2 * i), vmcs.read(BASE0 + 2 * i), vmcs.read(LIMIT0 + 2 * i), vmcs.read(AR0 + 2 * i));
  }
  cpu.cpl = arDpl(cpu.segAr[SS]!); // CPL is SS.DPL after VM entry (SDM 27.3.2.2)
  cpu.gdtrBase = vmcs.read(F.GUEST_GDTR_BASE); cpu.gdtrLimit = vmcs.read(F.GUEST_GDTR_LIMIT) & 0xffff;
  cpu.idtrBase = vmcs.read(F.GUEST_IDTR_BASE); cpu.idtrLimit = vmcs.read(F.GUEST_IDTR_LIMIT) & 0xffff;
  cpu.eip = vmcs.read(F.GUEST_RIP);
  cpu.regs[ESP] = vmcs.read(F.GUEST_RSP);
  writeEflags(cpu, vmcs.read(F.GUEST_RFLAGS), EFLAGS_WRITABLE);
  // Blocking by STI or MOV SS covers the guest's first instruction (the engine's interrupt shadow).
  const blocking = vmcs.read(F.GUEST_INTERRUPTIBILITY_INFO);
  cpu.interruptShadow = (blocking & (BLOCKING_BY_STI | BLOCKING_BY_MOV_SS)) !== 0;
  cpu.debugShadow = (blocking & BLOCKING_BY_MOV_SS) !== 0;
  cpu.shadowedInsn = -1; cpu.shadowByMovSs = false; // the engine marks the covered instruction as it starts
  // Without virtual NMIs, bit 3 is the processor's own NMI blocking from now on (SDM 27.3.2.5).
  setNmiBlocked(cpu, (blocking & BLOCKING_BY_NMI) !== 0);
  cpu.halted = vmcs.read(F.GUEST_ACTIVITY_STATE) === ACTIVITY_HLT;
}

/** The guest's state into the VMCS at a VM exit; EIP saved is cpu.insnEip (see vmExit). */
export function saveGuestState(cpu: Cpu, vmcs: Vmcs): void {
  vmcs.write(F.GUEST_CR0, cpu.cr0);
  vmcs.write(F.GUEST_CR3, cpu.cr3);
  vmcs.write(F.GUEST_CR4, cpu.cr4);
  if ((vmcs.read(F.VM_EXIT_CONTROLS) & EXIT_SAVE_DEBUG_CONTROLS) !== 0) vmcs.write(F.GUEST_DR7, cpu.dr[7]! | DR7_SET);
  vmcs.write(F.GUEST_SYSENTER_CS, cpu.sysenterCs);
  vmcs.write(F.GUEST_SYSENTER_ESP, cpu.sysenterEsp);
  vmcs.write(F.GUEST_SYSENTER_EIP, cpu.sysenterEip);
  for (let i = 0; i < 8; i++) {
    vmcs.write(SEL0 + 2 * i, cpu.segSel[i]!);
    vmcs.write(BASE0 + 2 * i, cpu.segBase[i]!);
    vmcs.write(LIMIT0 + 2 * i, cpu.segLimit[i]!);
    vmcs.write(AR0 + 2 * i, cpu.segAr[i]! & AR_SAVED);
  }
  vmcs.write(F.GUEST_GDTR_BASE, cpu.gdtrBase); vmcs.write(F.GUEST_GDTR_LIMIT, cpu.gdtrLimit);
  vmcs.write(F.GUEST_IDTR_BASE, cpu.idtrBase); vmcs.write(F.GUEST_IDTR_LIMIT, cpu.idtrLimit);
  vmcs.write(F.GUEST_RIP, cpu.insnEip);
  vmcs.write(F.GUEST_RSP, cpu.regs[ESP]!);
  const eflags = readEflags(cpu);
  vmcs.write(F.GUEST_RFLAGS, eflags);
  // Blocking before the exit: a shadow still pending, or the one covering the instruction that exits.
  const pending = cpu.interruptShadow, covering = cpu.shadowedInsn === cpu.instructions;
  const movSs = pending ? cpu.debugShadow : covering && cpu.shadowByMovSs;
  const shadow = !pending && !covering ? 0 : movSs ? BLOCKING_BY_MOV_SS : BLOCKING_BY_STI;
  // NMI blocking as it was before the exit: an NMI that exits blocks NMIs only once the exit is done (SDM 28.3.4).
  vmcs.write(F.GUEST_INTERRUPTIBILITY_INFO, shadow | (cpu.nmiBlocked ? BLOCKING_BY_NMI : 0));
  vmcs.write(F.GUEST_ACTIVITY_STATE, cpu.halted ? ACTIVITY_HLT : ACTIVITY_ACTIVE);
  // A single step MOV SS held back is still pending (SDM 28.3.4); nothing else is ever pending here.
  vmcs.write(F.GUEST_PENDING_DBG_EXCEPTIONS, movSs && (eflags & TF) !== 0 ? PENDING_BS : 0);
}
