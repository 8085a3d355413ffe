/**
 * VMX non-root operation (SDM Vol. 3C chapter 26): what makes the guest of a VMCS exit, and with what exit
 * information (28.2). Three kinds of exit sources meet here:
 *
 *   - instructions: the rows of the isa table with an `exit=` attribute (dispatch.ts ROW_VM_EXIT) come here
 *     from the engine's slow path before their handler; `instructionExit` decides with the controls copied at
 *     VM entry (cpu.vmx) and the VMCS's bitmaps, fills cpu.vmx.exitInfo and calls vmExit;
 *   - events at an instruction boundary: interrupt-window and external-interrupt exiting (`boundaryExit`);
 *   - exceptions on their way to the IDT: the exception bitmap with the #PF error-code mask/match, exits
 *     during event delivery (IDT-vectoring information), the triple fault (exceptions.ts calls in).
 *
 * CR0/CR4 reads and writes that do not exit go through the guest/host masks and read shadows here too.
 * Nothing in this file runs outside non-root: every caller tests `cpu.vmxMode === VMX_NON_ROOT` first.
 */
import type { Cpu } from '../cpu/cpu';
import type { Insn } from '../cpu/insn';
import { ROWS } from '../isa/rows';
import { resolveOperands, locSz } from '../cpu/resolve';
import { LOC_IMM, locIdx, locType, locVal, readLoc } from '../cpu/operands';
import { ioAllowed } from '../cpu/io';
import { flushTicks, readPhys8 } from '../cpu/memory';
import { CR0_TS, CR4_TSD, DS, ECX, EDI, EDX, ESI, ES, IF } from '../cpu/state';
import {
  CPU_ACTIVATE_SECONDARY, CPU_CR3_LOAD_EXITING, CPU_CR3_STORE_EXITING, CPU_HLT_EXITING, CPU_INTR_WINDOW_EXITING,
  CPU_INVLPG_EXITING, CPU_MOV_DR_EXITING, CPU_RDTSC_EXITING, CPU_UNCOND_IO_EXITING, CPU_USE_IO_BITMAPS,
  CPU_USE_MSR_BITMAPS, CPU2_DESC_TABLE_EXITING, CPU2_WBINVD_EXITING, EXIT_ACK_INTR_ON_EXIT, FEATURES,
  MISC_CR3_TARGETS, PIN_EXT_INT_EXITING, PIN_NMI_EXITING,
} from './capabilities';
import { ExitReason } from './exit-reasons';
import { CR_CLTS, CR_LMSW, CR_MOV_FROM, CR_MOV_TO, crQualification, drQualification, ioQualification } from './exit-qualification';
import {
  ID_LGDT, ID_LIDT, ID_LLDT, ID_LTR, ID_SGDT, ID_SIDT, ID_SLDT, ID_STR, gdtrIdtrInfo, ldtrTrInfo, stringInfo,
  vmxInstructionInfo,
} from './instruction-info';
import { F } from './vmcs-fields';
import { VMX_NON_ROOT } from './vmx-state';
import { EPTQ_GLA_VALID, EPTQ_NMI_UNBLOCKING, EXC_EPT_MISCONFIG, EXC_EPT_VIOLATION } from '../cpu/ept';
import { vmExit } from './vm-exit';

const UD = 6, DB = 1, NMI = 2, DF = 8, PF = 14;

// ---- which instruction a row is (how its exit is decided and described) ----

const I_ALWAYS = 1, I_VMX_INFO = 2, I_VMX_REG2 = 3, I_INVEPT = 4, I_INVVPID = 5, I_HLT = 6, I_INVLPG = 7, I_RDTSC = 8,
  I_MOV_TO_CR = 9, I_MOV_FROM_CR = 10, I_CLTS = 11, I_LMSW = 12, I_MOV_TO_DR = 13, I_MOV_FROM_DR = 14, I_IN = 15,
  I_OUT = 16, I_INS = 17, I_OUTS = 18, I_RDMSR = 19, I_WRMSR = 20, I_GDTR_IDTR = 21, I_LDTR_TR = 22, I_WBINVD = 23;

