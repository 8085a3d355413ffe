/**
 * Trap-and-emulate: a privileged or IOPL-sensitive instruction of the deprivileged guest kernel faults at ring
 * 1 (#GP), the VMM decodes it (guest-insn.ts) and performs it on the *virtual* CPU: control registers, the
 * descriptor-table registers, IF, the SYSENTER MSRs and HLT are virtual; port I/O goes to the device models
 * through the CPU's port bus exactly as natively (the instruction's own handler, run with the privilege the
 * guest believes it has); segment loads and far returns to the kernel's RPL-0 selectors load their ring-1
 * form. EIP is already past the instruction when an emulation starts; a fault it raises is reflected.
 */
import type { Cpu } from '../../cpu/cpu';
import type { Insn } from '../../cpu/insn';
import { ROWS, K } from '../../isa/rows';
import { ROW_HANDLERS } from '../../cpu/dispatch';
import { locSz, resolveOperands } from '../../cpu/resolve';
import { locIdx, locType, locVal, readLoc, setReg, peek, adjustEsp } from '../../cpu/operands';
import { LOC_MEM } from '../../cpu/operands';
import { readSeg } from '../../cpu/memory';
import { writeEflags } from '../../cpu/flags';
import { checkCodeSegment, commitCode, desc, descAr, loadStackSegment, setSegment } from '../../cpu/segments';
import { readDebugRegister, writeDebugRegister } from '../../cpu/control-regs';
import {
  AR_DB, AR_G, AR_P, AR_S, CR0_CD, CR0_ET, CR0_NW, CR0_PE, CR0_PG, CR0_TS, CS, ECX, EDX, EAX, ESP, IF, IOPL, NT,
  RF, SS, VM, EFLAGS_WRITABLE, arDpl,
} from '../../cpu/state';
import { MSR_SYSENTER_CS, MSR_SYSENTER_EIP, MSR_SYSENTER_ESP } from '../../cpu/msr';
import { EV_SYSENTER, EV_SYSEXIT } from '../../cpu/trace';
import { COST_IO_EXIT, COST_PRIVILEGE_CHANGE } from '../../cpu/costs';
import { SoftVmmError, realSelector } from './reflect';
import { setNmiBlocked } from '../../cpu/exceptions';
import { peekGuest32 } from './shadow-tables';

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
import type { SoftVmmVcpu } from './soft-vcpu';
import { SV } from './vmm-stats';

const UD = 6, GP = 13;

/** What the VMM does with a row when it faults at virtual CPL 0. */
export const enum Op {
  none, movToCr, movFromCr, movDr, cli, sti, hlt, lgdt, lidt, lldt, ltr, lmsw, clts, invlpg, native, rdmsr, wrmsr, io,
  iret, retf, movSs, popSs, lss, sysenter, sysexit, farTransfer,
}

export const ROW_OP = new Uint8Array(ROWS.length);
for (const row of ROWS) {
  const m = row.entry.m;
  const kinds = row.operands.map((o) => o.kind);
  let op = Op.none;
  if (m === 'mov' && kinds[0] === K.C) op = Op.movToCr;
  else if (m === 'mov' && kinds[1] === K.C) op = Op.movFromCr;
  else if (m === 'mov' && (kinds[0] === K.D || kinds[1] === K.D)) op = Op.movDr;
  else if (m === 'mov' && kinds[0] === K.S) op = Op.movSs;
  else if (m === 'pop' && row.opcode === 0x17 && row.map === 0) op = Op.popSs;
  else if (m === 'lss') op = Op.lss;
  else if (m === 'cli') op = Op.cli;
  else if (m === 'sti') op = Op.sti;
  else if (m === 'hlt') op = Op.hlt;
  else if (m === 'lgdt') op = Op.lgdt;
  else if (m === 'lidt') op = Op.lidt;
  else if (m === 'lldt') op = Op.lldt;
  else if (m === 'ltr') op = Op.ltr;
  else if (m === 'lmsw') op = Op.lmsw;
  else if (m === 'clts') op = Op.clts;
  else if (m === 'invlpg') op = Op.invlpg;
  else if (m === 'invd' || m === 'wbinvd') op = Op.native;
  else if (m === 'rdmsr') op = Op.rdmsr;
  else if (m === 'wrmsr') op = Op.wrmsr;
  else if (row.iopl) op = Op.io; // IN, OUT, INS*, OUTS* (CLI/STI are above)
  else if (m === 'iret' || m === 'iretw') op = Op.iret;
  else if (m === 'retf') op = Op.retf;
  else if (m === 'sysenter') op = Op.sysenter;
  else if (m === 'sysexit') op = Op.sysexit;
  else if ((m === 'jmp' || m === 'call') && (kinds[0] === K.A || row.operands[0]?.text === 'Mp')) op = Op.farTransfer;
  ROW_OP[row.id] = op;
}

