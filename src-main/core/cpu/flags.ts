/**
 * Lazy arithmetic flags, modelled on QEMU's CC_OP scheme so that flags the SDM leaves undefined come out as
 * QEMU 7.2 TCG produces them (differential tests compare all six). An ALU op records what it did in
 * (ccOp, ccDst, ccSrc, ccSrc2); a flag is computed only when something reads it.
 *
 *   op      ccDst    ccSrc                  ccSrc2
 *   MUL     low      high part (≠0 ⇒ CF=OF)
 *   ADD     result   second operand
 *   ADC     result   second operand         carry in
 *   SUB     result   second operand
 *   SBB     result   second operand         borrow in
 *   LOGIC   result
 *   INC/DEC result   old CF
 *   SHL     result   value shifted by count-1 (CF = its top bit)
 *   SAR     result   value shifted by count-1 (CF = its bit 0)   (SHR and SAR)
 *   EFLAGS           OSZAPC bits
 *
 * Every op comes in three widths: op + size index (0 = byte, 1 = word, 2 = dword).
 */
import { CpuState, CF, PF, AF, ZF, SF, OF, ARITH_FLAGS } from './state';

export const CC_EFLAGS = 1;
export const CC_MUL = 2, CC_ADD = 5, CC_ADC = 8, CC_SUB = 11, CC_SBB = 14, CC_LOGIC = 17, CC_INC = 20,
  CC_DEC = 23, CC_SHL = 26, CC_SAR = 29;

/** Size index (0 byte, 1 word, 2 dword) → mask / sign bit. */
export const SIZE_MASK = [0xff, 0xffff, 0xffffffff] as const;
export const SIZE_SIGN = [0x80, 0x8000, 0x80000000] as const;

/** PF bit for each byte value (set when the number of 1 bits is even). */
export const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let b = i, n = 0;
  while (b) { n += b & 1; b >>= 1; }
  PARITY[i] = (n & 1) === 0 ? PF : 0;
}

/** Sign, zero and parity flags of a result of the given size index. */
function szp(dst: number, sz: number): number {
  const m = (dst & SIZE_MASK[sz]!) >>> 0;
  return (m === 0 ? ZF : 0) | ((m & SIZE_SIGN[sz]!) !== 0 ? SF : 0) | PARITY[m & 0xff]!;
}

/** Operand size index (0 = 8, 1 = 16, 2 = 32 bits) of each lazy-flags op: a table, not a division, on the hot path. */
const CC_SIZE = Uint8Array.from({ length: 32 }, (_, op) => (op >= 2 ? (op - 2) % 3 : 0));

/** All six arithmetic flags of the recorded operation. */
export function computeArith(s: CpuState): number {
  const op = s.ccOp;
  if (op === CC_EFLAGS) return s.ccSrc & ARITH_FLAGS;
  const sz = CC_SIZE[op]!;
  const kind = op - sz;
  const mask = SIZE_MASK[sz]!, sign = SIZE_SIGN[sz]!;
  const dst = (s.ccDst & mask) >>> 0;
  const src = (s.ccSrc & mask) >>> 0;
  let f = szp(dst, sz);
  switch (kind) {
    case CC_MUL: // QEMU passes the high part untruncated (target_long)
      return f | (s.ccSrc !== 0 ? CF | OF : 0);
    case CC_ADD: {
      const src1 = ((dst - src) & mask) >>> 0;
      if (dst < src1) f |= CF;
      f |= (dst ^ src1 ^ src) & AF;
      if ((((src1 ^ src ^ mask) & (src1 ^ dst)) & sign) !== 0) f |= OF;
      return f;
    }
    case CC_ADC: {
      const c = s.ccSrc2 & 1;
      const src1 = ((dst - src - c) & mask) >>> 0;
      if (c ? dst <= src1 : dst < src1) f |= CF;
      f |= (dst ^ src1 ^ src) & AF;
      if ((((src1 ^ src ^ mask) & (src1 ^ dst)) & sign) !== 0) f |= OF;
      return f;
    }
    case CC_SUB: {
      const src1 = ((dst + src) & mask) >>> 0;
      if (src1 < src) f |= CF;
      f |= (dst ^ src1 ^ src) & AF;
      if ((((src1 ^ src) & (src1 ^ dst)) & sign) !== 0) f |= OF;
      return f;
    }
    case CC_SBB: {
      const c = s.ccSrc2 & 1;
      const src1 = ((dst + src + c) & mask) >>> 0;
      if (c ? src1 <= src : src1 < src) f |= CF;
      f |= (dst ^ src1 ^ src) & AF;
      if ((((src1 ^ src) & (src1 ^ dst)) & sign) !== 0) f |= OF;
      return f;
    }
    case CC_LOGIC:
      return f;
    case CC_INC: {
      f |= s.ccSrc & CF;
      const src1 = (dst - 1) & mask;
      f |= (dst ^ src1 ^ 1) & AF;
      if (dst === sign) f |= OF;
      return f;
    }
    case CC_DEC: {
      f |= s.ccSrc & CF;
      const src1 = (dst + 1) & mask;
      f |= (dst ^ src1 ^ 1) & AF;
      if (dst === ((sign - 1) >>> 0)) f |= OF;
      return f;
    }
    case CC_SHL:
      if ((src & sign) !== 0) f |= CF;
      if (((src ^ dst) & sign) !== 0) f |= OF;
      return f;
    case CC_SAR:
      f |= src & CF;
      if (((src ^ dst) & sign) !== 0) f |= OF;
      return f;
  }
  return f;
}

