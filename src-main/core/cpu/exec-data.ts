/** Handlers: data movement, stack, flag instructions, conditional set/move. */
import { Cpu } from './cpu';
import type { Handler } from './exec-alu';
import { CC_EFLAGS, computeArith, readEflags, testCondition, writeEflags } from './flags';
import {
  LOC_IMM, LOC_MEM, adjustEsp, locIdx, locType, locVal, peek, probeStackWrite, push, readLoc,
  readLocRmw, setReg, writeLoc, pokeBelow, stackIs32, resolveRm,
} from './operands';
import { LOC_CREG, LOC_DREG, LOC_SEG, locSz } from './resolve';
import { readSeg } from './memory';
import { loadDataSegment, loadStackSegment } from './segments';
import { isRealMode, loadRealSegment } from './real-mode';
import { writeControlRegister, readControlRegister, writeDebugRegister, readDebugRegister } from './control-regs';
import { VMX_NON_ROOT } from '../vmx/vmx-state';
import { guestCrRead, guestCrWrite } from '../vmx/nonroot';
import {
  AF, CF, CS, DF, DS, EBP, EBX, EFLAGS_WRITABLE, ESP, IF, IOPL, PF, SF, SS, ZF, EAX, EDX,
} from './state';

const UD = 6, GP = 13;

/** Load a segment register by number (MOV/POP/LxS); false after raising. */
export function loadSeg(cpu: Cpu, seg: number, sel: number): boolean {
  if (seg === CS) { cpu.raise(UD); return false; }
  if (seg === SS) {
    if (isRealMode(cpu)) loadRealSegment(cpu, SS, sel);
    else if (!loadStackSegment(cpu, sel)) return false;
    cpu.interruptShadow = true;
    cpu.debugShadow = true;
    return true;
  }
  if (isRealMode(cpu)) { loadRealSegment(cpu, seg, sel); return true; }
  return loadDataSegment(cpu, seg, sel);
}

export const mov: Handler = (cpu) => {
  const t0 = locType[0]!, t1 = locType[1]!;
  if (t0 === LOC_SEG) {
    const sel = readLoc(cpu, 1, 1); if (cpu.exc >= 0) return;
    loadSeg(cpu, locIdx[0]!, sel & 0xffff);
    return;
  }
  if (t1 === LOC_SEG) {
    // Register destination gets the zero-extended selector; memory gets a word.
    writeLoc(cpu, 0, locSz[0]!, cpu.segSel[locIdx[1]!]!);
    return;
  }
  if (t0 === LOC_CREG) {
    const v = cpu.regs[locIdx[1]!]!;
    // VMX non-root: bits the CR0/CR4 guest/host masks give the host keep their value (nonroot.ts).
    writeControlRegister(cpu, locIdx[0]!, cpu.vmxMode === VMX_NON_ROOT ? guestCrWrite(cpu, locIdx[0]!, v) : v);
    return;
  }
  if (t1 === LOC_CREG) {
    let v = readControlRegister(cpu, locIdx[1]!);
    if (cpu.vmxMode === VMX_NON_ROOT) v = guestCrRead(cpu, locIdx[1]!, v); // read shadows
    if (cpu.exc < 0) cpu.regs[locIdx[0]!] = v;
    return;
  }
  if (t0 === LOC_DREG) { writeDebugRegister(cpu, locIdx[0]!, cpu.regs[locIdx[1]!]!); return; }
  if (t1 === LOC_DREG) { const v = readDebugRegister(cpu, locIdx[1]!); if (cpu.exc < 0) cpu.regs[locIdx[0]!] = v; return; }
  const sz = locSz[0]!;
  const v = readLoc(cpu, 1, sz); if (cpu.exc >= 0) return;
  writeLoc(cpu, 0, sz, v);
};

export function makeMovx(signed: boolean): Handler {
  return (cpu) => {
    const ssz = locSz[1]!;
    let v = readLoc(cpu, 1, ssz); if (cpu.exc >= 0) return;
    if (signed) v = ssz === 0 ? (v << 24) >> 24 : (v << 16) >> 16;
    setReg(cpu, locIdx[0]!, locSz[0]!, v);
  };
}

export const lea: Handler = (cpu) => {
  setReg(cpu, locIdx[0]!, locSz[0]!, locVal[1]!);
};