const FLAT_CODE = AR_P | AR_S | 0xb | AR_DB | AR_G, FLAT_DATA = AR_P | AR_S | 0x3 | AR_DB | AR_G;
/** The VMX capability MSRs: absent for the guest (no VMX in its CPUID). */
const MSR_VMX_FIRST = 0x480, MSR_VMX_LAST = 0x491;
/** CR4 bits the guest may set (as control-regs.ts without VMXE: CPUID shows no VMX under a built-in VMM). */
const CR4_VALID = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x80 | 0x100;

/**
 * Emulates `insn` (EIP already past it) for the guest at virtual CPL 0. Returns false when the row is not one
 * the VMM emulates (the original fault is reflected). A fault raised while emulating is left in cpu.exc.
 */
export function emulate(vm: SoftVmmVcpu, insn: Insn, op: number): boolean {
  const cpu = vm.cpu;
  const virt = vm.virt;
  if (!resolveOperands(cpu, insn)) return true;
  switch (op) {
    case Op.movFromCr: {
      const n = locIdx[1]!;
      const v = n === 0 ? virt.cr0 : n === 2 ? virt.cr2 : n === 3 ? virt.cr3 : n === 4 ? virt.cr4 : -1;
      if (n === 1 || n > 4) { cpu.raise(UD); return true; }
      cpu.regs[locIdx[0]!] = v;
      return true;
    }
    case Op.movToCr: {
      const n = locIdx[0]!;
      const v = cpu.regs[locIdx[1]!]!;
      if (n === 0) writeCr0(vm, v);
      else if (n === 2) { virt.cr2 = v; cpu.cr2 = v; }
      else if (n === 3) {
        vm.loadCr3(v);
      }
      else if (n === 4) {
        if ((v & ~CR4_VALID) !== 0) { cpu.raise(GP, 0); return true; }
        virt.cr4 = v;
        vm.applyControlRegisters(false);
      } else cpu.raise(UD);
      return true;
    }
    case Op.movDr:
      if (locType[0] === 5 /* LOC_DREG */) writeDebugRegister(cpu, locIdx[0]!, cpu.regs[locIdx[1]!]!);
      else { const v = readDebugRegister(cpu, locIdx[1]!); if (cpu.exc < 0) cpu.regs[locIdx[0]!] = v; }
      return true;
    case Op.lmsw: {
      const v = readLoc(cpu, 0, 1); if (cpu.exc >= 0) return true;
      writeCr0(vm, (virt.cr0 & ~0xe) | (v & 0xf) | (virt.cr0 & 1));
      return true;
    }
    case Op.clts:
      virt.cr0 &= ~CR0_TS;
      cpu.cr0 &= ~CR0_TS;
      return true;
    case Op.cli:
      virt.interruptsEnabled = false;
      return true;
    case Op.sti:
      virt.interruptsEnabled = true;
      vm.stiShadow(); // a held interrupt comes after the next instruction, as STI's shadow says
      return true;
    case Op.hlt:
      vm.haltGuest();
      return true;
    case Op.lgdt:
    case Op.lidt: {
      const seg = locIdx[0]!, off = locVal[0]!;
      const limit = readSeg(cpu, seg, off, 1), base = readSeg(cpu, seg, (off + 2) | 0, 2);
      if (cpu.exc >= 0) return true;
      const b = insn.osz === 1 ? base & 0xffffff : base;
      if (op === Op.lidt) { virt.idtrBase = b; virt.idtrLimit = limit; return true; }
      vm.loadGdt(b, limit);
      return true;
    }
    case Op.lldt: {
      const sel = readLoc(cpu, 0, 1) & 0xffff; if (cpu.exc >= 0) return true;
      vm.loadLdt(sel);
      return true;
    }
    case Op.ltr: {
      const sel = readLoc(cpu, 0, 1) & 0xffff; if (cpu.exc >= 0) return true;
      vm.loadTr(sel);
      return true;
    }
    case Op.invlpg:
      vm.invlpg((cpu.segBase[locIdx[0]!]! + locVal[0]!) | 0);
      return true;
    case Op.native:
      ROW_HANDLERS[insn.row]!(cpu, insn, insn.row);
      return true;
    case Op.rdmsr: {
      const msr = cpu.regs[ECX]! >>> 0;
      let v: number;
      if (msr === MSR_SYSENTER_CS) v = virt.sysenterCs;
      else if (msr === MSR_SYSENTER_ESP) v = virt.sysenterEsp;
      else if (msr === MSR_SYSENTER_EIP) v = virt.sysenterEip;
      else if (msr >= MSR_VMX_FIRST && msr <= MSR_VMX_LAST) { cpu.raise(GP, 0); return true; }
      else { ROW_HANDLERS[insn.row]!(cpu, insn, insn.row); return true; }
      cpu.regs[EAX] = v;
      cpu.regs[EDX] = 0;
      return true;
    }
    case Op.wrmsr: {
      const msr = cpu.regs[ECX]! >>> 0;
      const v = cpu.regs[EAX]!;
      if (msr === MSR_SYSENTER_CS) virt.sysenterCs = v & 0xffff;
      else if (msr === MSR_SYSENTER_ESP) virt.sysenterEsp = v;
      else if (msr === MSR_SYSENTER_EIP) virt.sysenterEip = v;
      else if (msr >= MSR_VMX_FIRST && msr <= MSR_VMX_LAST) cpu.raise(GP, 0);
      else ROW_HANDLERS[insn.row]!(cpu, insn, insn.row);
      return true;
    }
    case Op.io:
      emulateIo(vm, insn);
      return true;
    case Op.iret:
      return emulateIret(vm, insn);
    case Op.retf:
      return emulateRetf(vm, insn);
    case Op.movSs:
      if (locIdx[0] !== SS) return false;
      loadKernelSs(vm, readLoc(cpu, 1, 1) & 0xffff);
      if (cpu.exc < 0) { cpu.interruptShadow = true; cpu.debugShadow = true; }
      return true;
    case Op.popSs: {
      const sel = peek(cpu, 0, insn.osz) & 0xffff; if (cpu.exc >= 0) return true;
      loadKernelSs(vm, sel);
      if (cpu.exc >= 0) return true;
      adjustEsp(cpu, 1 << insn.osz);
      cpu.interruptShadow = true; cpu.debugShadow = true;
      return true;
    }
    case Op.lss: {
      if (locType[1] !== LOC_MEM) return false;
      const sz = insn.osz;
      const s = locIdx[1]!, off = locVal[1]!;
      const o = readSeg(cpu, s, off, sz);
      const sel = readSeg(cpu, s, (off + (1 << sz)) | 0, 1);
      if (cpu.exc >= 0) return true;
      loadKernelSs(vm, sel);
      if (cpu.exc < 0) setReg(cpu, locIdx[0]!, sz, o);
      return true;
    }
    case Op.sysenter:
      return emulateSysenter(vm);
    case Op.sysexit:
      return emulateSysexit(vm);
    case Op.farTransfer:
      return farTransfer(vm, insn);
    default:
      return false;
  }
}

