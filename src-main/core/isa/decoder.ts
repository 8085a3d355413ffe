/**
 * Instruction decoder for the CPU interpreter and the disassembler, built from the table at module load.
 *
 * Decoding fills a caller-owned DecodedInsn (allocate one per vCPU and reuse it: no allocation per
 * instruction). Its layout:
 *
 *   status      OK (0), UNDEFINED (1: #UD; `length` counts prefixes and opcode bytes seen),
 *               TOO_LONG (2: more than 15 bytes, #GP(0)), TRUNCATED (3: the buffer ended first)
 *   length      bytes consumed, prefixes included
 *   row         index into ROWS (rows.ts) — dispatch through an array of handlers indexed by row id;
 *               -1 when not OK
 *   prefixes    bit set of PFX_* (LOCK, REP = F3, REPNE = F2, OPSIZE = 66, ADSIZE = 67)
 *   repPrefix   the last of F2/F3 seen (0 if none): the one that counts for string instructions
 *   segment     segment-override prefix as a SEG number (es 0, cs 1, ss 2, ds 3, fs 4, gs 5), -1 if none
 *   opsize      16 or 32 (after 0x66; a mandatory 66 as in VMCLEAR does not change it)
 *   adsize      16 or 32 (after 0x67)
 *   map, opcode 0 = one-byte map, 1 = 0F, 2 = 0F 38; the opcode byte in that map
 *   zreg        low 3 bits of the opcode (the register of +r rows)
 *   modrm       the ModRM byte or -1; mod / reg / rm its fields
 *   memory      true when r/m names memory (mod != 3); then:
 *   eaBase, eaIndex   register numbers (32-bit numbering; with adsize 16 the 16-bit BX/BP/SI/DI numbers),
 *               -1 when absent
 *   eaScale     1, 2, 4 or 8
 *   disp        displacement, sign-extended to 32 bits; dispSize its encoded size (0, 1, 2 or 4)
 *   eaSegment   segment the access uses: the override, else SS for EBP/ESP (BP) bases, else DS
 *   sib         the SIB byte or -1
 *   imm, immSize      first immediate (zero-extended for Ib/Iw/Iz; sign-extended for Ibs; for Jb/Jz the
 *               signed displacement; for Ap the offset; for Ob/Ov the moffs address)
 *   imm2, imm2Size    second immediate (ENTER's level byte, Ap's selector)
 *   immOffset   offset of the first immediate byte inside the instruction (for patching/BT)
 */
import { K, ROWS, SZ, type Row } from './rows';

export const DECODE_OK = 0;
export const DECODE_UNDEFINED = 1;
export const DECODE_TOO_LONG = 2;
export const DECODE_TRUNCATED = 3;

export const PFX_LOCK = 1;
export const PFX_REP = 2;
export const PFX_REPNE = 4;
export const PFX_OPSIZE = 8;
export const PFX_ADSIZE = 16;

export const SEG_ES = 0, SEG_CS = 1, SEG_SS = 2, SEG_DS = 3, SEG_FS = 4, SEG_GS = 5;

export class DecodedInsn {
  status = 0;
  length = 0;
  row = -1;
  prefixes = 0;
  repPrefix = 0;
  segment = -1;
  opsize = 32;
  adsize = 32;
  map = 0;
  opcode = 0;
  zreg = 0;
  modrm = -1;
  mod = 0;
  reg = 0;
  rm = 0;
  memory = false;
  eaBase = -1;
  eaIndex = -1;
  eaScale = 1;
  disp = 0;
  dispSize = 0;
  eaSegment = SEG_DS;
  sib = -1;
  imm = 0;
  immSize = 0;
  imm2 = 0;
  imm2Size = 0;
  immOffset = 0;
}

// ---- tables built from the rows -------------------------------------------------------------------------

/** Immediate kinds per row (first and second). */
const IMM_NONE = 0, IMM_B = 1, IMM_W = 2, IMM_Z = 3, IMM_BS = 4, IMM_O = 5;

