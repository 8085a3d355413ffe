/** Handlers: I/O, HLT, CPUID/RDTSC/MSRs, SYSENTER/SYSEXIT, descriptor-table and system-segment instructions. */
import { Cpu } from './cpu';
import type { Handler } from './exec-alu';
import { CC_EFLAGS, computeArith } from './flags';
import { LOC_IMM, LOC_MEM, getReg, locIdx, locType, locVal, readLoc, setReg, writeLoc } from './operands';
import { locSz } from './resolve';
import { readSeg, writeSeg } from './memory';
import { ioAllowed, portIn, portOut } from './io';
import { cpuid as cpuidImpl } from './cpuid';
import { msrValue, readMsr, tscValue, writeMsr } from './msr';
import { invalidatePage } from './paging';
import { AR_DB, AR_G, AR_P, AR_S, CR0_TS, CR4_TSD, CS, EAX, ECX, EDX, ESP, IF, LDTR, RF, SS, TR, VM, ZF, arDpl } from './state';
import { desc, descAr, descLimit, loadSystemSegment, readDescriptor, setSegment } from './segments';
import { writeControlRegister } from './control-regs';
import { writeEflags } from './flags';
import { EV_SYSENTER, EV_SYSEXIT } from './trace';
import { COST_PRIVILEGE_CHANGE } from './costs';
import { VMX_NON_ROOT } from '../vmx/vmx-state';
import { guestClearsTs, guestCrRead, guestCrWrite } from '../vmx/nonroot';

const UD = 6, GP = 13;

export const inH: Handler = (cpu) => {
  const sz = locSz[0]!;
  const port = readLoc(cpu, 1, locType[1] === LOC_IMM ? 0 : 1) & 0xffff;
  if (!ioAllowed(cpu, port, 1 << sz)) return;
  setReg(cpu, EAX, sz, portIn(cpu, port, sz));
};

export const outH: Handler = (cpu) => {
  const sz = locSz[1]!;
  const port = readLoc(cpu, 0, locType[0] === LOC_IMM ? 0 : 1) & 0xffff;
  if (!ioAllowed(cpu, port, 1 << sz)) return;
  portOut(cpu, port, sz, getReg(cpu, EAX, sz));
};

export const hlt: Handler = (cpu) => { cpu.halted = true; };
export const nop: Handler = () => {};
export const ud: Handler = (cpu) => cpu.raise(UD);

export const cpuid: Handler = (cpu) => cpuidImpl(cpu);

export const rdtsc: Handler = (cpu) => {
  if ((cpu.cr4 & CR4_TSD) !== 0 && cpu.cpl !== 0) { cpu.raise(GP, 0); return; }
  const t = tscValue(cpu);
  cpu.regs[EAX] = t % 4294967296; cpu.regs[EDX] = Math.floor(t / 4294967296);
};

export const rdmsr: Handler = (cpu) => {
  if (!readMsr(cpu, cpu.regs[ECX]!)) { cpu.raise(GP, 0); return; }
  cpu.regs[EAX] = msrValue[0]!; cpu.regs[EDX] = msrValue[1]!;
};

export const wrmsr: Handler = (cpu) => {
  if (!writeMsr(cpu, cpu.regs[ECX]!, cpu.regs[EAX]!, cpu.regs[EDX]!)) cpu.raise(GP, 0);
};

const FLAT_CODE = AR_P | AR_S | 0xb | AR_DB | AR_G, FLAT_DATA = AR_P | AR_S | 0x3 | AR_DB | AR_G;