/** Carry flag only (0 or 1): the hot one for ADC/SBB/JB/RCL. */
export function getCF(s: CpuState): number {
  const op = s.ccOp;
  if (op === CC_EFLAGS) return s.ccSrc & 1;
  const sz = CC_SIZE[op]!;
  const kind = op - sz;
  const mask = SIZE_MASK[sz]!;
  if (kind === CC_SUB) return ((s.ccDst + s.ccSrc) & mask) >>> 0 < ((s.ccSrc & mask) >>> 0) ? 1 : 0;
  if (kind === CC_LOGIC) return 0;
  if (kind === CC_ADD) return ((s.ccDst & mask) >>> 0) < ((s.ccSrc & mask) >>> 0) ? 1 : 0;
  if (kind === CC_INC || kind === CC_DEC) return s.ccSrc & 1; // INC/DEC keep the carry they found (DEC; JNZ loops)
  return computeArith(s) & 1;
}

export function getZF(s: CpuState): boolean {
  if (s.ccOp === CC_EFLAGS) return (s.ccSrc & ZF) !== 0;
  const sz = CC_SIZE[s.ccOp]!;
  return (s.ccDst & SIZE_MASK[sz]!) === 0;
}

/** The full EFLAGS value. */
export function readEflags(s: CpuState): number {
  return (s.eflags & ~ARITH_FLAGS) | computeArith(s) | 2;
}

/** Freeze the arithmetic flags into ccSrc (CC_EFLAGS) and return them. */
export function materialize(s: CpuState): number {
  const f = computeArith(s);
  s.ccOp = CC_EFLAGS;
  s.ccSrc = f;
  return f;
}

/** Write the EFLAGS bits selected by `mask` (arith bits go to the lazy state). */
export function writeEflags(s: CpuState, value: number, mask: number): void {
  const arith = mask & ARITH_FLAGS;
  if (arith === 0) { // only system flags (IF, TF, NT…): the lazy arithmetic state stays as it is
    s.eflags = (((s.eflags & ~mask) | (value & mask)) & ~ARITH_FLAGS) | 2;
    return;
  }
  // Every arithmetic flag replaced (POPF, IRET): no need to materialise the lazy ones first.
  const cur = arith === ARITH_FLAGS ? s.eflags : readEflags(s);
  const v = (cur & ~mask) | (value & mask);
  s.ccOp = CC_EFLAGS;
  s.ccSrc = v & ARITH_FLAGS;
  s.eflags = (v & ~ARITH_FLAGS) | 2;
}

/** Set or clear arithmetic flags without disturbing the others. */
export function setArithBits(s: CpuState, set: number, clear: number): void {
  const f = (computeArith(s) & ~clear) | set;
  s.ccOp = CC_EFLAGS;
  s.ccSrc = f;
}

/**
 * Condition codes 0..15 (the low nibble of Jcc/SETcc/CMOVcc): O NO B AE E NE BE A S NS P NP L GE LE G.
 * CMP+Jcc is the hot pair, so SUB gets a direct path.
 */
export function testCondition(s: CpuState, cc: number): boolean {
  let r: boolean;
  const c = cc >> 1;
  if (s.ccOp >= CC_SUB && s.ccOp < CC_SUB + 3) {
    const sz = s.ccOp - CC_SUB;
    const mask = SIZE_MASK[sz]!;
    const b = (s.ccSrc & mask) >>> 0;
    const a = ((s.ccDst + s.ccSrc) & mask) >>> 0;
    const shift = 32 - (8 << sz);
    switch (c) {
      case 1: r = a < b; break;
      case 2: r = a === b; break;
      case 3: r = a <= b; break;
      case 6: r = (a << shift) < (b << shift); break;
      case 7: r = (a << shift) <= (b << shift); break;
      default: r = evalFromFlags(computeArith(s), c);
    }
  } else if (c === 2) {
    r = getZF(s);
  } else {
    r = evalFromFlags(computeArith(s), c);
  }
  return (cc & 1) !== 0 ? !r : r;
}

function evalFromFlags(f: number, c: number): boolean {
  switch (c) {
    case 0: return (f & OF) !== 0;
    case 1: return (f & CF) !== 0;
    case 2: return (f & ZF) !== 0;
    case 3: return (f & (CF | ZF)) !== 0;
    case 4: return (f & SF) !== 0;
    case 5: return (f & PF) !== 0;
    case 6: return ((f & SF) !== 0) !== ((f & OF) !== 0);
    default: return (f & ZF) !== 0 || ((f & SF) !== 0) !== ((f & OF) !== 0);
  }
}