/** MOV to CR0 / LMSW on the virtual CR0, then the real registers the VMM derives from it. */
function writeCr0(vm: SoftVmmVcpu, v: number): void {
  const cpu = vm.cpu;
  if ((v & CR0_PG) !== 0 && (v & CR0_PE) === 0) { cpu.raise(GP, 0); return; }
  if ((v & CR0_NW) !== 0 && (v & CR0_CD) === 0) { cpu.raise(GP, 0); return; }
  if ((v & CR0_PE) === 0) throw new SoftVmmError('the guest left protected mode (CR0.PE = 0): real mode is not run under a software VMM');
  vm.virt.cr0 = v | CR0_ET;
  vm.applyControlRegisters(false);
}

/**
 * Port I/O: the instruction's own handler, run with IOPL 3 for this one instruction so that it passes the
 * CPU's permission check at the real ring, reaching the device models through the port bus exactly as natively
 * (INS/OUTS see memory with the guest's privilege). The guest's own permission was checked before.
 */
function emulateIo(vm: SoftVmmVcpu, insn: Insn): void {
  const cpu = vm.cpu;
  const rep = cpu.repLimit;
  cpu.repLimit = 1 << 20;
  cpu.eflags |= IOPL;
  try {
    ROW_HANDLERS[insn.row]!(cpu, insn, insn.row);
  } finally {
    cpu.eflags &= ~IOPL;
    cpu.repLimit = rep;
  }
  // Further iterations of REP INS/OUTS count as executed instructions, as the engine counts them natively.
  if (cpu.repExtra !== 0) { cpu.instructions += cpu.repExtra; cpu.repExtra = 0; }
  vm.count(SV.ioForwarded);
  cpu.charge(COST_IO_EXIT);
}