const rowImm1 = new Uint8Array(ROWS.length);
const rowImm2 = new Uint8Array(ROWS.length);
for (const row of ROWS) {
  const kinds: number[] = [];
  for (const op of row.operands) {
    switch (op.kind) {
      case K.I: kinds.push(op.size === SZ.B ? IMM_B : op.size === SZ.W ? IMM_W : IMM_Z); break;
      case K.IBS: kinds.push(IMM_BS); break;
      case K.J: kinds.push(op.size === SZ.B ? IMM_BS : IMM_Z); break;
      case K.A: kinds.push(IMM_Z, IMM_W); break;
      case K.O: kinds.push(IMM_O); break;
      default: break;
    }
  }
  rowImm1[row.id] = kinds[0] ?? IMM_NONE;
  rowImm2[row.id] = kinds[1] ?? IMM_NONE;
}

/** Rows whose ModRM.reg names a segment register (values 6 and 7 are #UD). */
const rowHasSreg = new Uint8Array(ROWS.length);
for (const row of ROWS) if (row.operands.some((o) => o.kind === K.S)) rowHasSreg[row.id] = 1;

/** Per (map, opcode): the single unconstrained row, or -1. */
const direct = new Int16Array(768).fill(-1);
/** Per (map, opcode): offset of its resolution table, or -1 (undefined opcode when direct is -1 too). */
const complex = new Int32Array(768).fill(-1);
/** Per (map, opcode): a ModRM byte follows. */
const hasModrm = new Uint8Array(768);
/**
 * Resolution tables, one flat array: per complex opcode 4096 entries indexed by
 * ((variant * 2 + opsize16) * 2 + adsize16) * 256 + modrm; variant 0 = no mandatory prefix, 1 = 66,
 * 2 = F3, 3 = F2. `complex` holds each opcode's start offset.
 */
let resolve = new Int16Array(0);
/** Rows with a mandatory 66 (their operand size stays 32). */
const rowMandatory66 = new Uint8Array(ROWS.length);
for (const row of ROWS) if (row.mandatoryPrefix === 0x66) rowMandatory66[row.id] = 1;

const VARIANT_PREFIX = [0, 0x66, 0xf3, 0xf2];

function fits(row: Row, os: number, as: number, modrm: number): boolean {
  if (row.opsize && row.opsize !== os) return false;
  if (row.adsize && row.adsize !== as) return false;
  if (!row.hasModrm) return true;
  if (row.fixedModrm >= 0 && modrm !== row.fixedModrm) return false;
  if (row.digit >= 0 && ((modrm >> 3) & 7) !== row.digit) return false;
  const isReg = modrm >= 0xc0;
  if (row.modReq === 1 && isReg) return false;
  if (row.modReq === 2 && !isReg) return false;
  return true;
}

const specificity = (r: Row): number => (r.fixedModrm >= 0 ? 4 : 0) + (r.mandatoryPrefix ? 2 : 0) + (r.opsize || r.adsize ? 1 : 0);

(() => {
  const tables: Int16Array[] = [];
  const byOpcode = new Map<number, Row[]>();
  for (const row of ROWS) {
    const first = row.map * 256 + row.opcode;
    for (let k = 0; k < (row.plusReg ? 8 : 1); k++) {
      const list = byOpcode.get(first + k) ?? [];
      list.push(row);
      byOpcode.set(first + k, list);
    }
  }
  for (const [idx, list] of byOpcode) {
    list.sort((a, b) => specificity(b) - specificity(a) || a.id - b.id);
    hasModrm[idx] = list[0]?.hasModrm ? 1 : 0;
    const only = list[0];
    if (list.length === 1 && only && specificity(only) === 0 && only.digit < 0 && only.modReq === 0) {
      direct[idx] = only.id;
      continue;
    }
    const t = new Int16Array(4096).fill(-1);
    const usesAdsize = list.some((r) => r.adsize !== 0);
    for (let v = 0; v < 4; v++) {
      // Variants without a row of their own stay -1: decode falls back to variant 0.
      const own = list.filter((r) => r.mandatoryPrefix === VARIANT_PREFIX[v] && (v === 0) === (r.mandatoryPrefix === 0));
      if (own.length === 0) continue;
      for (let o = 0; o < 2; o++) {
        for (let a = 0; a < 2; a++) {
          const base = ((v * 2 + o) * 2 + a) * 256;
          if (a === 1 && !usesAdsize) { t.copyWithin(base, base - 256, base); continue; }
          for (let m = 0; m < (hasModrm[idx] ? 256 : 1); m++) {
            const pick = own.find((r) => fits(r, o ? 16 : 32, a ? 16 : 32, hasModrm[idx] ? m : -1));
            t[base + m] = pick ? pick.id : -1;
          }
        }
      }
    }
    complex[idx] = tables.length * 4096;
    tables.push(t);
  }
  resolve = new Int16Array(tables.length * 4096);
  tables.forEach((t, i) => resolve.set(t, i * 4096));
})();