const KIND_OF_MNEMONIC: Record<string, number> = {
  cpuid: I_ALWAYS, invd: I_ALWAYS, vmcall: I_ALWAYS, vmlaunch: I_ALWAYS, vmresume: I_ALWAYS, vmxoff: I_ALWAYS,
  vmclear: I_VMX_INFO, vmptrld: I_VMX_INFO, vmptrst: I_VMX_INFO, vmxon: I_VMX_INFO,
  vmread: I_VMX_REG2, vmwrite: I_VMX_REG2, invept: I_INVEPT, invvpid: I_INVVPID,
  hlt: I_HLT, invlpg: I_INVLPG, rdtsc: I_RDTSC, clts: I_CLTS, lmsw: I_LMSW, rdmsr: I_RDMSR, wrmsr: I_WRMSR,
  in: I_IN, out: I_OUT, insb: I_INS, insw: I_INS, insd: I_INS, outsb: I_OUTS, outsw: I_OUTS, outsd: I_OUTS,
  lgdt: I_GDTR_IDTR, lidt: I_GDTR_IDTR, sgdt: I_GDTR_IDTR, sidt: I_GDTR_IDTR,
  lldt: I_LDTR_TR, ltr: I_LDTR_TR, sldt: I_LDTR_TR, str: I_LDTR_TR, wbinvd: I_WBINVD,
};
const IDENTITY: Record<string, number> = {
  sgdt: ID_SGDT, sidt: ID_SIDT, lgdt: ID_LGDT, lidt: ID_LIDT, sldt: ID_SLDT, str: ID_STR, lldt: ID_LLDT, ltr: ID_LTR,
};
/** MOV CR / MOV DR rows by opcode (0F 20 from CR, 0F 22 to CR, 0F 21 from DR, 0F 23 to DR). */
const KIND_OF_MOV: Record<number, number> = { 0x20: I_MOV_FROM_CR, 0x22: I_MOV_TO_CR, 0x21: I_MOV_FROM_DR, 0x23: I_MOV_TO_DR };

/** Per row with an `exit=` attribute: its kind (I_*), exit reason, identity (descriptor tables), flags. */
const ROW_KIND = new Uint8Array(ROWS.length);
const ROW_REASON = new Uint8Array(ROWS.length);
const ROW_IDENTITY = new Uint8Array(ROWS.length);
/** The exit comes before the CPL check: VMX instructions and VMCALL (their pseudocode), MOV DR (SDM 26.1.3). */
const ROW_BEFORE_CPL = new Uint8Array(ROWS.length);
/** Memory-only operand (M): a register form is #UD, which comes before any exit. */
const ROW_MEM_ONLY = new Uint8Array(ROWS.length);
const ROW_PRIV = new Uint8Array(ROWS.length);

for (const row of ROWS) {
  if (row.vmExit === null) continue;
  const m = row.entry.m;
  const kind = m === 'mov' ? KIND_OF_MOV[row.opcode] : KIND_OF_MNEMONIC[m];
  if (kind === undefined) throw new Error(`nonroot: no VM-exit rule for ${row.mnemonic} (${row.opcodeText})`);
  const reason = row.vmExit.reason;
  ROW_KIND[row.id] = kind;
  ROW_REASON[row.id] = reason;
  ROW_IDENTITY[row.id] = IDENTITY[m] ?? 0;
  ROW_BEFORE_CPL[row.id] = (reason >= ExitReason.VMCALL && reason <= ExitReason.VMXON) || reason === ExitReason.INVEPT ||
    reason === ExitReason.INVVPID || kind === I_MOV_TO_DR || kind === I_MOV_FROM_DR ? 1 : 0;
  ROW_MEM_ONLY[row.id] = row.modReq === 1 ? 1 : 0;
  ROW_PRIV[row.id] = row.privileged ? 1 : 0;
}

// ---- instruction exits ----

/**
 * Called by the engine for a row with an `exit=` attribute, in non-root, after decode and before the
 * privilege check. Returns true when the instruction is finished here: it caused a VM exit, or raised a fault
 * that comes before the exit (cpu.exc); false when it executes normally (the exit's control is off, or a
 * privilege fault that the generic path raises comes first, SDM 26.1.1).
 */
