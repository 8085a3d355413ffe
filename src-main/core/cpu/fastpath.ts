/**
 * Specialised execution of the hottest 32-bit forms (ALU r,r / r,imm / r,[m] / [m],r / [m],imm, MOV r,r /
 * r,imm / r,[m] / [m],r, INC/DEC r / [m], Jcc, INT n, IRET), chosen once per decoded instruction (`Insn.fast`), so they skip the generic
 * operand resolution (resolve.ts) and the loc* slots. Semantics are those of the generic handlers: the same
 * ALU functions record the lazy flags, memory goes through readSeg/writeSeg (limits, paging, faults).
 */
import { ROWS } from '../isa/rows';
import { Cpu } from './cpu';
import { Insn } from './insn';
import {
  ALU_ADD, ALU_AND, ALU_CMP, ALU_OR, ALU_SUB, ALU_XOR, SH_ROL, SH_ROR, SH_SAR, SH_SHL, SH_SHR, alu, dec, inc, shift,
} from './alu';
import { testCondition } from './flags';
import { readSeg, readSegRmw, writeSeg } from './memory';
import { iret } from './exceptions';
import { softInt } from './exec-control';
import { LOC_IMM, LOC_MEM, LOC_REG } from './operands';
import { CS } from './state';

export const FAST_NONE = 0;
const F_ALU_RR = 1, F_ALU_RI = 2, F_ALU_RM = 3, F_MOV_RR = 4, F_MOV_RI = 5, F_MOV_RM = 6, F_MOV_MR = 7,
  F_INC = 8, F_DEC = 9, F_JCC = 10, F_SHIFT_RI = 11, F_ALU_MR = 12, F_ALU_MI = 13, F_INC_M = 14, F_DEC_M = 15,
  F_INT = 16, F_IRET = 17;
/** The fast form of INT imm8 (the vector in fastV): the engine delivers it straight (exceptions.ts deliverSoftInt). */
export { F_INT };
const GP = 13;
const K_MOV = 9, K_INC = 10, K_DEC = 11, K_JCC = 12, K_SHIFT = 13, K_INT = 14, K_IRET = 15;
const SHIFT_OF: Record<string, number> = { rol: SH_ROL, ror: SH_ROR, shl: SH_SHL, shr: SH_SHR, sar: SH_SAR };

const ALU_OF: Record<string, number> = { add: ALU_ADD, or: ALU_OR, and: ALU_AND, sub: ALU_SUB, xor: ALU_XOR, cmp: ALU_CMP };
/** Per row: ALU op number + 1 (1..8) for the fast ALU mnemonics, 9 = mov, 10 = inc, 11 = dec, 12 = jcc, 13 = shift, else 0. */
const ROW_FAST_KIND = new Uint8Array(ROWS.length);
const ROW_CC = new Int8Array(ROWS.length);
const ROW_SHIFT = new Int8Array(ROWS.length);
for (const r of ROWS) {
  const m = r.entry.m;
  const a = ALU_OF[m];
  ROW_FAST_KIND[r.id] = a !== undefined ? a + 1 : m === 'mov' ? K_MOV : m === 'inc' ? K_INC : m === 'dec' ? K_DEC : m === 'j$cc' ? K_JCC
    : SHIFT_OF[m] !== undefined ? K_SHIFT : m === 'int' ? K_INT : m === 'iret' ? K_IRET : 0;
  ROW_CC[r.id] = r.cc;
  ROW_SHIFT[r.id] = SHIFT_OF[m] ?? 0;
}

/**
 * Choose the fast form of a prepared instruction (after prepareOperands), or FAST_NONE. Fields used:
 * fastA (destination register / ALU op), fastB (source register), fastOp (ALU op), fastV (immediate).
 */
export function classifyFast(d: Insn): void {
  d.fast = FAST_NONE;
  const st = d.ops;
  if (st === null || d.invalid || d.lock || d.atomic || d.rep !== 0 || !d.a32) return;
  const kind = ROW_FAST_KIND[d.row]!;
  if (kind === 0) return;
  const n = d.nOps;
  const t0 = st[0]!, i0 = st[1]!, s0 = st[3]!;
  if (kind === K_JCC) {
    if (n !== 1 || t0 !== LOC_IMM || ROW_CC[d.row]! < 0) return;
    d.fastV = st[2]!; d.fastOp = ROW_CC[d.row]!; d.fast = F_JCC;
    return;
  }
  // System calls and their return: INT n and 32-bit IRET (the ring 3 ↔ ring 0 round trip of every syscall).
  if (kind === K_INT) {
    if (n === 1 && t0 === LOC_IMM) { d.fastV = st[2]! & 0xff; d.fast = F_INT; }
    return;
  }
  if (kind === K_IRET) {
    if (d.osz === 2) d.fast = F_IRET;
    return;
  }
  if (kind === K_INC || kind === K_DEC) {
    if (n !== 1 || s0 !== 2) return;
    if (t0 === LOC_REG) { d.fastA = i0; d.fast = kind === K_INC ? F_INC : F_DEC; }
    else if (t0 === LOC_MEM) d.fast = kind === K_INC ? F_INC_M : F_DEC_M;
    return;
  }
  if (n !== 2) return;
  const t1 = st[4]!, i1 = st[5]!, v1 = st[6]!, s1 = st[7]!;
  if (s0 !== 2) return;
  if (kind === K_MOV) {
    if (t0 === LOC_REG && t1 === LOC_REG && s1 === 2) { d.fastA = i0; d.fastB = i1; d.fast = F_MOV_RR; }
    else if (t0 === LOC_REG && t1 === LOC_IMM) { d.fastA = i0; d.fastV = v1; d.fast = F_MOV_RI; }
    else if (t0 === LOC_REG && t1 === LOC_MEM && d.memOp === 1) { d.fastA = i0; d.fast = F_MOV_RM; }
    else if (t0 === LOC_MEM && t1 === LOC_REG && s1 === 2 && d.memOp === 0) { d.fastB = i1; d.fast = F_MOV_MR; }
    return;
  }
  if (t0 === LOC_MEM && kind <= 8 && d.memOp === 0) { // ALU [m], r / [m], imm: read-modify-write (CMP only reads)
    d.fastOp = kind - 1;
    if (t1 === LOC_REG && s1 === 2) { d.fastB = i1; d.fast = F_ALU_MR; }
    else if (t1 === LOC_IMM) { d.fastV = v1; d.fast = F_ALU_MI; }
    return;
  }
  if (t0 !== LOC_REG) return;
  if (kind === K_SHIFT) {
    // Count from an immediate (C1 /n ib, D1 /n): CL counts stay generic.
    if (t1 === LOC_IMM) { d.fastOp = ROW_SHIFT[d.row]!; d.fastA = i0; d.fastV = v1 & 0x1f; d.fast = F_SHIFT_RI; }
    return;
  }
  d.fastOp = kind - 1;
  d.fastA = i0;
  if (t1 === LOC_REG && s1 === 2) { d.fastB = i1; d.fast = F_ALU_RR; }
  else if (t1 === LOC_IMM) { d.fastV = v1; d.fast = F_ALU_RI; }
  else if (t1 === LOC_MEM && d.memOp === 1) d.fast = F_ALU_RM;
}