// ---- decoding ---------------------------------------------------------------------------------------------

/** 16-bit ModRM r/m → base and index (register numbers), -1 for none. */
const RM16_BASE = [3, 3, 5, 5, 6, 7, 5, 3];
const RM16_INDEX = [6, 7, 6, 7, -1, -1, -1, -1];

/**
 * Decodes the instruction at buf[off] (not reading at or past `end`) into `d`. Returns d.status.
 * A CPU fetching across a page boundary copies up to 15 bytes into a scratch buffer and decodes that.
 */
export function decode(buf: Uint8Array, off: number, end: number, d: DecodedInsn, code16 = false): number {
  const limit = Math.min(end, off + 15);
  let p = off;
  let prefixes = 0;
  let rep = 0;
  let seg = -1;
  d.row = -1;
  d.modrm = -1;
  d.sib = -1;
  d.memory = false;
  d.immSize = 0;
  d.imm2Size = 0;
  d.dispSize = 0;
  d.disp = 0;
  d.imm = 0;
  d.imm2 = 0;
  d.eaBase = -1;
  d.eaIndex = -1;
  d.eaScale = 1;
  let b: number;
  for (;;) {
    if (p >= limit) return fail(d, off, p + 1, end);
    b = buf[p] as number;
    if (b === 0xf0) prefixes |= PFX_LOCK;
    else if (b === 0xf3) { prefixes |= PFX_REP; rep = 0xf3; }
    else if (b === 0xf2) { prefixes |= PFX_REPNE; rep = 0xf2; }
    else if (b === 0x66) prefixes |= PFX_OPSIZE;
    else if (b === 0x67) prefixes |= PFX_ADSIZE;
    else if (b === 0x26) seg = SEG_ES;
    else if (b === 0x2e) seg = SEG_CS;
    else if (b === 0x36) seg = SEG_SS;
    else if (b === 0x3e) seg = SEG_DS;
    else if (b === 0x64) seg = SEG_FS;
    else if (b === 0x65) seg = SEG_GS;
    else break;
    p++;
  }
  p++;
  let map = 0;
  if (b === 0x0f) {
    if (p >= limit) return fail(d, off, p + 1, end);
    b = buf[p++] as number;
    map = 1;
    if (b === 0x38) {
      if (p >= limit) return fail(d, off, p + 1, end);
      b = buf[p++] as number;
      map = 2;
    }
  }
  d.prefixes = prefixes;
  d.repPrefix = rep;
  d.segment = seg;
  d.map = map;
  d.opcode = b;
  d.zreg = b & 7;
  const idx = (map << 8) | b;
  // 0x66 / 0x67 flip the code segment's default sizes (CS.D; SDM Vol. 1 3.6): 16-bit code has 16/16.
  const has66 = (prefixes & PFX_OPSIZE) !== 0;
  const opsize16 = has66 !== code16;
  const adsize16 = ((prefixes & PFX_ADSIZE) !== 0) !== code16;
  d.opsize = opsize16 ? 16 : 32;
  d.adsize = adsize16 ? 16 : 32;
  let modrm = 0;
  if (hasModrm[idx]) {
    if (p >= limit) return fail(d, off, p + 1, end);
    modrm = buf[p++] as number;
    d.modrm = modrm;
    d.mod = modrm >> 6;
    d.reg = (modrm >> 3) & 7;
    d.rm = modrm & 7;
  }
  let row = direct[idx] as number;
  if (row < 0) {
    const t = complex[idx] as number;
    if (t >= 0) {
      const variant = rep === 0xf3 ? 2 : rep === 0xf2 ? 3 : has66 ? 1 : 0;
      const sub = t + (((opsize16 ? 1 : 0) << 9) | ((adsize16 ? 1 : 0) << 8) | modrm);
      row = resolve[sub + (variant << 10)] as number;
      if (row < 0 && variant !== 0) row = resolve[sub] as number;
    }
    if (row < 0) {
      d.status = DECODE_UNDEFINED;
      d.length = p - off;
      return DECODE_UNDEFINED;
    }
  }
  if (rowMandatory66[row]) d.opsize = 32;
  if (rowHasSreg[row] && ((modrm >> 3) & 7) > 5) { // only six segment registers
    d.status = DECODE_UNDEFINED;
    d.length = p - off;
    return DECODE_UNDEFINED;
  }
  // Effective address.
  if (hasModrm[idx] && modrm < 0xc0) {
    d.memory = true;
    const mod = modrm >> 6;
    const rm = modrm & 7;
    if (!adsize16) {
      let base = rm;
      if (rm === 4) {
        if (p >= limit) return fail(d, off, p + 1, end);
        const sib = buf[p++] as number;
        d.sib = sib;
        const index = (sib >> 3) & 7;
        base = sib & 7;
        if (index !== 4) { d.eaIndex = index; d.eaScale = 1 << (sib >> 6); }
        if (base === 5 && mod === 0) { base = -1; d.dispSize = 4; }
      } else if (rm === 5 && mod === 0) { base = -1; d.dispSize = 4; }
      d.eaBase = base;
      if (mod === 1) d.dispSize = 1;
      else if (mod === 2) d.dispSize = 4;
    } else {
      if (mod === 0 && rm === 6) d.dispSize = 2;
      else { d.eaBase = RM16_BASE[rm] as number; d.eaIndex = RM16_INDEX[rm] as number; }
      if (mod === 1) d.dispSize = 1;
      else if (mod === 2) d.dispSize = 2;
    }
    const ds = d.dispSize;
    if (ds) {
      if (p + ds > limit) return fail(d, off, p + ds, end);
      if (ds === 1) d.disp = ((buf[p] as number) << 24) >> 24;
      else if (ds === 2) d.disp = (((buf[p] as number) | ((buf[p + 1] as number) << 8)) << 16) >> 16;
      else d.disp = (buf[p] as number) | ((buf[p + 1] as number) << 8) | ((buf[p + 2] as number) << 16) | ((buf[p + 3] as number) << 24);
      p += ds;
    }
    d.eaSegment = seg >= 0 ? seg : d.eaBase === 4 || d.eaBase === 5 ? SEG_SS : SEG_DS;
  } else {
    d.eaSegment = seg >= 0 ? seg : SEG_DS;
  }
  // Immediates.
  d.immOffset = p - off;
  const k1 = rowImm1[row] as number;
  if (k1) {
    const n = immBytes(k1, d.opsize, d.adsize);
    if (p + n > limit) return fail(d, off, p + n, end);
    d.imm = readImm(buf, p, n, k1 === IMM_BS);
    d.immSize = n;
    p += n;
    const k2 = rowImm2[row] as number;
    if (k2) {
      const n2 = immBytes(k2, d.opsize, d.adsize);
      if (p + n2 > limit) return fail(d, off, p + n2, end);
      d.imm2 = readImm(buf, p, n2, false);
      d.imm2Size = n2;
      p += n2;
    }
  }
  d.row = row;
  d.length = p - off;
  d.status = DECODE_OK;
  return DECODE_OK;
}