export function instructionExit(cpu: Cpu, d: Insn, row: number): boolean {
  // Invalid-opcode cases come first: LOCK, or a register where the row needs memory.
  if (d.lock || (ROW_MEM_ONLY[row] === 1 && d.mod === 3)) return false;
  if (ROW_BEFORE_CPL[row] === 0 && ROW_PRIV[row] === 1 && cpu.cpl !== 0) return false;
  const vmx = cpu.vmx;
  const ctl = vmx.cpuControls;
  const ctl2 = (ctl & CPU_ACTIVATE_SECONDARY) !== 0 ? vmx.cpu2Controls : 0;
  const reason = ROW_REASON[row]!;
  const info = vmx.exitInfo;
  switch (ROW_KIND[row]) {
    case I_ALWAYS: return exit(cpu, d, reason, 0);
    case I_VMX_INFO: case I_VMX_REG2: case I_INVEPT: case I_INVVPID: {
      // Without EPT / VPID there is no INVEPT / INVVPID: an invalid opcode, as on a processor without them.
      if ((ROW_KIND[row] === I_INVEPT && !FEATURES.ept) || (ROW_KIND[row] === I_INVVPID && !FEATURES.vpid)) { cpu.raise(UD); return true; }
      info.instructionInfo = vmxInstructionInfo(d, ROW_KIND[row] !== I_VMX_INFO);
      return exit(cpu, d, reason, displacement(d));
    }
    case I_HLT: return (ctl & CPU_HLT_EXITING) !== 0 && exit(cpu, d, reason, 0);
    case I_INVLPG: {
      if ((ctl & CPU_INVLPG_EXITING) === 0) return false;
      if (!resolveOperands(cpu, d)) return true;
      return exit(cpu, d, reason, (cpu.segBase[locIdx[0]!]! + locVal[0]!) | 0);
    }
    case I_RDTSC:
      if ((cpu.cr4 & CR4_TSD) !== 0 && cpu.cpl !== 0) return false; // #GP first (SDM 26.1.1)
      return (ctl & CPU_RDTSC_EXITING) !== 0 && exit(cpu, d, reason, 0);
    case I_MOV_TO_CR: return movToCr(cpu, d, reason);
    case I_MOV_FROM_CR:
      return d.reg === 3 && (ctl & CPU_CR3_STORE_EXITING) !== 0 &&
        exit(cpu, d, reason, crQualification(3, CR_MOV_FROM, d.rm, false, 0));
    case I_CLTS:
      return (vmx.cr0Mask & vmx.cr0Shadow & CR0_TS) !== 0 && exit(cpu, d, reason, crQualification(0, CR_CLTS, 0, false, 0));
    case I_LMSW: return lmsw(cpu, d, reason);
    case I_MOV_TO_DR: case I_MOV_FROM_DR:
      return (ctl & CPU_MOV_DR_EXITING) !== 0 &&
        exit(cpu, d, reason, drQualification(d.reg, ROW_KIND[row] === I_MOV_FROM_DR, d.rm));
    case I_IN: case I_OUT: case I_INS: case I_OUTS: return io(cpu, d, row, reason);
    case I_RDMSR: case I_WRMSR:
      return msrExits(cpu, cpu.regs[ECX]!, ROW_KIND[row] === I_WRMSR) && exit(cpu, d, reason, 0);
    case I_GDTR_IDTR:
      if ((ctl2 & CPU2_DESC_TABLE_EXITING) === 0) return false;
      info.instructionInfo = gdtrIdtrInfo(d, ROW_IDENTITY[row]!);
      return exit(cpu, d, reason, displacement(d));
    case I_LDTR_TR:
      if ((ctl2 & CPU2_DESC_TABLE_EXITING) === 0) return false;
      info.instructionInfo = ldtrTrInfo(d, ROW_IDENTITY[row]!);
      return exit(cpu, d, reason, displacement(d));
    case I_WBINVD: return (ctl2 & CPU2_WBINVD_EXITING) !== 0 && exit(cpu, d, reason, 0);
    default: return false;
  }
}

/** The exit qualification of the memory-operand instructions: the displacement (0 for a register operand). */
function displacement(d: Insn): number {
  return d.mod === 3 ? 0 : d.disp | 0;
}

/**
 * Leave for the VMM with the instruction not executed: EIP back at it, its length in the exit information.
 * An STI / MOV SS shadow over it still holds (the engine cleared it as the instruction started): the guest's
 * interruptibility state says so.
 */
function exit(cpu: Cpu, d: Insn, reason: number, qualification: number): true {
  cpu.vmx.exitInfo.instructionLength = d.len;
  cpu.eip = cpu.insnEip;
  if (cpu.shadowedInsn === cpu.instructions) { cpu.interruptShadow = true; cpu.debugShadow = cpu.shadowByMovSs; }
  leave(cpu, reason, qualification);
  return true;
}