export const xchg: Handler = (cpu) => {
  const sz = locSz[0]!;
  const a = readLocRmw(cpu, 0, sz); if (cpu.exc >= 0) return;
  const b = readLocRmw(cpu, 1, sz); if (cpu.exc >= 0) return;
  writeLoc(cpu, 0, sz, b); if (cpu.exc >= 0) return;
  writeLoc(cpu, 1, sz, a);
};

export const cbw: Handler = (cpu) => { setReg(cpu, EAX, 1, ((cpu.regs[EAX]! << 24) >> 24)); };
export const cwde: Handler = (cpu) => { cpu.regs[EAX] = (cpu.regs[EAX]! << 16) >> 16; };
export const cwd: Handler = (cpu) => { setReg(cpu, EDX, 1, (cpu.regs[EAX]! << 16) >> 31); };
export const cdq: Handler = (cpu) => { cpu.regs[EDX] = cpu.regs[EAX]! >> 31; };

export const sahf: Handler = (cpu) => {
  const ah = (cpu.regs[EAX]! >> 8) & 0xff;
  const mask = SF | ZF | AF | PF | CF;
  cpu.ccSrc = (computeArith(cpu) & ~mask) | (ah & mask); cpu.ccOp = CC_EFLAGS;
};
export const lahf: Handler = (cpu) => { setReg(cpu, 4, 0, (readEflags(cpu) & 0xff) | 2); };

export const xlatb: Handler = (cpu, d) => {
  const off = d.a32 ? (cpu.regs[EBX]! + (cpu.regs[EAX]! & 0xff)) | 0 : (cpu.regs[EBX]! + (cpu.regs[EAX]! & 0xff)) & 0xffff;
  const v = readSeg(cpu, d.seg >= 0 ? d.seg : DS, off, 0); if (cpu.exc >= 0) return;
  setReg(cpu, EAX, 0, v);
};

/** LES/LDS/LSS/LFS/LGS: offset then selector from memory. */
export function makeLoadFar(seg: number): Handler {
  return (cpu) => {
    const sz = locSz[0]!;
    const s = locIdx[1]!, off = locVal[1]!;
    const o = readSeg(cpu, s, off, sz);
    const sel = readSeg(cpu, s, (off + (1 << sz)) | 0, 1);
    if (cpu.exc >= 0) return;
    // LSS loads SS without MOV SS's one-instruction shadow (the SDM names only MOV SS and POP SS).
    if (seg === SS && isRealMode(cpu)) loadRealSegment(cpu, SS, sel);
    else if (!(seg === SS ? loadStackSegment(cpu, sel) : loadSeg(cpu, seg, sel))) return;
    setReg(cpu, locIdx[0]!, sz, o);
  };
}

// ---- stack ----

export const pushH: Handler = (cpu, d) => {
  const t = locType[0]!;
  if (t === LOC_SEG) { push(cpu, cpu.segSel[locIdx[0]!]!, d.osz); return; }
  const sz = t === LOC_IMM ? d.osz : locSz[0]!;
  const v = readLoc(cpu, 0, sz); if (cpu.exc >= 0) return;
  push(cpu, v, sz);
};

export const popH: Handler = (cpu, d) => {
  const t = locType[0]!;
  const sz = t === LOC_SEG ? d.osz : locSz[0]!;
  const v = peek(cpu, 0, sz); if (cpu.exc >= 0) return;
  if (t === LOC_SEG) {
    if (!loadSeg(cpu, locIdx[0]!, v & 0xffff)) return;
    adjustEsp(cpu, 1 << sz);
    return;
  }
  if (t === LOC_MEM) {
    // POP [ESP+x] computes the address with ESP already incremented.
    const oldEsp = cpu.regs[ESP]!;
    adjustEsp(cpu, 1 << sz);
    resolveRm(cpu, d, 0);
    writeLoc(cpu, 0, sz, v);
    if (cpu.exc >= 0) cpu.regs[ESP] = oldEsp;
    return;
  }
  adjustEsp(cpu, 1 << sz);
  setReg(cpu, locIdx[0]!, sz, v);
};

export const pusha: Handler = (cpu, d) => {
  const sz = d.osz, size = 1 << sz;
  if (!probeStackWrite(cpu, size * 8)) return;
  const esp = cpu.regs[ESP]!;
  for (let i = 0; i < 8; i++) pokeBelow(cpu, (i + 1) * size, i === ESP ? esp : cpu.regs[i]!, sz);
  if (cpu.exc < 0) adjustEsp(cpu, -size * 8);
};

