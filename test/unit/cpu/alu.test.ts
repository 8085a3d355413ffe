/** ALU semantics against a straightforward reference (no lazy flags, BigInt arithmetic), property-based. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CpuState, CF, PF, AF, ZF, SF, OF } from '../../../src-main/core/cpu/state';
import { alu, inc, dec, neg, ALU_ADD, ALU_ADC, ALU_SUB, ALU_SBB, ALU_AND, ALU_OR, ALU_CMP, shift, SH_SHL, SH_SHR, SH_SAR, SH_ROL, SH_ROR } from '../../../src-main/core/cpu/alu';
import { computeArith, getCF, testCondition, writeEflags, readEflags } from '../../../src-main/core/cpu/flags';
import { divAcc, mulAcc, mulHighS32, mulHighU32 } from '../../../src-main/core/cpu/muldiv';

const BITS = [8, 16, 32] as const;
const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const parity = (v: bigint): boolean => { let n = 0; for (let i = 0n; i < 8n; i++) if ((v >> i) & 1n) n++; return n % 2 === 0; };

function refFlags(bits: number, a: bigint, b: bigint, r: bigint, cf: boolean, of: boolean, af: boolean): number {
  const m = mask(bits), sign = 1n << BigInt(bits - 1);
  const res = r & m;
  return (cf ? CF : 0) | (parity(res & 0xffn) ? PF : 0) | (af ? AF : 0) | (res === 0n ? ZF : 0) | ((res & sign) !== 0n ? SF : 0) | (of ? OF : 0);
}

function reference(op: number, bits: number, a: bigint, b: bigint, carry: bigint): { r: bigint; flags: number } {
  const m = mask(bits), sign = 1n << BigInt(bits - 1);
  const sx = (v: bigint): bigint => ((v & sign) !== 0n ? v - (m + 1n) : v);
  switch (op) {
    case ALU_ADD: case ALU_ADC: {
      const c = op === ALU_ADC ? carry : 0n;
      const full = a + b + c, r = full & m;
      const sres = sx(a) + sx(b) + c;
      return { r, flags: refFlags(bits, a, b, r, full > m, sres !== sx(r), ((a ^ b ^ r) & 0x10n) !== 0n) };
    }
    case ALU_SUB: case ALU_SBB: case ALU_CMP: {
      const c = op === ALU_SBB ? carry : 0n;
      const full = a - b - c, r = full & m;
      const sres = sx(a) - sx(b) - c;
      return { r, flags: refFlags(bits, a, b, r, full < 0n, sres !== sx(r), ((a ^ b ^ r) & 0x10n) !== 0n) };
    }
    default: {
      const r = op === ALU_AND ? a & b : op === ALU_OR ? a | b : a ^ b;
      return { r, flags: refFlags(bits, a, b, r, false, false, false) };
    }
  }
}

describe('ALU[op][size] against a reference', () => {
  it('ADD ADC SUB SBB CMP AND OR XOR: result and all six flags, every width', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 7 }), fc.constantFrom(0, 1, 2), fc.nat(0xffffffff), fc.nat(0xffffffff), fc.boolean(),
      (op, sz, a0, b0, carryIn) => {
        const bits = BITS[sz]!;
        const a = BigInt(a0) & mask(bits), b = BigInt(b0) & mask(bits);
        const s = new CpuState();
        writeEflags(s, carryIn ? CF : 0, 0xfff);
        const r = alu(s, op, Number(a), Number(b), sz);
        const ref = reference(op, bits, a, b, carryIn ? 1n : 0n);
        expect(BigInt(r >>> 0) & mask(bits)).toBe(ref.r);
        expect(computeArith(s)).toBe(ref.flags);
        expect(getCF(s)).toBe(ref.flags & CF);
      }), { numRuns: 3000 });
  });

  it('conditions agree with the flags they read', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 7 }), fc.constantFrom(0, 1, 2), fc.nat(0xffffffff), fc.nat(0xffffffff), fc.integer({ min: 0, max: 15 }),
      (op, sz, a, b, cc) => {
        const s = new CpuState();
        alu(s, op, a, b, sz);
        const f = computeArith(s);
        const t = [(f & OF) !== 0, (f & CF) !== 0, (f & ZF) !== 0, (f & (CF | ZF)) !== 0, (f & SF) !== 0, (f & PF) !== 0,
          ((f & SF) !== 0) !== ((f & OF) !== 0), (f & ZF) !== 0 || ((f & SF) !== 0) !== ((f & OF) !== 0)][cc >> 1]!;
        expect(testCondition(s, cc)).toBe((cc & 1) !== 0 ? !t : t);
      }), { numRuns: 3000 });
  });

  it('INC/DEC keep CF; NEG sets CF for non-zero', () => {
    const s = new CpuState();
    writeEflags(s, CF, CF);
    expect(inc(s, 0x7f, 0)).toBe(0x80);
    expect(computeArith(s) & (CF | OF | SF | AF)).toBe(CF | OF | SF | AF);
    expect(dec(s, 0, 2)).toBe(-1);
    expect(computeArith(s) & (CF | SF)).toBe(CF | SF);
    expect(neg(s, 0, 1)).toBe(0);
    expect(computeArith(s) & (CF | ZF)).toBe(ZF);
    expect(neg(s, 0x8000, 1)).toBe(0x8000);
    expect(computeArith(s) & (CF | OF)).toBe(CF | OF);
  });

  it('shifts: SHL/SHR/SAR/ROL/ROR results and CF for counts 1..31', () => {
    fc.assert(fc.property(fc.constantFrom(0, 1, 2), fc.nat(0xffffffff), fc.integer({ min: 1, max: 31 }), (sz, a0, count) => {
      const bits = BITS[sz]!;
      const m = mask(bits), a = BigInt(a0) & m, c = BigInt(count);
      const s = new CpuState();
      const shl = (BigInt(shift(s, SH_SHL, Number(a), count, sz) >>> 0) & m);
      expect(shl).toBe((a << c) & m);
      expect(computeArith(s) & CF).toBe(count <= bits && ((a >> BigInt(bits - count)) & 1n) ? CF : 0);
      expect(BigInt(shift(s, SH_SHR, Number(a), count, sz) >>> 0) & m).toBe(a >> c);
      const signed = (a & (1n << BigInt(bits - 1))) !== 0n ? a - (m + 1n) : a;
      expect(BigInt(shift(s, SH_SAR, Number(a), count, sz) >>> 0) & m).toBe((signed >> c) & m);
      const n = BigInt(count % bits);
      expect(BigInt(shift(s, SH_ROL, Number(a), count, sz) >>> 0) & m).toBe(((a << n) | (a >> (BigInt(bits) - n))) & m);
      expect(BigInt(shift(s, SH_ROR, Number(a), count, sz) >>> 0) & m).toBe(((a >> n) | (a << (BigInt(bits) - n))) & m);
    }), { numRuns: 2000 });
  });

  it('64-bit products and quotients', () => {
    fc.assert(fc.property(fc.nat(0xffffffff), fc.nat(0xffffffff), (a, b) => {
      const p = BigInt(a) * BigInt(b);
      expect(BigInt(mulHighU32(a, b))).toBe(p >> 32n);
      const sp = BigInt(a | 0) * BigInt(b | 0);
      expect(mulHighS32(a, b)).toBe(Number(BigInt.asIntN(32, sp >> 32n)));
      const s = new CpuState();
      s.regs[0] = a;
      mulAcc(s, b, 2, false);
      expect((BigInt(s.regs[2]! >>> 0) << 32n) | BigInt(s.regs[0]! >>> 0)).toBe(p);
      // divide the product back
      if (b !== 0) {
        expect(divAcc(s, b, 2, false)).toBe(true);
        expect(s.regs[0]! >>> 0).toBe(a);
        expect(s.regs[2]).toBe(0);
      }
    }), { numRuns: 2000 });
    const s = new CpuState();
    s.regs[2] = 0x80000000 | 0; s.regs[0] = 0;
    expect(divAcc(s, -1, 2, true)).toBe(false);
    s.regs[2] = 1; s.regs[0] = 0;
    expect(divAcc(s, 1, 2, false)).toBe(false);
    s.regs[2] = -1; s.regs[0] = -7;
    expect(divAcc(s, 2, 2, true)).toBe(true);
    expect([s.regs[0], s.regs[2]]).toEqual([-3, -1]);
  });

  it('EFLAGS write/read round trip keeps bit 1 and the lazy state consistent', () => {
    const s = new CpuState();
    writeEflags(s, 0xffffffff, 0x3f7fd5);
    expect(readEflags(s) & 0x8d5).toBe(0x8d5);
    expect(readEflags(s) & 2).toBe(2);
  });
});
