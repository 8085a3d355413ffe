/** Handlers: integer arithmetic, logic, shifts, multiply/divide, bit operations. */
import { Cpu } from './cpu';
import { Insn } from './insn';
import { ALU_CMP, alu, dec, inc, logicFlags, neg, shift, shiftDouble } from './alu';
import { divAcc, imulTrunc, mulAcc } from './muldiv';
import { CC_EFLAGS, CC_LOGIC, SIZE_MASK, computeArith } from './flags';
import {
  LOC_MEM, LOC_REG, getReg, locIdx, locType, locVal, readLoc, readLocRmw, setReg, writeLoc,
} from './operands';
import { locSz } from './resolve';
import { readSegRmw, writeSeg } from './memory';
import { CF, ZF } from './state';

export const DE_VECTOR = 0;
export type Handler = (cpu: Cpu, d: Insn, row: number) => void;

export function makeAlu(op: number): Handler {
  return (cpu) => {
    const sz = locSz[0]!;
    const a = op === ALU_CMP ? readLoc(cpu, 0, sz) : readLocRmw(cpu, 0, sz);
    if (cpu.exc >= 0) return;
    const b = readLoc(cpu, 1, sz);
    if (cpu.exc >= 0) return;
    const r = alu(cpu, op, a, b, sz);
    if (op !== ALU_CMP) writeLoc(cpu, 0, sz, r);
  };
}

export const test: Handler = (cpu) => {
  const sz = locSz[0]!;
  const a = readLoc(cpu, 0, sz); if (cpu.exc >= 0) return;
  const b = readLoc(cpu, 1, sz); if (cpu.exc >= 0) return;
  logicFlags(cpu, a & b & SIZE_MASK[sz]!, sz);
};

function unary(f: (cpu: Cpu, a: number, sz: number) => number): Handler {
  return (cpu) => {
    const sz = locSz[0]!;
    const a = readLocRmw(cpu, 0, sz); if (cpu.exc >= 0) return;
    writeLoc(cpu, 0, sz, f(cpu, a, sz));
  };
}
export const incH = unary(inc);
export const decH = unary(dec);
export const negH = unary(neg);
export const notH = unary((_c, a, sz) => ~a & SIZE_MASK[sz]!);

export function makeMulDiv(kind: 'mul' | 'imul' | 'div' | 'idiv'): Handler {
  return (cpu, _d, _row) => {
    const sz = locSz[0]!;
    if (kind === 'imul' && locType[1] !== -1) { // two/three-operand IMUL: Gv,Ev[,I]
      const a = readLoc(cpu, 1, sz); if (cpu.exc >= 0) return;
      const b = locType[2] !== -1 ? readLoc(cpu, 2, sz) : getReg(cpu, locIdx[0]!, sz);
      setReg(cpu, locIdx[0]!, sz, imulTrunc(cpu, a, b, sz));
      return;
    }
    const v = readLoc(cpu, 0, sz); if (cpu.exc >= 0) return;
    if (kind === 'mul' || kind === 'imul') mulAcc(cpu, v, sz, kind === 'imul');
    else if (!divAcc(cpu, v, sz, kind === 'idiv')) cpu.raise(DE_VECTOR);
  };
}

export function makeShift(op: number): Handler {
  return (cpu) => {
    const sz = locSz[0]!;
    const count = readLoc(cpu, 1, 0) & 0x1f;
    const a = readLocRmw(cpu, 0, sz); if (cpu.exc >= 0) return;
    if (count === 0) return; // flags and memory untouched
    writeLoc(cpu, 0, sz, shift(cpu, op, a, count, sz));
  };
}

export function makeShiftDouble(left: boolean): Handler {
  return (cpu) => {
    const sz = locSz[0]!;
    const count = readLoc(cpu, 2, 0) & 0x1f;
    const a = readLocRmw(cpu, 0, sz); if (cpu.exc >= 0) return;
    if (count === 0) return;
    const b = readLoc(cpu, 1, sz);
    writeLoc(cpu, 0, sz, shiftDouble(cpu, left, a, b, count, sz));
  };
}