/** vmExit, then what the engine needs: a block end; a host that is neither halted nor in an STI / MOV SS shadow. */
function leave(cpu: Cpu, reason: number, qualification: number): void {
  vmExit(cpu, reason, qualification);
  cpu.forceBlockEnd = true;
  cpu.fetchEpoch++; // another address space (or the re-entered guest's) from here on
  if (cpu.vmxMode !== VMX_NON_ROOT) { cpu.halted = false; cpu.interruptShadow = false; cpu.debugShadow = false; }
}

/** MOV to CR0/CR4 against the guest/host mask and read shadow; MOV to CR3 against the CR3-target list. */
function movToCr(cpu: Cpu, d: Insn, reason: number): boolean {
  const vmx = cpu.vmx;
  const cr = d.reg, gpr = d.rm, v = cpu.regs[gpr]!;
  let exits = false;
  if (cr === 0) exits = ((v ^ vmx.cr0Shadow) & vmx.cr0Mask) !== 0;
  else if (cr === 4) exits = ((v ^ vmx.cr4Shadow) & vmx.cr4Mask) !== 0;
  else if (cr === 3) exits = (vmx.cpuControls & CPU_CR3_LOAD_EXITING) !== 0 && !isCr3Target(cpu, v);
  return exits && exit(cpu, d, reason, crQualification(cr, CR_MOV_TO, gpr, false, 0));
}

/** One of the first CR3_TARGET_COUNT CR3-target values (SDM 26.1.3). */
function isCr3Target(cpu: Cpu, v: number): boolean {
  const vmcs = cpu.vmx.current;
  if (vmcs === null) return false;
  const n = Math.min(vmcs.read(F.CR3_TARGET_COUNT) >>> 0, MISC_CR3_TARGETS);
  for (let i = 0; i < n; i++) if (vmcs.read(F.CR3_TARGET_VALUE0 + 2 * i) === v) return true;
  return false;
}

/**
 * LMSW exits when it would write, for a bit of 3:0 set in the CR0 mask, a value other than the shadow's; it
 * cannot clear PE, so for PE only setting it where the shadow has 0 counts (SDM 26.1.3). A fault reading a
 * memory operand comes first (the exit depends on its value).
 */
function lmsw(cpu: Cpu, d: Insn, reason: number): boolean {
  const vmx = cpu.vmx;
  const mask = vmx.cr0Mask & 0xf, shadow = vmx.cr0Shadow;
  if (mask === 0) return false;
  if (!resolveOperands(cpu, d)) return true;
  const msw = readLoc(cpu, 0, 1) & 0xffff;
  if (cpu.exc >= 0) return true;
  const exits = (mask & msw & 1 & ~shadow) !== 0 || (mask & 0xe & (msw ^ shadow)) !== 0;
  if (!exits) return false;
  const memory = d.mod !== 3;
  if (memory) cpu.vmx.exitInfo.guestLinear = (cpu.segBase[locIdx[0]!]! + locVal[0]!) | 0;
  return exit(cpu, d, reason, crQualification(0, CR_LMSW, 0, memory, msw));
}

/**
 * IN, OUT, INS, OUTS: the IOPL / TSS permission check comes first (SDM 26.1.1); then the I/O bitmaps (one bit
 * per port, A for 0000–7FFF and B for 8000–FFFF, every port of the access; an access that wraps past FFFF
 * always exits) or, without them, unconditional I/O exiting.
 */
