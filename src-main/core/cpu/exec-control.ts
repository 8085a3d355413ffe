/** Handlers: jumps, calls, returns, loops, software interrupts, IRET, BOUND. */
import { Cpu } from './cpu';
import type { Handler } from './exec-alu';
import { getZF, testCondition, computeArith } from './flags';
import { LOC_IMM, LOC_MEM, adjustEsp, locIdx, locType, locVal, peek, probeStackWrite, push, readLoc } from './operands';
import { readSeg } from './memory';
import { checkCodeSegment, commitCode, desc, descAr, descLimit, loadStackSegment, nullifyForOuterRing, readDescriptor } from './segments';
import { SWITCH_CALL, SWITCH_JMP, taskSwitch } from './tasks';
import { iret as iretImpl } from './exceptions';
import { AR_P, AR_S, CS, ECX, ESP, OF, SS, TR, arDpl } from './state';
import { readLin16, readLin32 } from './memory';
import { setSegment } from './segments';
import { EV_PRIV_CHANGE } from './trace';
import { COST_PRIVILEGE_CHANGE } from './costs';
import { rowCc } from './exec-data';
import { farReturnReal, farTransferReal, isRealMode } from './real-mode';
import { VMX_NON_ROOT } from '../vmx/vmx-state';
import { INTR_PRIV_SW_EXCEPTION, INTR_SW_EXCEPTION, noteSoftException } from '../vmx/nonroot';

const GP = 13, NP = 11, BR = 5, TS = 10;

/** Set EIP to a near target, truncated to the operand size, with the CS limit check. */
function jumpNear(cpu: Cpu, target: number, osz: number): void {
  if (osz === 1) target &= 0xffff;
  if ((target >>> 0) > cpu.segLimit[CS]!) { cpu.raise(GP, 0); return; }
  cpu.eip = target | 0;
}

export const jcc: Handler = (cpu, d, row) => {
  if (testCondition(cpu, rowCc[row]!)) jumpNear(cpu, cpu.eip + locVal[0]!, d.osz);
};

export const jmp: Handler = (cpu, d) => {
  const t = locType[0]!;
  if (t === LOC_IMM && isFarImm(d)) { farJump(cpu, d.imm2 & 0xffff, d.imm, d.osz, false); return; }
  if (t === LOC_IMM) { jumpNear(cpu, cpu.eip + locVal[0]!, d.osz); return; }
  if (farIndirect(d)) {
    const off = readSeg(cpu, locIdx[0]!, locVal[0]!, d.osz);
    const sel = readSeg(cpu, locIdx[0]!, (locVal[0]! + (1 << d.osz)) | 0, 1);
    if (cpu.exc >= 0) return;
    farJump(cpu, sel, off, d.osz, false);
    return;
  }
  const target = readLoc(cpu, 0, d.osz); if (cpu.exc >= 0) return;
  jumpNear(cpu, target, d.osz);
};

export const call: Handler = (cpu, d) => {
  const t = locType[0]!;
  if (t === LOC_IMM && isFarImm(d)) { farJump(cpu, d.imm2 & 0xffff, d.imm, d.osz, true); return; }
  if (farIndirect(d)) {
    const off = readSeg(cpu, locIdx[0]!, locVal[0]!, d.osz);
    const sel = readSeg(cpu, locIdx[0]!, (locVal[0]! + (1 << d.osz)) | 0, 1);
    if (cpu.exc >= 0) return;
    farJump(cpu, sel, off, d.osz, true);
    return;
  }
  const target = t === LOC_IMM ? cpu.eip + locVal[0]! : readLoc(cpu, 0, d.osz);
  if (cpu.exc >= 0) return;
  const ret = cpu.eip;
  push(cpu, ret, d.osz); if (cpu.exc >= 0) return;
  jumpNear(cpu, target, d.osz);
  if (cpu.exc >= 0) adjustEsp(cpu, 1 << d.osz);
};

/** Far forms are told apart by the row's operand class (Ap / Mp), recorded by dispatch.ts. */
export const rowFar = new Uint8Array(4096);
let curRow = 0;
export function setCurrentRow(row: number): void { curRow = row; }
const isFarImm = (_d: unknown): boolean => rowFar[curRow] === 1;
const farIndirect = (_d: unknown): boolean => rowFar[curRow] === 2 && locType[0] === LOC_MEM;