/** BT/BTS/BTR/BTC: 0 test, 1 set, 2 reset, 3 complement. CF = the bit; other flags keep their values. */
export function makeBt(kind: number): Handler {
  return (cpu) => {
    const sz = locSz[0]!;
    const bits = 8 << sz;
    let bit = readLoc(cpu, 1, sz);
    if (locType[0] === LOC_MEM && locType[1] === LOC_REG) {
      // A register bit offset addresses memory beyond the operand (signed).
      const signed = sz === 2 ? bit | 0 : (bit << 16) >> 16;
      locVal[0] = (locVal[0]! + ((signed >> (sz === 2 ? 5 : 4)) << sz)) | 0;
    }
    bit &= bits - 1;
    const v = kind === 0 ? readLoc(cpu, 0, sz) : readLocRmw(cpu, 0, sz);
    if (cpu.exc >= 0) return;
    const cf = (v >>> bit) & 1;
    if (kind !== 0) {
      const m = 1 << bit;
      writeLoc(cpu, 0, sz, kind === 1 ? v | m : kind === 2 ? v & ~m : v ^ m);
    }
    const f = computeArith(cpu);
    cpu.ccOp = CC_EFLAGS; cpu.ccSrc = (f & ~CF) | cf;
  };
}

/** BSF/BSR: ZF set when the source is 0 (destination unchanged); QEMU's other flags: LOGIC of the source. */
export function makeBitScan(reverse: boolean): Handler {
  return (cpu) => {
    const sz = locSz[0]!;
    const v = readLoc(cpu, 1, sz) & SIZE_MASK[sz]!; if (cpu.exc >= 0) return;
    cpu.ccOp = CC_LOGIC + sz; cpu.ccDst = v;
    if (v === 0) return;
    setReg(cpu, locIdx[0]!, sz, reverse ? 31 - Math.clz32(v) : 31 - Math.clz32(v & -v));
  };
}

export const bswap: Handler = (cpu) => {
  const n = locIdx[0]!;
  const v = cpu.regs[n]!;
  cpu.regs[n] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
};

export const xadd: Handler = (cpu) => {
  const sz = locSz[0]!;
  const a = readLocRmw(cpu, 0, sz); if (cpu.exc >= 0) return;
  const b = readLoc(cpu, 1, sz);
  const r = alu(cpu, 0, a, b, sz);
  writeLoc(cpu, 0, sz, r);
  if (cpu.exc >= 0) return;
  setReg(cpu, locIdx[1]!, sz, a);
};

export const cmpxchg: Handler = (cpu) => {
  const sz = locSz[0]!;
  const a = readLocRmw(cpu, 0, sz); if (cpu.exc >= 0) return;
  const acc = getReg(cpu, 0, sz);
  alu(cpu, ALU_CMP, acc, a, sz);
  if ((acc & SIZE_MASK[sz]!) === (a & SIZE_MASK[sz]!)) writeLoc(cpu, 0, sz, readLoc(cpu, 1, sz));
  else {
    writeLoc(cpu, 0, sz, a); // the processor always writes (locked cycle)
    if (cpu.exc < 0) setReg(cpu, 0, sz, a);
  }
};

export const cmpxchg8b: Handler = (cpu) => {
  if (locType[0] !== LOC_MEM) { cpu.raise(6); return; }
  const seg = locIdx[0]!, off = locVal[0]!;
  const lo = readSegRmw(cpu, seg, off, 2), hi = readSegRmw(cpu, seg, off + 4, 2);
  if (cpu.exc >= 0) return;
  const r = cpu.regs;
  const f = computeArith(cpu) & ~ZF;
  if (lo === r[0] && hi === r[2]) {
    writeSeg(cpu, seg, off, r[3]!, 2); writeSeg(cpu, seg, off + 4, r[1]!, 2);
    if (cpu.exc >= 0) return;
    cpu.ccOp = CC_EFLAGS; cpu.ccSrc = f | ZF;
  } else {
    writeSeg(cpu, seg, off, lo, 2); writeSeg(cpu, seg, off + 4, hi, 2);
    if (cpu.exc >= 0) return;
    r[0] = lo; r[2] = hi;
    cpu.ccOp = CC_EFLAGS; cpu.ccSrc = f;
  }
};