function io(cpu: Cpu, d: Insn, row: number, reason: number): boolean {
  const ctl = cpu.vmx.cpuControls;
  if ((ctl & (CPU_USE_IO_BITMAPS | CPU_UNCOND_IO_EXITING)) === 0) return false;
  if (!resolveOperands(cpu, d)) return true;
  const kind = ROW_KIND[row];
  const string = kind === I_INS || kind === I_OUTS;
  const input = kind === I_IN || kind === I_INS;
  // IN: AL/eAX, port; OUT: port, AL/eAX; INS/OUTS: the string operand, port in DX.
  const portSlot = kind === I_IN ? 1 : 0;
  const immediate = !string && locType[portSlot] === LOC_IMM;
  const port = string ? cpu.regs[EDX]! & 0xffff : (immediate ? locVal[portSlot]! : cpu.regs[EDX]!) & 0xffff;
  const sz = kind === I_OUT ? locSz[1]! : locSz[0]!;
  const bytes = 1 << sz;
  if (!ioAllowed(cpu, port, bytes)) return true;
  if (!ioExits(cpu, port, bytes)) return false;
  const info = cpu.vmx.exitInfo;
  if (string) {
    const seg = input ? ES : d.seg >= 0 ? d.seg : DS;
    const off = input ? cpu.regs[EDI]! : cpu.regs[ESI]!;
    info.guestLinear = (cpu.segBase[seg]! + (d.a32 ? off : off & 0xffff)) | 0;
    info.instructionInfo = stringInfo(d, seg);
  }
  return exit(cpu, d, reason, ioQualification(bytes, input, string, string && d.rep !== 0, immediate, port));
}

function ioExits(cpu: Cpu, port: number, bytes: number): boolean {
  const ctl = cpu.vmx.cpuControls;
  if ((ctl & CPU_USE_IO_BITMAPS) === 0) return (ctl & CPU_UNCOND_IO_EXITING) !== 0;
  const vmcs = cpu.vmx.current;
  if (vmcs === null) return true;
  for (let p = port; p < port + bytes; p++) {
    if (p > 0xffff) return true;
    const bitmap = vmcs.read64(p < 0x8000 ? F.IO_BITMAP_A : F.IO_BITMAP_B);
    if (((readPhys8(cpu, bitmap + ((p & 0x7fff) >>> 3)) >> (p & 7)) & 1) !== 0) return true;
  }
  return false;
}

/**
 * RDMSR/WRMSR: without MSR bitmaps every one exits; with them, the bit of the MSR in the read-low (0),
 * read-high (1024), write-low (2048) or write-high (3072) kilobyte quarter of the 4 KiB bitmap, for MSRs
 * 0–1FFF and C0000000–C0001FFF; any other MSR exits (SDM 25.6.9, 26.1.3).
 */
export function msrExits(cpu: Cpu, msr: number, write: boolean): boolean {
  if ((cpu.vmx.cpuControls & CPU_USE_MSR_BITMAPS) === 0) return true;
  const vmcs = cpu.vmx.current;
  if (vmcs === null) return true;
  const m = msr >>> 0;
  let quarter: number;
  if (m <= 0x1fff) quarter = 0;
  else if (m >= 0xc0000000 && m <= 0xc0001fff) quarter = 1024;
  else return true;
  const byte = vmcs.read64(F.MSR_BITMAP) + quarter + (write ? 2048 : 0) + ((m & 0x1fff) >>> 3);
  return ((readPhys8(cpu, byte) >> (m & 7)) & 1) !== 0;
}

// ---- CR0/CR4 under the guest/host masks (SDM 26.3) ----

/** MOV from CR0/CR4 and SMSW in non-root: bits set in the mask read from the read shadow. */
export function guestCrRead(cpu: Cpu, cr: number, value: number): number {
  const vmx = cpu.vmx;
  if (cr === 0) return (value & ~vmx.cr0Mask) | (vmx.cr0Shadow & vmx.cr0Mask);
  if (cr === 4) return (value & ~vmx.cr4Mask) | (vmx.cr4Shadow & vmx.cr4Mask);
  return value;
}

/** A write to CR0/CR4 in non-root that did not exit: bits set in the mask keep their real value. */
export function guestCrWrite(cpu: Cpu, cr: number, value: number): number {
  const vmx = cpu.vmx;
  if (cr === 0) return (value & ~vmx.cr0Mask) | (cpu.cr0 & vmx.cr0Mask);
  if (cr === 4) return (value & ~vmx.cr4Mask) | (cpu.cr4 & vmx.cr4Mask);
  return value;
}

/** CLTS in non-root that did not exit changes CR0.TS only when TS is not owned by the host (not in the mask). */
export function guestClearsTs(cpu: Cpu): boolean {
  return (cpu.vmx.cr0Mask & CR0_TS) === 0;
}

// ---- events at instruction boundaries ----

/** Interruption-information types (SDM table 25-17 / 25-18) and bits. */
export const INTR_EXTERNAL = 0, INTR_NMI = 2, INTR_HW_EXCEPTION = 3, INTR_SW_INTERRUPT = 4, INTR_PRIV_SW_EXCEPTION = 5,
  INTR_SW_EXCEPTION = 6;