/** Far JMP or CALL to a code segment at the same privilege (call gates and task switches: not yet). */
function farJump(cpu: Cpu, sel: number, off: number, osz: number, isCall: boolean): void {
  if (isRealMode(cpu)) { farTransferReal(cpu, sel, off, osz, isCall); return; }
  if (!checkCodeSegmentOrGate(cpu, sel, isCall)) return;
  const ar = descAr(desc[1]!);
  const dpl = arDpl(ar), rpl = sel & 3;
  if ((ar & 4) !== 0 ? dpl > cpu.cpl : (rpl > cpu.cpl || dpl !== cpu.cpl)) { cpu.raise(GP, sel & 0xfffc); return; }
  if ((ar & AR_P) === 0) { cpu.raise(NP, sel & 0xfffc); return; }
  if (osz === 1) off &= 0xffff;
  if ((off >>> 0) > descLimit(desc[0]!, desc[1]!)) { cpu.raise(GP, 0); return; }
  if (isCall) {
    const size = 1 << osz;
    const lo = desc[0]!, hi = desc[1]!, at = desc[2]!;
    if (!probeStackWrite(cpu, size * 2)) return;
    push(cpu, cpu.segSel[CS]!, osz); push(cpu, cpu.eip, osz);
    if (cpu.exc >= 0) return;
    desc[0] = lo; desc[1] = hi; desc[2] = at;
  }
  commitCode(cpu, sel, cpu.cpl);
  cpu.eip = off;
}

/**
 * A code segment (true, descriptor in `desc`), or a system descriptor handled here: a TSS or task gate
 * switches tasks (false with no fault pending means "done"). Call gates are not implemented (#GP).
 */
function checkCodeSegmentOrGate(cpu: Cpu, sel: number, isCall: boolean): boolean {
  if ((sel & 0xfffc) === 0) { cpu.raise(GP, 0); return false; }
  if (!readDescriptor(cpu, sel, GP)) return false;
  const ar = descAr(desc[1]!);
  if ((ar & AR_S) !== 0) return checkCodeSegment(cpu, sel, GP);
  const type = ar & 0xf, dpl = arDpl(ar);
  if (type === 0xc) {
    if (dpl < cpu.cpl || dpl < (sel & 3)) { cpu.raise(GP, sel & 0xfffc); return false; }
    if ((ar & AR_P) === 0) { cpu.raise(NP, sel & 0xfffc); return false; }
    callGate(cpu, desc[0]!, desc[1]!, isCall);
    return false;
  }
  if (type !== 9 && type !== 5) { cpu.raise(GP, sel & 0xfffc); return false; }
  if (dpl < cpu.cpl || dpl < (sel & 3)) { cpu.raise(GP, sel & 0xfffc); return false; }
  if ((ar & AR_P) === 0) { cpu.raise(NP, sel & 0xfffc); return false; }
  const tss = type === 5 ? (desc[0]! >>> 16) : sel;
  taskSwitch(cpu, tss, isCall ? SWITCH_CALL : SWITCH_JMP);
  return false;
}