export const sysenter: Handler = (cpu) => {
  const cs = cpu.sysenterCs & 0xfffc;
  if (cs === 0) { cpu.raise(GP, 0); return; }
  const from = cpu.cpl;
  writeEflags(cpu, 0, VM | IF | RF);
  setSegment(cpu, CS, cs, 0, 0xffffffff, FLAT_CODE);
  setSegment(cpu, SS, (cs + 8) & 0xfffc, 0, 0xffffffff, FLAT_DATA);
  cpu.regs[ESP] = cpu.sysenterEsp;
  cpu.eip = cpu.sysenterEip;
  cpu.trace.record(EV_SYSENTER, cpu.instructions, cpu.insnEip, from, 0);
  if (from !== 0) cpu.charge(COST_PRIVILEGE_CHANGE);
};

export const sysexit: Handler = (cpu) => {
  const cs = cpu.sysenterCs & 0xfffc;
  if (cs === 0 || cpu.cpl !== 0) { cpu.raise(GP, 0); return; }
  setSegment(cpu, CS, (cs + 16) | 3, 0, 0xffffffff, FLAT_CODE | (3 << 5));
  setSegment(cpu, SS, (cs + 24) | 3, 0, 0xffffffff, FLAT_DATA | (3 << 5));
  cpu.regs[ESP] = cpu.regs[ECX]!;
  cpu.eip = cpu.regs[EDX]!;
  cpu.trace.record(EV_SYSEXIT, cpu.instructions, cpu.insnEip, 0, 3);
  cpu.charge(COST_PRIVILEGE_CHANGE);
};

// ---- descriptor tables ----

function pseudoDescriptor(load: boolean, idt: boolean): Handler {
  return (cpu, d) => {
    const seg = locIdx[0]!, off = locVal[0]!;
    if (load) {
      const limit = readSeg(cpu, seg, off, 1), base = readSeg(cpu, seg, (off + 2) | 0, 2);
      if (cpu.exc >= 0) return;
      const b = d.osz === 1 ? base & 0xffffff : base;
      if (idt) { cpu.idtrBase = b; cpu.idtrLimit = limit; } else { cpu.gdtrBase = b; cpu.gdtrLimit = limit; }
    } else {
      writeSeg(cpu, seg, off, idt ? cpu.idtrLimit : cpu.gdtrLimit, 1);
      writeSeg(cpu, seg, (off + 2) | 0, idt ? cpu.idtrBase : cpu.gdtrBase, 2);
    }
  };
}
export const lgdt = pseudoDescriptor(true, false);
export const lidt = pseudoDescriptor(true, true);
export const sgdt = pseudoDescriptor(false, false);
export const sidt = pseudoDescriptor(false, true);

export const lldt: Handler = (cpu) => {
  const sel = readLoc(cpu, 0, 1); if (cpu.exc >= 0) return;
  loadSystemSegment(cpu, LDTR, sel);
};
export const ltr: Handler = (cpu) => {
  const sel = readLoc(cpu, 0, 1); if (cpu.exc >= 0) return;
  loadSystemSegment(cpu, TR, sel);
};
export const sldt: Handler = (cpu) => writeLoc(cpu, 0, locSz[0]!, cpu.segSel[LDTR]!);
export const str: Handler = (cpu) => writeLoc(cpu, 0, locSz[0]!, cpu.segSel[TR]!);
export const smsw: Handler = (cpu) => {
  const cr0 = cpu.vmxMode === VMX_NON_ROOT ? guestCrRead(cpu, 0, cpu.cr0) : cpu.cr0; // VMX: read shadow
  writeLoc(cpu, 0, locSz[0]!, locType[0] === LOC_MEM ? cr0 & 0xffff : cr0);
};
export const lmsw: Handler = (cpu) => {
  const v = readLoc(cpu, 0, 1); if (cpu.exc >= 0) return;
  // LMSW sets PE (cannot clear it) and writes MP, EM, TS.
  const cr0 = (cpu.cr0 & ~0xe) | (v & 0xf) | (cpu.cr0 & 1);
  writeControlRegister(cpu, 0, cpu.vmxMode === VMX_NON_ROOT ? guestCrWrite(cpu, 0, cr0) : cr0);
};
export const clts: Handler = (cpu) => {
  if (cpu.vmxMode !== VMX_NON_ROOT || guestClearsTs(cpu)) cpu.cr0 &= ~CR0_TS;
};
export const invlpg: Handler = (cpu) => {
  const seg = locIdx[0]!, off = locVal[0]!;
  invalidatePage(cpu, (cpu.segBase[seg]! + off) | 0);
};