export const INTR_ERROR_CODE = 1 << 11, INTR_NMI_UNBLOCKED_BY_IRET = 1 << 12, INTR_VALID = 0x80000000 | 0;

/** Interruption information word. */
export function intrInfo(vector: number, type: number, hasErrorCode: boolean): number {
  return (vector & 0xff) | (type << 8) | (hasErrorCode ? INTR_ERROR_CODE : 0) | INTR_VALID;
}

/** External interrupts exit whatever RFLAGS.IF says (SDM 26.2): a halted guest wakes for them with IF = 0. */
export function externalInterruptExiting(cpu: Cpu): boolean {
  return (cpu.vmx.pinControls & PIN_EXT_INT_EXITING) !== 0;
}

/**
 * At an instruction boundary in non-root: interrupt-window exiting (RFLAGS.IF = 1 and no blocking by STI or
 * MOV SS; it takes priority over external interrupts, SDM 26.7.5), then external-interrupt exiting (any
 * pending interrupt, IF or not, not while blocked by STI / MOV SS). With "acknowledge interrupt on exit" the
 * interrupt controller is acknowledged and the vector goes in VM_EXIT_INTR_INFO; otherwise it stays pending.
 * True after a VM exit.
 */
export function boundaryExit(cpu: Cpu): boolean {
  const vmx = cpu.vmx;
  if (cpu.interruptShadow) return false;
  if ((vmx.cpuControls & CPU_INTR_WINDOW_EXITING) !== 0 && (cpu.eflags & IF) !== 0) {
    atBoundary(cpu, ExitReason.INTERRUPT_WINDOW);
    return true;
  }
  const irq = cpu.irq;
  if ((vmx.pinControls & PIN_EXT_INT_EXITING) === 0 || irq === null) return false;
  if (cpu.pendingTicks > 0) flushTicks(cpu);
  const v = irq.pendingVector();
  if (v < 0) return false;
  if ((vmx.exitControls & EXIT_ACK_INTR_ON_EXIT) !== 0) {
    irq.acknowledge(v);
    vmx.exitInfo.intrInfo = intrInfo(v, INTR_EXTERNAL, false);
  }
  atBoundary(cpu, ExitReason.EXTERNAL_INTERRUPT);
  return true;
}

/**
 * An NMI at an instruction boundary (not blocked) with "NMI exiting": a VM exit with reason 0 and the NMI in
 * VM_EXIT_INTR_INFO instead of delivery to the guest; NMIs are blocked once the exit completes (SDM 26.2,
 * 28.1: vmExit does it). True after the VM exit.
 */
export function nmiExit(cpu: Cpu): boolean {
  if ((cpu.vmx.pinControls & PIN_NMI_EXITING) === 0) return false;
  cpu.vmx.exitInfo.intrInfo = intrInfo(NMI, INTR_NMI, false); // vmExit blocks NMIs after saving the guest's state
  atBoundary(cpu, ExitReason.EXCEPTION_NMI);
  return true;
}

/** cpu.instructions of the IRET in non-root that ended NMI blocking (bit 12 if it faults), else -1. */
let iretUnblockedAt = -1;

/**
 * IRET in non-root with NMIs blocked: it unblocks them only without "NMI exiting" (SDM 26.3); when it does,
 * a fault on it that exits reports "NMI unblocking due to IRET" (28.2.2).
 */
export function iretUnblocksNmi(cpu: Cpu): boolean {
  if ((cpu.vmx.pinControls & PIN_NMI_EXITING) !== 0) return false;
  iretUnblockedAt = cpu.instructions;
  return true;
}

function atBoundary(cpu: Cpu, reason: number): void {
  cpu.insnEip = cpu.eip;
  leave(cpu, reason, 0);
}

// ---- exceptions (exceptions.ts) ----

/** Interruption type of the software event pending in cpu.exc when it is not INT n (set by INT3/INTO, INT1). */
let softEventType = INTR_SW_INTERRUPT;
/** INT3 / INTO (software exception) or INT1 (privileged software exception) raised in non-root. */
export function noteSoftException(type: number): void { softEventType = type; }