/** Far CALL/JMP through a 32-bit call gate; a CALL to a more privileged non-conforming segment switches stacks. */
function callGate(cpu: Cpu, gateLo: number, gateHi: number, isCall: boolean): void {
  const csSel = gateLo >>> 16;
  const off = (gateLo & 0xffff) | (gateHi & 0xffff0000);
  const params = gateHi & 0x1f;
  if (!checkCodeSegment(cpu, csSel, GP)) return;
  const ar = descAr(desc[1]!);
  const dpl = arDpl(ar);
  if (dpl > cpu.cpl) { cpu.raise(GP, csSel & 0xfffc); return; }
  if ((ar & AR_P) === 0) { cpu.raise(NP, csSel & 0xfffc); return; }
  const lo = desc[0]!, hi = desc[1]!, at = desc[2]!;
  const conforming = (ar & 4) !== 0;
  if (!isCall) {
    if (!conforming && dpl !== cpu.cpl) { cpu.raise(GP, csSel & 0xfffc); return; }
    commitCode(cpu, csSel, cpu.cpl);
    cpu.eip = off;
    return;
  }
  const oldCs = cpu.segSel[CS]!, oldEip = cpu.eip;
  if (!conforming && dpl < cpu.cpl) {
    const oldCpl = cpu.cpl, oldSs = cpu.segSel[SS]!, oldEsp = cpu.regs[ESP]!;
    const tr = cpu.segBase[TR]!;
    if (8 * dpl + 11 > cpu.segLimit[TR]!) { cpu.raise(TS, cpu.segSel[TR]! & 0xfffc); return; }
    const newEsp = readLin32(cpu, tr + 4 + 8 * dpl, 0), newSs = readLin16(cpu, tr + 8 + 8 * dpl, 0);
    // Parameters come from the old stack before it is switched.
    const args = gateArgs;
    for (let i = 0; i < params; i++) args[i] = readSeg(cpu, SS, (oldEsp + 4 * (params - 1 - i)) | 0, 2);
    if (cpu.exc >= 0) return;
    const saveSs = [cpu.segSel[SS]!, cpu.segBase[SS]!, cpu.segLimit[SS]!, cpu.segAr[SS]!] as const;
    if (!loadStackSegment(cpu, newSs, dpl, TS)) return;
    cpu.regs[ESP] = newEsp;
    cpu.cpl = dpl; // the pushes are accesses at the new privilege
    push(cpu, oldSs, 2); push(cpu, oldEsp, 2);
    for (let i = 0; i < params; i++) push(cpu, args[i]!, 2);
    push(cpu, oldCs, 2); push(cpu, oldEip, 2);
    if (cpu.exc >= 0) { // undo the stack switch; the fault is reported against the caller
      setSegment(cpu, SS, saveSs[0], saveSs[1], saveSs[2], saveSs[3]); cpu.regs[ESP] = oldEsp; cpu.cpl = oldCpl; return;
    }
    desc[0] = lo; desc[1] = hi; desc[2] = at;
    commitCode(cpu, csSel, dpl);
    cpu.eip = off;
    cpu.trace.record(EV_PRIV_CHANGE, cpu.instructions, cpu.insnEip, oldCpl, dpl);
    cpu.charge(COST_PRIVILEGE_CHANGE);
    return;
  }
  if (!probeStackWrite(cpu, 8)) return;
  push(cpu, oldCs, 2); push(cpu, oldEip, 2);
  desc[0] = lo; desc[1] = hi; desc[2] = at;
  commitCode(cpu, csSel, cpu.cpl);
  cpu.eip = off;
}
const gateArgs = new Int32Array(32);

export const ret: Handler = (cpu, d) => {
  const target = peek(cpu, 0, d.osz); if (cpu.exc >= 0) return;
  const release = locType[0] === LOC_IMM ? locVal[0]! & 0xffff : 0;
  jumpNear(cpu, target, d.osz); if (cpu.exc >= 0) return;
  adjustEsp(cpu, (1 << d.osz) + release);
};

