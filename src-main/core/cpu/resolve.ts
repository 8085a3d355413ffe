/**
 * Per-row operand layout, computed once from the isa table (ROWS), and the per-instruction resolution of
 * operands into the loc* slots of operands.ts with their size index in `locSz`.
 */
import { K, ROWS, SZ } from '../isa/rows';
import { Cpu } from './cpu';
import { Insn } from './insn';
import { DS, ES } from './state';
import { LOC_IMM, LOC_MEM, LOC_REG, locIdx, locType, locVal, resolveRm } from './operands';

export const LOC_SEG = 3, LOC_CREG = 4, LOC_DREG = 5, LOC_NONE = -1;
export const locSz = new Int32Array(4);

const MAX_OPS = 3;
const n = ROWS.length;
/** Operand kind (K.*), size class (SZ.*), fixed register number per row × operand; kind 0 = none. */
export const rowOpKind = new Int8Array(n * MAX_OPS);
export const rowOpSize = new Int8Array(n * MAX_OPS);
export const rowOpReg = new Int8Array(n * MAX_OPS);
/** 1: memory-only r/m (M), 2: register-only r/m (R). */
export const rowModReq = new Int8Array(n);

/** Fixed registers: GPR number, or 8 + segment number. */
const FIXED: Record<string, number> = { al: 0, cl: 1, dx: 2, eax: 0, es: 8, cs: 9, ss: 10, ds: 11, fs: 12, gs: 13 };
for (const row of ROWS) {
  rowModReq[row.id] = row.modReq;
  row.operands.forEach((o, i) => {
    if (i >= MAX_OPS) return;
    rowOpKind[row.id * MAX_OPS + i] = o.kind;
    rowOpSize[row.id * MAX_OPS + i] = o.size;
    rowOpReg[row.id * MAX_OPS + i] = FIXED[o.reg] ?? 0;
  });
}

/** Size index of a size class for this instruction (-1 for sizes that are not a plain width). */
function sizeIndex(cls: number, d: Insn, isMem: boolean): number {
  switch (cls) {
    case SZ.B: return 0;
    case SZ.W: return 1;
    case SZ.D: return 2;
    case SZ.V: return d.osz;
    case SZ.VW: return isMem ? 1 : d.osz;
    case SZ.WR: return isMem ? 1 : d.osz;
    default: return d.osz;
  }
}

/**
 * Resolve every operand of `d`. Returns false after raising #UD when the encoding is invalid for the
 * row (memory-only operand given a register).
 */
export function resolveOperands(cpu: Cpu, d: Insn): boolean {
  const st = d.ops;
  if (st === null) return resolveFull(cpu, d);
  if (d.invalid) { cpu.raise(6); return false; }
  // Copy only the slots the row uses, then terminate (handlers test locType[i] === LOC_NONE).
  const n = d.nOps;
  if (n > 0) {
    locType[0] = st[0]!; locIdx[0] = st[1]!; locVal[0] = st[2]!; locSz[0] = st[3]!;
    if (n > 1) {
      locType[1] = st[4]!; locIdx[1] = st[5]!; locVal[1] = st[6]!; locSz[1] = st[7]!;
      if (n > 2) { locType[2] = st[8]!; locIdx[2] = st[9]!; locVal[2] = st[10]!; locSz[2] = st[11]!; }
    }
  }
  locType[n] = LOC_NONE;
  const m = d.memOp;
  if (m >= 0) resolveRm(cpu, d, m);
  return true;
}

/**
 * Precompute the parts of the operands that do not depend on registers (kinds, register numbers, sizes,
 * immediates) once per decoded instruction; only a ModRM memory operand's address is computed per execution.
 */
export function prepareOperands(d: Insn): void {
  const st = d.opsStore ??= new Int32Array(12);
  d.memOp = -1;
  locType[0] = LOC_NONE; locType[1] = LOC_NONE; locType[2] = LOC_NONE;
  d.invalid = !resolveFull(null, d);
  d.nOps = locType[0] === LOC_NONE ? 0 : locType[1] === LOC_NONE ? 1 : locType[2] === LOC_NONE ? 2 : 3;
  for (let i = 0; i < 3; i++) {
    st[i * 4] = locType[i]!; st[i * 4 + 1] = locIdx[i]!; st[i * 4 + 2] = locVal[i]!; st[i * 4 + 3] = locSz[i]!;
  }
  d.ops = st;
}