/**
 * The event exceptions.ts is delivering through the guest's IDT: IDT-vectoring information if that faults,
 * and for INT n / INT3 / INTO / INT1 the instruction's length (the exit reports it, SDM 28.2.4).
 */
let delivering = 0, deliveringCode = 0, deliveringLength = 0;

/**
 * VM entry is injecting an event (interruption information as in VM_ENTRY_INTR_INFO_FIELD): a fault while
 * delivering it reports it as IDT-vectoring information, with VM_ENTRY_INSTRUCTION_LEN for software events.
 */
export function noteInjectedEvent(info: number, errorCode: number, instructionLength: number): void {
  const type = (info >>> 8) & 7;
  delivering = (info & ~(1 << 12)) | 0; deliveringCode = errorCode >= 0 ? errorCode : 0;
  deliveringLength = type === INTR_SW_INTERRUPT || type === INTR_PRIV_SW_EXCEPTION || type === INTR_SW_EXCEPTION ? instructionLength : 0;
}

/** DR6 before the engine recorded a #DB in it, and the bits it set (B0–B3, BS): a #DB that exits leaves DR6 alone. */
let dr6Before = 0, debugBits = 0;
export function noteDebugException(cpu: Cpu, bits: number): void {
  dr6Before = cpu.dr[6]!; debugBits = bits;
}

/** True when the exception bitmap (with the #PF error-code mask and match, SDM 25.6.3) asks for an exit. */
export function exceptionBitmapExits(cpu: Cpu, vector: number, code: number): boolean {
  const vmx = cpu.vmx;
  const bit = ((vmx.exceptionBitmap >>> vector) & 1) !== 0;
  if (vector !== PF) return bit;
  return ((code & vmx.pfErrorCodeMask) === vmx.pfErrorCodeMatch) === bit;
}

/**
 * The first event deliverPendingException is about to deliver (EIP already set as delivery needs it).
 * `vectoring`: interruption information of an external interrupt whose delivery raised this fault, or 0.
 * Exits when the exception bitmap says so; otherwise remembers the event as the one being delivered.
 */
export function exceptionExit(cpu: Cpu, vector: number, code: number, soft: boolean, trap: boolean, vectoring: number, vectoringCode: number): boolean {
  let type = INTR_HW_EXCEPTION;
  if (soft) type = softEventType;
  else if (trap && vector === DB && softEventType === INTR_PRIV_SW_EXCEPTION) type = INTR_PRIV_SW_EXCEPTION;
  softEventType = INTR_SW_INTERRUPT;
  const hasCode = type === INTR_HW_EXCEPTION && code >= 0;
  // A fault on an IRET that unblocked NMIs (other than #DB: an instruction breakpoint comes before the IRET);
  // the engine has counted the IRET by the time its fault is delivered.
  const onIret = iretUnblockedAt === cpu.instructions - 1 && type === INTR_HW_EXCEPTION && vector !== DB && vectoring === 0;
  iretUnblockedAt = -1;
  if (vector >= EXC_EPT_VIOLATION) {
    const info = cpu.vmx.exitInfo;
    info.idtVectoringInfo = vectoring; info.idtVectoringErrorCode = vectoringCode;
    eptLeave(cpu, vector, onIret);
    return true;
  }
  // INT n is never subject to the exception bitmap (SDM 26.2).
  if (type === INTR_SW_INTERRUPT || !exceptionBitmapExits(cpu, vector, code)) {
    delivering = intrInfo(vector, type, hasCode); deliveringCode = hasCode ? code : 0;
    deliveringLength = type === INTR_HW_EXCEPTION ? 0 : (cpu.eip - cpu.insnEip) | 0;
    return false;
  }
  const info = cpu.vmx.exitInfo;
  if (type !== INTR_HW_EXCEPTION) {
    // INT3, INTO, INT1: the saved EIP is the instruction's, its length goes with the exit (for reinjection).
    info.instructionLength = (cpu.eip - cpu.insnEip) | 0;
    cpu.eip = cpu.insnEip;
  }
  info.idtVectoringInfo = vectoring; info.idtVectoringErrorCode = vectoringCode;
  exceptionLeave(cpu, vector, code, type, hasCode, onIret);
  return true;
}

/**
 * A fault raised while delivering the previous event (`vector` after the double-fault rules; `becameDf` when
 * they turned it into #DF). Exits when the bitmap says so — with the previous event as IDT-vectoring
 * information, except for a #DF, which exits directly (SDM 28.2.4) — else it becomes the event being delivered.
 */