export const retf: Handler = (cpu, d) => {
  const sz = d.osz, size = 1 << sz;
  const oldCpl = cpu.cpl;
  const release = locType[0] === LOC_IMM ? locVal[0]! & 0xffff : 0;
  if (isRealMode(cpu)) { farReturnReal(cpu, sz, release); return; }
  const off = peek(cpu, 0, sz), sel = peek(cpu, size, sz) & 0xffff;
  if (cpu.exc >= 0) return;
  const rpl = sel & 3;
  if (rpl < cpu.cpl) { cpu.raise(GP, sel & 0xfffc); return; }
  if (!checkCodeSegment(cpu, sel, GP)) return;
  const ar = descAr(desc[1]!);
  const dpl = arDpl(ar);
  if ((ar & 4) !== 0 ? dpl > rpl : dpl !== rpl) { cpu.raise(GP, sel & 0xfffc); return; }
  if ((ar & AR_P) === 0) { cpu.raise(NP, sel & 0xfffc); return; }
  const lo = desc[0]!, hi = desc[1]!, at = desc[2]!;
  if (rpl > cpu.cpl) {
    const newEsp = peek(cpu, 2 * size + release, sz), newSs = peek(cpu, 3 * size + release, sz) & 0xffff;
    if (cpu.exc >= 0) return;
    if (!loadStackSegment(cpu, newSs, rpl, GP)) return;
    desc[0] = lo; desc[1] = hi; desc[2] = at;
    commitCode(cpu, sel, rpl);
    cpu.eip = sz === 1 ? off & 0xffff : off;
    cpu.regs[4] = (newEsp + release) | 0;
    cpu.trace.record(EV_PRIV_CHANGE, cpu.instructions, cpu.insnEip, oldCpl, rpl);
    cpu.charge(COST_PRIVILEGE_CHANGE);
    nullifyForOuterRing(cpu);
    return;
  }
  desc[0] = lo; desc[1] = hi; desc[2] = at;
  commitCode(cpu, sel, cpu.cpl);
  cpu.eip = sz === 1 ? off & 0xffff : off;
  adjustEsp(cpu, 2 * size + release);
};

function loopCommon(cpu: Cpu, d: { a32: boolean; osz: number }, extra: number): void {
  const r = cpu.regs;
  let c: number;
  if (d.a32) { c = r[ECX] = (r[ECX]! - 1) | 0; } else { c = (r[ECX]! - 1) & 0xffff; r[ECX] = (r[ECX]! & ~0xffff) | c; }
  const cond = extra === 0 ? true : extra === 1 ? getZF(cpu) : !getZF(cpu);
  if (c !== 0 && cond) jumpNear(cpu, cpu.eip + locVal[0]!, d.osz);
}
export const loop: Handler = (cpu, d) => loopCommon(cpu, d, 0);
export const loope: Handler = (cpu, d) => loopCommon(cpu, d, 1);
export const loopne: Handler = (cpu, d) => loopCommon(cpu, d, 2);
export const jecxz: Handler = (cpu, d) => {
  const c = d.a32 ? cpu.regs[ECX]! : cpu.regs[ECX]! & 0xffff;
  if (c === 0) jumpNear(cpu, cpu.eip + locVal[0]!, d.osz);
};

/** INT n / INT3 / INTO: the event is delivered after the instruction, with EIP past it. */
export function softInt(cpu: Cpu, vector: number): void {
  cpu.exc = vector; cpu.excCode = -1; cpu.excSoft = true; cpu.excTrap = false;
}
export const int: Handler = (cpu) => softInt(cpu, locVal[0]! & 0xff);
export const int3: Handler = (cpu) => { softInt(cpu, 3); if (cpu.vmxMode === VMX_NON_ROOT) noteSoftException(INTR_SW_EXCEPTION); };
/** INT1 (ICEBP): a #DB trap that, unlike INT n, skips the gate DPL check. */
export const int1: Handler = (cpu) => {
  cpu.raise(1); cpu.excTrap = true;
  if (cpu.vmxMode === VMX_NON_ROOT) noteSoftException(INTR_PRIV_SW_EXCEPTION);
};
export const into: Handler = (cpu) => {
  if ((computeArith(cpu) & OF) === 0) return;
  softInt(cpu, 4);
  if (cpu.vmxMode === VMX_NON_ROOT) noteSoftException(INTR_SW_EXCEPTION); // INT3 and INTO: software exceptions for VMX
};

export const iret: Handler = (cpu, d) => { iretImpl(cpu, d.osz === 1); };

export const bound: Handler = (cpu, d) => {
  const sz = d.osz;
  const idx = readLoc(cpu, 0, sz);
  const lo = readSeg(cpu, locIdx[1]!, locVal[1]!, sz), hi = readSeg(cpu, locIdx[1]!, (locVal[1]! + (1 << sz)) | 0, sz);
  if (cpu.exc >= 0) return;
  const shift = sz === 1 ? 16 : 0; // compare as signed words or dwords
  const i = (idx << shift) >> shift;
  if (i < (lo << shift) >> shift || i > (hi << shift) >> shift) cpu.raise(BR);
};
