/**
 * Integer ALU semantics, once per operation; the width is a size index (0 byte, 1 word, 2 dword) as in
 * Blink's ALU[op][size]. Each returns the (masked) result and records the lazy flags. CMP is SUB and TEST is
 * AND whose result the caller drops. Undefined flags follow QEMU 7.2 TCG (see flags.ts).
 */
import { CpuState, CF, OF } from './state';
import {
  CC_ADC, CC_ADD, CC_DEC, CC_EFLAGS, CC_INC, CC_LOGIC, CC_SAR, CC_SBB, CC_SHL, CC_SUB, SIZE_MASK, SIZE_SIGN,
  computeArith, getCF,
} from './flags';

/** Group-1 operation numbers (ModRM.reg of 80-83, and bits 3-5 of the 00-3F opcodes). */
export const ALU_ADD = 0, ALU_OR = 1, ALU_ADC = 2, ALU_SBB = 3, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7;

export function alu(s: CpuState, op: number, a: number, b: number, sz: number): number {
  const mask = SIZE_MASK[sz]!;
  let r: number;
  switch (op) {
    case ALU_ADD: r = (a + b) & mask; s.ccOp = CC_ADD + sz; s.ccSrc = b; break;
    case ALU_OR: r = (a | b) & mask; s.ccOp = CC_LOGIC + sz; break;
    case ALU_ADC: { const c = getCF(s); r = (a + b + c) & mask; s.ccOp = CC_ADC + sz; s.ccSrc = b; s.ccSrc2 = c; break; }
    case ALU_SBB: { const c = getCF(s); r = (a - b - c) & mask; s.ccOp = CC_SBB + sz; s.ccSrc = b; s.ccSrc2 = c; break; }
    case ALU_AND: r = a & b & mask; s.ccOp = CC_LOGIC + sz; break;
    case ALU_XOR: r = (a ^ b) & mask; s.ccOp = CC_LOGIC + sz; break;
    default: r = (a - b) & mask; s.ccOp = CC_SUB + sz; s.ccSrc = b; break; // SUB, CMP
  }
  s.ccDst = r;
  return r;
}

export function inc(s: CpuState, a: number, sz: number): number {
  const c = getCF(s);
  const r = (a + 1) & SIZE_MASK[sz]!;
  s.ccOp = CC_INC + sz; s.ccSrc = c; s.ccDst = r;
  return r;
}

export function dec(s: CpuState, a: number, sz: number): number {
  const c = getCF(s);
  const r = (a - 1) & SIZE_MASK[sz]!;
  s.ccOp = CC_DEC + sz; s.ccSrc = c; s.ccDst = r;
  return r;
}

export function neg(s: CpuState, a: number, sz: number): number {
  const r = (-a) & SIZE_MASK[sz]!;
  s.ccOp = CC_SUB + sz; s.ccSrc = a; s.ccDst = r;
  return r;
}

/** Shift/rotate group-2 numbers (ModRM.reg of C0/C1/D0-D3); 6 is the undocumented SAL alias of SHL. */
export const SH_ROL = 0, SH_ROR = 1, SH_RCL = 2, SH_RCR = 3, SH_SHL = 4, SH_SHR = 5, SH_SAL = 6, SH_SAR = 7;