export function nestedExceptionExit(cpu: Cpu, vector: number, code: number, becameDf: boolean): boolean {
  const hasCode = code >= 0;
  if (!exceptionBitmapExits(cpu, vector, code)) {
    delivering = intrInfo(vector, INTR_HW_EXCEPTION, hasCode); deliveringCode = hasCode ? code : 0; deliveringLength = 0;
    return false;
  }
  const info = cpu.vmx.exitInfo;
  if (!becameDf && vector !== DF) {
    info.idtVectoringInfo = delivering; info.idtVectoringErrorCode = deliveringCode;
    info.instructionLength = deliveringLength; // EIP is back at the INT n / INT3 / INTO / INT1
  }
  exceptionLeave(cpu, vector, code, INTR_HW_EXCEPTION, hasCode);
  return true;
}

/**
 * An EPT violation or misconfiguration raised while delivering the event being delivered (exceptions.ts
 * deliverChain): the exit reports that event as IDT-vectoring information, EIP at the instruction (SDM 28.2.4).
 */
export function eptExitDuringDelivery(cpu: Cpu, vector: number): void {
  const info = cpu.vmx.exitInfo;
  info.idtVectoringInfo = delivering; info.idtVectoringErrorCode = deliveringCode;
  info.instructionLength = deliveringLength;
  eptLeave(cpu, vector, false);
}

/**
 * The EPT-induced VM exit of the pseudo-exception ept.ts raised: reason 48 with the qualification (bit 12 when
 * the access was IRET's, which unblocked NMIs), the guest-physical address and, when bit 7 says so, the
 * guest-linear address; reason 49 with the guest-physical address.
 */
function eptLeave(cpu: Cpu, vector: number, nmiUnblocked: boolean): void {
  const vmx = cpu.vmx, info = vmx.exitInfo;
  info.guestPhysical = vmx.eptGpa;
  if (vector === EXC_EPT_MISCONFIG) {
    cpu.insnEip = cpu.eip;
    leave(cpu, ExitReason.EPT_MISCONFIG, 0);
    return;
  }
  const qualification = vmx.eptQualification | (nmiUnblocked ? EPTQ_NMI_UNBLOCKING : 0);
  if ((qualification & EPTQ_GLA_VALID) !== 0) info.guestLinear = vmx.eptLinear;
  cpu.insnEip = cpu.eip;
  leave(cpu, ExitReason.EPT_VIOLATION, qualification);
}

function exceptionLeave(cpu: Cpu, vector: number, code: number, type: number, hasCode: boolean, nmiUnblocked = false): void {
  const info = cpu.vmx.exitInfo;
  info.intrInfo = intrInfo(vector, type, hasCode);
  if (nmiUnblocked) info.intrInfo |= INTR_NMI_UNBLOCKED_BY_IRET;
  info.intrErrorCode = hasCode ? code : 0;
  let qualification = 0;
  if (vector === PF && type === INTR_HW_EXCEPTION) {
    // The faulting address goes in the qualification; CR2 is not written (SDM 28.1).
    qualification = cpu.cr2;
    cpu.cr2 = cpu.vmx.cr2BeforeFault;
  } else if (vector === DB && type === INTR_HW_EXCEPTION) {
    // The qualification has the DR6 bits of this #DB (B0–B3, BS); DR6 is not written (SDM 28.1).
    qualification = debugBits;
    cpu.dr[6] = dr6Before;
    debugBits = 0;
  }
  cpu.insnEip = cpu.eip;
  leave(cpu, ExitReason.EXCEPTION_NMI, qualification);
}

/** A triple fault in non-root is a VM exit, not a shutdown; it is not an exit during event delivery. */
export function tripleFaultExit(cpu: Cpu): void {
  cpu.eip = cpu.insnEip;
  leave(cpu, ExitReason.TRIPLE_FAULT, 0);
}

/** IDT-vectoring information for a fault raised while delivering external interrupt `vector`. */
export function externalVectoring(vector: number): number {
  return intrInfo(vector, INTR_EXTERNAL, false);
}

/** IDT-vectoring information for a fault raised while delivering an NMI to the guest (no NMI exiting). */
export function nmiVectoring(): number {
  return intrInfo(2, INTR_NMI, false);
}