function resolveFull(cpu: Cpu | null, d: Insn): boolean {
  const base = d.row * MAX_OPS;
  let immUsed = 0;
  for (let i = 0; i < MAX_OPS; i++) {
    const kind = rowOpKind[base + i]!;
    locType[i] = LOC_NONE;
    if (kind === 0) { locType[i + 1] = LOC_NONE; break; }
    const cls = rowOpSize[base + i]!;
    switch (kind) {
      case K.E: case K.M:
        if (kind === K.M && d.mod === 3) { cpu?.raise(6); return false; }
        if (cpu) resolveRm(cpu, d, i);
        else if (d.mod === 3) { locType[i] = LOC_REG; locIdx[i] = d.rm; }
        else { locType[i] = LOC_MEM; locIdx[i] = d.eaSeg; locVal[i] = 0; d.memOp = i; }
        locSz[i] = sizeIndex(cls, d, d.mod !== 3);
        break;
      case K.R:
        locType[i] = LOC_REG; locIdx[i] = d.rm; locSz[i] = sizeIndex(cls, d, false);
        break;
      case K.G:
        locType[i] = LOC_REG; locIdx[i] = d.reg; locSz[i] = sizeIndex(cls, d, false);
        break;
      case K.Z:
        locType[i] = LOC_REG; locIdx[i] = d.opReg; locSz[i] = sizeIndex(cls, d, false);
        break;
      case K.S:
        if (d.reg > 5) { cpu?.raise(6); return false; }
        locType[i] = LOC_SEG; locIdx[i] = d.reg; locSz[i] = 1;
        break;
      case K.C: locType[i] = LOC_CREG; locIdx[i] = d.reg; locSz[i] = 2; break;
      case K.D: locType[i] = LOC_DREG; locIdx[i] = d.reg; locSz[i] = 2; break;
      case K.I: case K.IBS: case K.ONE: case K.J: {
        let v = kind === K.ONE ? 1 : immUsed++ === 0 ? d.imm : d.imm2;
        let sz = kind === K.ONE ? 0 : sizeIndex(cls, d, false);
        if (kind === K.IBS) { v = (v << 24) >> 24; sz = d.osz; }
        else if (kind === K.J) v = cls === SZ.B ? (v << 24) >> 24 : d.osz === 1 ? (v << 16) >> 16 : v;
        if (kind !== K.J && sz < 2) v &= sz === 1 ? 0xffff : 0xff;
        locType[i] = LOC_IMM; locVal[i] = v; locSz[i] = sz;
        break;
      }
      case K.A:
        locType[i] = LOC_IMM; locVal[i] = d.imm; locSz[i] = d.osz;
        break;
      case K.O:
        locType[i] = LOC_MEM; locIdx[i] = d.seg >= 0 ? d.seg : DS;
        locVal[i] = immUsed++ === 0 ? (d.a32 ? d.imm : d.imm & 0xffff) : d.imm2;
        locSz[i] = sizeIndex(cls, d, true);
        break;
      case K.REG: {
        const r = rowOpReg[base + i]!;
        if (r >= 8) { locType[i] = LOC_SEG; locIdx[i] = r - 8; locSz[i] = 1; }
        else { locType[i] = LOC_REG; locIdx[i] = r; locSz[i] = cls === SZ.B ? 0 : cls === SZ.V ? d.osz : 1; }
        break;
      }
      case K.X:
        locType[i] = LOC_MEM; locIdx[i] = d.seg >= 0 ? d.seg : DS; locSz[i] = sizeIndex(cls, d, true);
        break;
      case K.Y:
        locType[i] = LOC_MEM; locIdx[i] = ES; locSz[i] = sizeIndex(cls, d, true);
        break;
      default:
        locType[i] = LOC_NONE;
    }
  }
  return true;
}

export { LOC_IMM, LOC_MEM, LOC_REG };