function immBytes(kind: number, opsize: number, adsize: number): number {
  switch (kind) {
    case IMM_B: case IMM_BS: return 1;
    case IMM_W: return 2;
    case IMM_Z: return opsize === 16 ? 2 : 4;
    default: return adsize === 16 ? 2 : 4;
  }
}

function readImm(buf: Uint8Array, p: number, n: number, signed: boolean): number {
  if (n === 1) return signed ? ((buf[p] as number) << 24) >> 24 : (buf[p] as number);
  if (n === 2) return (buf[p] as number) | ((buf[p + 1] as number) << 8);
  return ((buf[p] as number) | ((buf[p + 1] as number) << 8) | ((buf[p + 2] as number) << 16) | ((buf[p + 3] as number) << 24)) >>> 0;
}

/** Needed byte `need` lies past the 15-byte limit (#GP) or past the end of the buffer (truncated). */
function fail(d: DecodedInsn, off: number, need: number, end: number): number {
  d.row = -1;
  if (need - off > 15 && end - off >= 15) {
    d.status = DECODE_TOO_LONG;
    d.length = 15;
    return DECODE_TOO_LONG;
  }
  d.status = DECODE_TRUNCATED;
  d.length = Math.max(0, Math.min(need, end) - off);
  return DECODE_TRUNCATED;
}
