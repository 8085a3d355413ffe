/**
 * MUL/IMUL/DIV/IDIV. Products and quotients of 32-bit operands need 64 bits, which a double cannot hold, so
 * the high half is built from 16-bit partial products; division falls back to BigInt only when the dividend
 * exceeds 2^53 (rare). Division returns false for #DE (divide by zero or quotient overflow).
 * Flags: MUL/IMUL as QEMU's CC_OP_MUL (CF = OF = high part significant, SF/ZF/PF of the low part, AF = 0);
 * DIV/IDIV leave the flags as they were (QEMU does not touch them; the SDM calls them undefined).
 */
import { CpuState, EAX, EDX } from './state';
import { CC_MUL } from './flags';

/** High 32 bits of the unsigned 64-bit product of two uint32 values. */
export function mulHighU32(a: number, b: number): number {
  a >>>= 0; b >>>= 0;
  const aL = a & 0xffff, aH = a >>> 16, bL = b & 0xffff, bH = b >>> 16;
  const ll = aL * bL, lh = aL * bH, hl = aH * bL, hh = aH * bH;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0;
}

/** High 32 bits of the signed 64-bit product. */
export function mulHighS32(a: number, b: number): number {
  let h = mulHighU32(a, b);
  if ((a | 0) < 0) h -= b >>> 0;
  if ((b | 0) < 0) h -= a >>> 0;
  return h | 0;
}

/** One-operand MUL (signed = false) or IMUL of the accumulator by `src`. */
export function mulAcc(s: CpuState, src: number, sz: number, signed: boolean): void {
  const r = s.regs;
  if (sz === 0) {
    const al = r[EAX]! & 0xff, v = src & 0xff;
    const p = signed ? ((al << 24) >> 24) * ((v << 24) >> 24) : al * v;
    r[EAX] = (r[EAX]! & ~0xffff) | (p & 0xffff);
    s.ccDst = p;
    s.ccSrc = signed ? p - ((p << 24) >> 24) : p & 0xff00;
  } else if (sz === 1) {
    const ax = r[EAX]! & 0xffff, v = src & 0xffff;
    const p = signed ? Math.imul((ax << 16) >> 16, (v << 16) >> 16) : ax * v;
    r[EAX] = (r[EAX]! & ~0xffff) | (p & 0xffff);
    r[EDX] = (r[EDX]! & ~0xffff) | ((p >>> 16) & 0xffff);
    s.ccDst = p & 0xffff;
    s.ccSrc = signed ? p - ((p << 16) >> 16) : (p >>> 16) & 0xffff;
  } else {
    const a = r[EAX]!;
    const lo = Math.imul(a, src);
    const hi = signed ? mulHighS32(a, src) : mulHighU32(a, src) | 0;
    r[EAX] = lo; r[EDX] = hi;
    s.ccDst = lo;
    s.ccSrc = signed ? hi - (lo >> 31) : hi;
  }
  s.ccOp = CC_MUL + sz;
}

/** Two- and three-operand IMUL: returns the truncated product and sets CF/OF when it overflowed. */
export function imulTrunc(s: CpuState, a: number, b: number, sz: number): number {
  let res: number;
  if (sz === 1) {
    const p = Math.imul((a << 16) >> 16, (b << 16) >> 16);
    res = p & 0xffff;
    s.ccSrc = p - ((p << 16) >> 16);
  } else {
    res = Math.imul(a, b);
    s.ccSrc = mulHighS32(a, b) - (res >> 31);
  }
  s.ccDst = res; s.ccOp = CC_MUL + sz;
  return res;
}

/** DIV (signed = false) or IDIV of the accumulator pair by `src`. Returns false on #DE. */
export function divAcc(s: CpuState, src: number, sz: number, signed: boolean): boolean {
  const r = s.regs;
  if (sz === 0) {
    const d = signed ? (src << 24) >> 24 : src & 0xff;
    if (d === 0) return false;
    const n = signed ? ((r[EAX]! << 16) >> 16) : r[EAX]! & 0xffff;
    const q = Math.trunc(n / d), m = n - q * d;
    if (signed ? (q > 127 || q < -128) : q > 0xff) return false;
    r[EAX] = (r[EAX]! & ~0xffff) | (q & 0xff) | ((m & 0xff) << 8);
    return true;
  }
  if (sz === 1) {
    const d = signed ? (src << 16) >> 16 : src & 0xffff;
    if (d === 0) return false;
    const u = ((r[EDX]! & 0xffff) << 16) | (r[EAX]! & 0xffff);
    const n = signed ? u : u >>> 0;
    const q = Math.trunc(n / d), m = n - q * d;
    if (signed ? (q > 32767 || q < -32768) : q > 0xffff) return false;
    r[EAX] = (r[EAX]! & ~0xffff) | (q & 0xffff);
    r[EDX] = (r[EDX]! & ~0xffff) | (m & 0xffff);
    return true;
  }
  const hi = r[EDX]!, lo = r[EAX]! >>> 0;
  if (!signed) {
    const d = src >>> 0;
    if (d === 0) return false;
    const h = hi >>> 0;
    if (h >= d) return false; // quotient overflow
    let q: number, m: number;
    if (h < 0x200000) {
      const n = h * 4294967296 + lo;
      q = Math.floor(n / d); m = n - q * d;
    } else {
      const n = (BigInt(h) << 32n) | BigInt(lo), bd = BigInt(d);
      q = Number(n / bd); m = Number(n % bd);
    }
    r[EAX] = q; r[EDX] = m;
    return true;
  }
  const d = src | 0;
  if (d === 0) return false;
  const neg = hi < 0;
  // |dividend| as (uh, ul)
  let uh = hi >>> 0, ul = lo;
  if (neg) { ul = (~ul + 1) >>> 0; uh = (~uh + (ul === 0 ? 1 : 0)) >>> 0; }
  const ud = Math.abs(d);
  let q: number, m: number;
  if (uh < 0x200000) {
    const n = uh * 4294967296 + ul;
    q = Math.floor(n / ud); m = n - q * ud;
  } else {
    const n = (BigInt(uh) << 32n) | BigInt(ul), bd = BigInt(ud);
    q = Number(n / bd); m = Number(n % bd);
  }
  const qNeg = neg !== (d < 0);
  if (qNeg ? q > 0x80000000 : q > 0x7fffffff) return false;
  r[EAX] = qNeg ? -q : q;
  r[EDX] = neg ? -m : m;
  return true;
}