/** Group-2 shift or rotate of `a` by `count` (not yet masked). Flags are unchanged when the masked count is 0. */
export function shift(s: CpuState, op: number, a: number, count: number, sz: number): number {
  const bits = 8 << sz;
  const mask = SIZE_MASK[sz]!;
  const sign = SIZE_SIGN[sz]!;
  count &= 0x1f;
  if (count === 0) return a & mask;
  a = (a & mask) >>> 0;
  switch (op) {
    case SH_ROL: case SH_ROR: {
      const n = count & (bits - 1);
      const r = n === 0 ? a : (op === SH_ROL ? ((a << n) | (a >>> (bits - n))) : ((a >>> n) | (a << (bits - n)))) & mask;
      const f = computeArith(s) & ~(CF | OF);
      let cf: number, of: number;
      if (op === SH_ROL) { cf = r & 1; of = ((r & sign) !== 0 ? 1 : 0) ^ cf; }
      else { cf = (r & sign) !== 0 ? 1 : 0; of = cf ^ ((r & (sign >>> 1)) !== 0 ? 1 : 0); }
      s.ccOp = CC_EFLAGS; s.ccSrc = f | cf | (of ? OF : 0);
      return r;
    }
    case SH_RCL: case SH_RCR: {
      const n = sz === 2 ? count : count % (bits + 1);
      if (n === 0) return a;
      const f = computeArith(s);
      const c = f & 1;
      let r: number, cf: number;
      // Work in a float-safe way: at most 33 bits are involved, so use two halves.
      if (op === SH_RCL) {
        cf = (a >>> (bits - n)) & 1;
        r = n === 1 ? ((a << 1) | c) : ((a << n) | (c << (n - 1)) | (a >>> (bits + 1 - n)));
      } else {
        cf = (a >>> (n - 1)) & 1;
        r = n === 1 ? ((a >>> 1) | (c << (bits - 1))) : ((a >>> n) | (c << (bits - n)) | (a << (bits + 1 - n)));
      }
      r &= mask;
      const of = ((a ^ r) & sign) !== 0 ? OF : 0;
      s.ccOp = CC_EFLAGS; s.ccSrc = (f & ~(CF | OF)) | cf | of;
      return r;
    }
    case SH_SHL: case SH_SAL: {
      // As QEMU: operate on the zero-extended value in 32 bits, then truncate (count ≤ 31).
      const pre = (a << (count - 1)) & mask;
      const r = (a << count) & mask;
      s.ccOp = CC_SHL + sz; s.ccSrc = pre; s.ccDst = r;
      return r;
    }
    case SH_SHR: {
      const pre = a >>> (count - 1);
      const r = pre >>> 1;
      s.ccOp = CC_SAR + sz; s.ccSrc = pre; s.ccDst = r;
      return r;
    }
    default: { // SAR
      const sa = (a << (32 - bits)) >> (32 - bits);
      const pre = sa >> (count - 1);
      const r = (pre >> 1) & mask;
      s.ccOp = CC_SAR + sz; s.ccSrc = pre & mask; s.ccDst = r;
      return r;
    }
  }
}

/**
 * SHLD (left = true) / SHRD: shift `dst` by `count`, filling from `src`. For 16-bit counts above 16 the SDM
 * leaves the result undefined; this follows QEMU (Intel's behaviour: the 48-bit value dst:src:dst).
 * ccSrc follows QEMU's temporaries (dst shifted by count-1), which decides OF for counts above 1.
 */
export function shiftDouble(s: CpuState, left: boolean, dst: number, src: number, count: number, sz: number): number {
  count &= 0x1f;
  const mask = SIZE_MASK[sz]!;
  if (count === 0) return dst & mask;
  dst = (dst & mask) >>> 0; src = (src & mask) >>> 0;
  let r: number, pre: number;
  if (sz === 2) {
    if (left) {
      r = (dst << count) | (src >>> (32 - count));
      pre = dst << (count - 1);
    } else {
      r = (dst >>> count) | (src << (32 - count));
      pre = dst >>> (count - 1);
    }
  } else if (left) {
    const low = dst | (src << 16);
    r = ((dst << count) | (low >>> (32 - count))) & 0xffff;
    pre = ((dst << (count - 1)) | (count === 1 ? 0 : low >>> (33 - count))) & 0xffff;
  } else {
    const low = dst | (src << 16);
    r = ((low >>> count) | (dst << (32 - count))) & 0xffff;
    pre = (low >>> (count - 1)) & 0xffff;
  }
  s.ccOp = (left ? CC_SHL : CC_SAR) + sz; s.ccSrc = pre | 0; s.ccDst = r | 0;
  return r & mask;
}

/** Flags for a TEST (AND without write-back). */
export function logicFlags(s: CpuState, r: number, sz: number): void {
  s.ccOp = CC_LOGIC + sz; s.ccDst = r;
}