// ---- LAR / LSL / VERR / VERW / ARPL ----

function setZF(cpu: Cpu, on: boolean): void {
  const f = computeArith(cpu);
  cpu.ccOp = CC_EFLAGS; cpu.ccSrc = on ? f | ZF : f & ~ZF;
}

/** Descriptor visible from CPL/RPL for LAR/LSL/VERR/VERW (no fault for a bad selector: ZF = 0). */
function visibleDescriptor(cpu: Cpu, sel: number, kind: 'lar' | 'lsl' | 'verr' | 'verw'): boolean {
  if ((sel & 0xfffc) === 0) return false;
  const ldt = (sel & 4) !== 0;
  const limit = ldt ? cpu.segLimit[LDTR]! : cpu.gdtrLimit;
  if ((sel | 7) > limit) return false;
  if (!readDescriptor(cpu, sel, GP)) return false;
  const ar = descAr(desc[1]!);
  const type = ar & 0xf, dpl = arDpl(ar);
  const conformingCode = (ar & AR_S) !== 0 && (type & 0xc) === 0xc;
  if (!conformingCode && (dpl < cpu.cpl || dpl < (sel & 3))) return false;
  if ((ar & AR_S) === 0) {
    // System descriptors LAR accepts: TSS (1,3,9,11), LDT (2), gates (4,5,12 for LAR only); LSL: no gates.
    const okLar = [1, 2, 3, 4, 5, 9, 11, 12].includes(type);
    const okLsl = [1, 2, 3, 9, 11].includes(type);
    if (kind === 'lar') return okLar;
    if (kind === 'lsl') return okLsl;
    return false;
  }
  if (kind === 'verr') return (type & 0xa) !== 0x8; // data, or readable code
  if (kind === 'verw') return (type & 0xa) === 0x2; // writable data
  return true;
}

export const lar: Handler = (cpu) => {
  const sel = readLoc(cpu, 1, 1) & 0xffff; if (cpu.exc >= 0) return;
  const ok = visibleDescriptor(cpu, sel, 'lar'); if (cpu.exc >= 0) return;
  if (ok) setReg(cpu, locIdx[0]!, locSz[0]!, desc[1]! & (locSz[0] === 2 ? 0x00f0ff00 : 0xff00));
  setZF(cpu, ok);
};
export const lsl: Handler = (cpu) => {
  const sel = readLoc(cpu, 1, 1) & 0xffff; if (cpu.exc >= 0) return;
  const ok = visibleDescriptor(cpu, sel, 'lsl'); if (cpu.exc >= 0) return;
  if (ok) setReg(cpu, locIdx[0]!, locSz[0]!, descLimit(desc[0]!, desc[1]!));
  setZF(cpu, ok);
};
export function makeVerify(write: boolean): Handler {
  return (cpu) => {
    const sel = readLoc(cpu, 0, 1) & 0xffff; if (cpu.exc >= 0) return;
    const ok = visibleDescriptor(cpu, sel, write ? 'verw' : 'verr'); if (cpu.exc >= 0) return;
    setZF(cpu, ok);
  };
}
export const arpl: Handler = (cpu) => {
  const dst = readLoc(cpu, 0, 1); if (cpu.exc >= 0) return;
  const src = getReg(cpu, locIdx[1]!, 1);
  if ((dst & 3) < (src & 3)) {
    writeLoc(cpu, 0, 1, (dst & ~3) | (src & 3)); if (cpu.exc >= 0) return;
    setZF(cpu, true);
  } else setZF(cpu, false);
};