/** INT n or a 32-bit IRET in its fast form (the engine runs them between translated blocks). */
export function isIntOrIret(d: Insn): boolean {
  return d.fast === F_INT || d.fast === F_IRET;
}

/** execFast() of an instruction isIntOrIret() accepts (a small function: it inlines where the switch would not). */
export function execIntOrIret(cpu: Cpu, d: Insn): void {
  if (d.fast === F_INT) softInt(cpu, d.fastV); else iret(cpu, false);
}

/** Offset of the ModRM memory operand (32-bit addressing only; classifyFast requires it). */
function ea(cpu: Cpu, d: Insn): number {
  const r = cpu.regs;
  let off = d.disp;
  if (d.base >= 0) off += r[d.base]!;
  if (d.index >= 0) off += r[d.index]! << d.scale;
  return off | 0;
}

/** Execute a fast-form instruction (EIP already past it). Faults are raised into cpu.exc as usual. */
export function execFast(cpu: Cpu, d: Insn): void {
  const r = cpu.regs;
  switch (d.fast) {
    case F_ALU_RR: {
      const v = alu(cpu, d.fastOp, r[d.fastA]!, r[d.fastB]!, 2);
      if (d.fastOp !== ALU_CMP) r[d.fastA] = v;
      return;
    }
    case F_ALU_RI: {
      const v = alu(cpu, d.fastOp, r[d.fastA]!, d.fastV, 2);
      if (d.fastOp !== ALU_CMP) r[d.fastA] = v;
      return;
    }
    case F_ALU_RM: {
      const b = readSeg(cpu, d.eaSeg, ea(cpu, d), 2);
      if (cpu.exc >= 0) return;
      const v = alu(cpu, d.fastOp, r[d.fastA]!, b, 2);
      if (d.fastOp !== ALU_CMP) r[d.fastA] = v;
      return;
    }
    case F_MOV_RR: r[d.fastA] = r[d.fastB]!; return;
    case F_MOV_RI: r[d.fastA] = d.fastV; return;
    case F_MOV_RM: {
      const v = readSeg(cpu, d.eaSeg, ea(cpu, d), 2);
      if (cpu.exc < 0) r[d.fastA] = v;
      return;
    }
    case F_MOV_MR: writeSeg(cpu, d.eaSeg, ea(cpu, d), r[d.fastB]!, 2); return;
    case F_SHIFT_RI:
      if (d.fastV !== 0) r[d.fastA] = shift(cpu, d.fastOp, r[d.fastA]!, d.fastV, 2);
      return;
    case F_ALU_MR:
    case F_ALU_MI: {
      const off = ea(cpu, d);
      const b = d.fast === F_ALU_MR ? r[d.fastB]! : d.fastV;
      if (d.fastOp === ALU_CMP) {
        const a = readSeg(cpu, d.eaSeg, off, 2);
        if (cpu.exc < 0) alu(cpu, ALU_CMP, a, b, 2);
        return;
      }
      const a = readSegRmw(cpu, d.eaSeg, off, 2);
      if (cpu.exc >= 0) return;
      const v = alu(cpu, d.fastOp, a, b, 2);
      writeSeg(cpu, d.eaSeg, off, v, 2);
      return;
    }
    case F_INC_M:
    case F_DEC_M: {
      const off = ea(cpu, d);
      const a = readSegRmw(cpu, d.eaSeg, off, 2);
      if (cpu.exc >= 0) return;
      writeSeg(cpu, d.eaSeg, off, d.fast === F_INC_M ? inc(cpu, a, 2) : dec(cpu, a, 2), 2);
      return;
    }
    case F_INT: softInt(cpu, d.fastV); return;
    case F_IRET: iret(cpu, false); return;
    case F_INC: r[d.fastA] = inc(cpu, r[d.fastA]!, 2); return;
    case F_DEC: r[d.fastA] = dec(cpu, r[d.fastA]!, 2); return;
    case F_JCC: {
      if (!testCondition(cpu, d.fastOp)) return;
      let target = cpu.eip + d.fastV;
      if (d.osz === 1) target &= 0xffff;
      if ((target >>> 0) > cpu.segLimit[CS]!) { cpu.raise(GP, 0); return; }
      cpu.eip = target | 0;
      return;
    }
    default:
  }
}