/** The port and width of an I/O row's access (operands resolved), as [port, bytes] in a reused array. */
const ioScratch = new Int32Array(2);
function ioAccess(cpu: Cpu, insn: Insn): Int32Array {
  const m = ROWS[insn.row]!.entry.m;
  const imm = m === 'in' ? locType[1] === 2 : m === 'out' ? locType[0] === 2 : false;
  ioScratch[0] = imm ? locVal[m === 'in' ? 1 : 0]! & 0xffff : cpu.regs[EDX]! & 0xffff;
  ioScratch[1] = 1 << locSz[m === 'out' ? 1 : 0]!;
  return ioScratch;
}

/**
 * The guest's own I/O permission at virtual CPL 3: its virtual IOPL, else the I/O bitmap of *its* TSS (the
 * real TR is the VMM's, which has none). Port I/O from guest user mode that it allows is emulated.
 */
export function emulateUserIo(vm: SoftVmmVcpu, insn: Insn): boolean {
  const cpu = vm.cpu;
  const virt = vm.virt;
  if (!resolveOperands(cpu, insn)) return false;
  if (virt.iopl < 3) {
    const access = ioAccess(cpu, insn);
    const port = access[0]!, bytes = access[1]!;
    if (virt.trSelector === 0 || virt.trLimit < 0x67) return false;
    const mapOff = peekGuest32(cpu, virt.trBase + 0x64) >>> 16;
    const byteOff = mapOff + (port >>> 3);
    if (byteOff + 1 > virt.trLimit) return false;
    const bits = peekGuest32(cpu, virt.trBase + byteOff) & 0xffff;
    if ((bits & (((1 << bytes) - 1) << (port & 7))) !== 0) return false;
  }
  emulateIo(vm, insn);
  return true;
}

/** MOV SS / POP SS / LSS with the kernel's RPL-0 selector: its ring-1 form (any other goes through the CPU's checks). */
function loadKernelSs(vm: SoftVmmVcpu, sel: number): void {
  const cpu = vm.cpu;
  vm.syncShadows();
  loadStackSegment(cpu, realSelector(sel), cpu.cpl, GP);
}

/**
 * IRET at virtual CPL 0. A frame back into the kernel (CS RPL 0) faulted at ring 1 and is emulated here with
 * the virtual IF and IOPL taken from the frame; a frame to an outer ring is the CPU's own IRET.
 */