export const popa: Handler = (cpu, d) => {
  const sz = d.osz, size = 1 << sz;
  const vals = popaScratch;
  for (let i = 0; i < 8; i++) { vals[7 - i] = peek(cpu, i * size, sz); if (cpu.exc >= 0) return; }
  for (let i = 0; i < 8; i++) if (i !== ESP) setReg(cpu, i, sz, vals[i]!);
  adjustEsp(cpu, size * 8);
};
const popaScratch = new Int32Array(8);

export const pushf: Handler = (cpu, d) => {
  push(cpu, readEflags(cpu) & ~(0x30000), d.osz); // VM and RF read as 0
};

export const popf: Handler = (cpu, d) => {
  const v = peek(cpu, 0, d.osz); if (cpu.exc >= 0) return;
  let mask = EFLAGS_WRITABLE & ~0x10000; // POPF clears RF
  if (cpu.cpl > 0) mask &= ~IOPL;
  if (cpu.cpl > ((cpu.eflags & IOPL) >>> 12)) mask &= ~IF;
  if (d.osz === 1) mask &= 0xffff;
  writeEflags(cpu, v & ~0x10000, mask | 0x10000);
  adjustEsp(cpu, 1 << d.osz);
};

export const enter: Handler = (cpu, d) => {
  const sz = d.osz, size = 1 << sz;
  const frameSize = locVal[0]! & 0xffff, level = locVal[1]! & 31;
  if (!probeStackWrite(cpu, size * (level + 1))) return;
  const ebp = cpu.regs[EBP]!;
  push(cpu, ebp, sz); if (cpu.exc >= 0) return;
  const frameTemp = cpu.regs[ESP]!;
  let bp = ebp;
  for (let i = 1; i < level; i++) {
    bp = stackIs32(cpu) ? (bp - size) | 0 : (bp - size) & 0xffff;
    const v = readSeg(cpu, SS, bp, sz); if (cpu.exc >= 0) return;
    push(cpu, v, sz); if (cpu.exc >= 0) return;
  }
  if (level > 0) { push(cpu, frameTemp, sz); if (cpu.exc >= 0) return; }
  setReg(cpu, EBP, sz, frameTemp);
  adjustEsp(cpu, -frameSize);
};

export const leave: Handler = (cpu, d) => {
  const ebp = cpu.regs[EBP]!;
  const v = readSeg(cpu, SS, stackIs32(cpu) ? ebp : ebp & 0xffff, d.osz); if (cpu.exc >= 0) return;
  if (stackIs32(cpu)) cpu.regs[ESP] = (ebp + (1 << d.osz)) | 0;
  else setReg(cpu, ESP, 1, ebp + (1 << d.osz));
  setReg(cpu, EBP, d.osz, v);
};

// ---- flags and conditions ----

function setArith(cpu: Cpu, set: number, clear: number): void {
  cpu.ccSrc = (computeArith(cpu) & ~clear) | set; cpu.ccOp = CC_EFLAGS;
}
export const clc: Handler = (cpu) => setArith(cpu, 0, CF);
export const stc: Handler = (cpu) => setArith(cpu, CF, 0);
export const cmc: Handler = (cpu) => setArith(cpu, (computeArith(cpu) & CF) ^ CF, CF);
export const cld: Handler = (cpu) => { cpu.eflags &= ~DF; };
export const std: Handler = (cpu) => { cpu.eflags |= DF; };

export const cli: Handler = (cpu) => {
  if (cpu.cpl > ((cpu.eflags & IOPL) >>> 12)) { cpu.raise(GP, 0); return; }
  cpu.eflags &= ~IF;
};
export const sti: Handler = (cpu) => {
  if (cpu.cpl > ((cpu.eflags & IOPL) >>> 12)) { cpu.raise(GP, 0); return; }
  if ((cpu.eflags & IF) === 0) cpu.interruptShadow = true;
  cpu.eflags |= IF;
};

export const setcc: Handler = (cpu, _d, row) => {
  writeLoc(cpu, 0, 0, testCondition(cpu, ccOf(row)) ? 1 : 0);
};

export const cmovcc: Handler = (cpu, _d, row) => {
  const sz = locSz[0]!;
  const v = readLoc(cpu, 1, sz); if (cpu.exc >= 0) return;
  if (testCondition(cpu, ccOf(row))) setReg(cpu, locIdx[0]!, sz, v);
};

/** Condition number per row (filled by dispatch.ts). */
export const rowCc = new Int8Array(4096);
const ccOf = (row: number): number => rowCc[row]!;