function emulateIret(vm: SoftVmmVcpu, insn: Insn): boolean {
  const cpu = vm.cpu;
  const virt = vm.virt;
  if ((cpu.eflags & NT) !== 0) return taskReturn(vm);
  const sz = insn.osz, size = 1 << sz;
  const newEip = peek(cpu, 0, sz), newCs = peek(cpu, size, sz) & 0xffff, newFlags = peek(cpu, 2 * size, sz);
  if (cpu.exc >= 0) return true;
  vm.syncShadows();
  if ((newCs & 3) !== 0) {
    ROW_HANDLERS[insn.row]!(cpu, insn, insn.row); // to user mode: what the hardware does at ring 1 is right
    if (cpu.exc < 0) { virt.cpl = cpu.cpl; virt.interruptsEnabled = (newFlags & IF) !== 0; virt.iopl = (newFlags & IOPL) >>> 12; }
    return true;
  }
  const real = newCs | 1;
  if (!checkCodeSegment(cpu, real, GP)) return true;
  const ar = descAr(desc[1]!);
  if ((ar & 4) === 0 ? arDpl(ar) !== 1 : arDpl(ar) > 1) { cpu.raise(GP, newCs & 0xfffc); return true; }
  if ((ar & AR_P) === 0) { cpu.raise(11, newCs & 0xfffc); return true; }
  commitCode(cpu, real, 1);
  cpu.eip = sz === 1 ? newEip & 0xffff : newEip;
  adjustEsp(cpu, 3 * size);
  let mask = EFLAGS_WRITABLE & ~(IF | IOPL);
  if (sz === 1) mask &= 0xffff;
  writeEflags(cpu, newFlags, mask);
  virt.interruptsEnabled = (newFlags & IF) !== 0;
  if (sz === 2) virt.iopl = (newFlags & IOPL) >>> 12;
  virt.cpl = 0;
  if (cpu.nmiBlocked) setNmiBlocked(cpu, false); // IRET ends NMI blocking; a latched NMI comes next
  return true;
}

/**
 * IRET with NT = 1 at ring 1 ran natively as a task return through the VMM's TSS and faulted. The guest meant
 * its own TSS: a back link that is not a busy TSS of its GDT is the #TS the hardware would raise; a real task
 * return is a hardware task switch, which a software VMM does not emulate.
 */
function taskReturn(vm: SoftVmmVcpu): boolean {
  const cpu = vm.cpu;
  const virt = vm.virt;
  const back = peekGuest32(cpu, virt.trBase) & 0xffff;
  const hi = (back & 4) === 0 && (back | 7) <= virt.gdtrLimit && (back & 0xfffc) !== 0 ? peekGuest32(cpu, virt.gdtrBase + (back & 0xfff8) + 4) : 0;
  if (((hi >>> 8) & 0x1f) !== 0x0b && ((hi >>> 8) & 0x1f) !== 0x03) { cpu.raise(10, back & 0xfffc); return true; }
  throw new SoftVmmError(`IRET with NT = 1 returns to task ${hex(back)}: hardware task switches are not emulated`);
}

/**
 * A far JMP/CALL that faulted at ring 1: to a TSS or a task gate of the guest (DPL 0, out of reach of ring 1)
 * it is a hardware task switch, which is not emulated; anything else is the guest's fault (reflected).
 */
function farTransfer(vm: SoftVmmVcpu, insn: Insn): boolean {
  const cpu = vm.cpu;
  const virt = vm.virt;
  let sel: number;
  if (locType[0] === LOC_MEM) {
    sel = readSeg(cpu, locIdx[0]!, (locVal[0]! + (1 << insn.osz)) | 0, 1) & 0xffff;
    if (cpu.exc >= 0) { cpu.exc = -1; cpu.excCode = -1; return false; }
  } else sel = insn.imm2 & 0xffff;
  const ldt = (sel & 4) !== 0;
  if ((sel & 0xfffc) === 0 || (sel | 7) > (ldt ? virt.ldtrLimit : virt.gdtrLimit)) return false;
  const type = (peekGuest32(cpu, (ldt ? virt.ldtrBase : virt.gdtrBase) + (sel & 0xfff8) + 4) >>> 8) & 0x1f;
  if (type === 1 || type === 3 || type === 9 || type === 0xb || type === 5) {
    throw new SoftVmmError(`far ${ROWS[insn.row]!.entry.m} to ${type === 5 ? 'task gate' : 'TSS'} ${hex(sel)}: hardware task switches are not emulated`);
  }
  return false;
}

/** RETF at virtual CPL 0 to the kernel's RPL-0 CS (faults at ring 1: RPL < CPL); others are the CPU's own. */
function emulateRetf(vm: SoftVmmVcpu, insn: Insn): boolean {
  const cpu = vm.cpu;
  const sz = insn.osz, size = 1 << sz;
  const release = locType[0] === 2 /* LOC_IMM */ ? locVal[0]! & 0xffff : 0;
  const off = peek(cpu, 0, sz), sel = peek(cpu, size, sz) & 0xffff;
  if (cpu.exc >= 0) return true;
  vm.syncShadows();
  if ((sel & 3) !== 0 || (sel & 0xfffc) === 0) { ROW_HANDLERS[insn.row]!(cpu, insn, insn.row); vm.virt.cpl = cpu.cpl === 1 ? 0 : cpu.cpl; return true; }
  const real = sel | 1;
  if (!checkCodeSegment(cpu, real, GP)) return true;
  const ar = descAr(desc[1]!);
  if ((ar & 4) === 0 ? arDpl(ar) !== 1 : arDpl(ar) > 1) { cpu.raise(GP, sel & 0xfffc); return true; }
  if ((ar & AR_P) === 0) { cpu.raise(11, sel & 0xfffc); return true; }
  commitCode(cpu, real, 1);
  cpu.eip = sz === 1 ? off & 0xffff : off;
  adjustEsp(cpu, 2 * size + release);
  return true;
}

/** SYSENTER with the virtual SYSENTER MSRs (the real SYSENTER_CS is 0, so it faults from any ring). */
function emulateSysenter(vm: SoftVmmVcpu): boolean {
  const cpu = vm.cpu;
  const virt = vm.virt;
  const cs = virt.sysenterCs & 0xfffc;
  if (cs === 0) { cpu.raise(GP, 0); return true; }
  const from = virt.cpl;
  writeEflags(cpu, 0, VM | RF);
  virt.interruptsEnabled = false;
  setSegment(cpu, CS, cs | 1, 0, 0xffffffff, FLAT_CODE | (1 << 5));
  setSegment(cpu, SS, ((cs + 8) & 0xfffc) | 1, 0, 0xffffffff, FLAT_DATA | (1 << 5));
  cpu.regs[ESP] = virt.sysenterEsp;
  cpu.eip = virt.sysenterEip;
  virt.cpl = 0;
  cpu.trace.record(EV_SYSENTER, cpu.instructions, cpu.insnEip, from, 0);
  if (from !== 0) cpu.charge(COST_PRIVILEGE_CHANGE);
  return true;
}

/** SYSEXIT (privileged: faults at ring 1) to ring 3 with the virtual SYSENTER_CS. */
function emulateSysexit(vm: SoftVmmVcpu): boolean {
  const cpu = vm.cpu;
  const virt = vm.virt;
  const cs = virt.sysenterCs & 0xfffc;
  if (cs === 0) { cpu.raise(GP, 0); return true; }
  setSegment(cpu, CS, (cs + 16) | 3, 0, 0xffffffff, FLAT_CODE | (3 << 5));
  setSegment(cpu, SS, (cs + 24) | 3, 0, 0xffffffff, FLAT_DATA | (3 << 5));
  cpu.regs[ESP] = cpu.regs[ECX]!;
  cpu.eip = cpu.regs[EDX]!;
  virt.cpl = 3;
  cpu.trace.record(EV_SYSEXIT, cpu.instructions, cpu.insnEip, 0, 3);
  cpu.charge(COST_PRIVILEGE_CHANGE);
  return true;
}

export type { Cpu };
