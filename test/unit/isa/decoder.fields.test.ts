/** Raw bytes → decoded fields, for the layout the CPU interpreter relies on. */
import { describe, expect, it } from 'vitest';
import { DECODE_OK, DECODE_TRUNCATED, DecodedInsn, PFX_LOCK, PFX_OPSIZE, SEG_FS, SEG_SS, decode } from '../../../src-main/core/isa/decoder';
import { ROWS } from '../../../src-main/core/isa/rows';

const dec = (...bytes: number[]): DecodedInsn => {
  const d = new DecodedInsn();
  decode(new Uint8Array(bytes), 0, bytes.length, d);
  return d;
};

describe('decoded instruction fields', () => {
  it('lock add word [fs:eax+ebx*4+0x12345678], 0x1234', () => {
    const d = dec(0xf0, 0x64, 0x66, 0x81, 0x84, 0x98, 0x78, 0x56, 0x34, 0x12, 0x34, 0x12);
    expect(d.status).toBe(DECODE_OK);
    expect(d.length).toBe(12);
    expect(ROWS[d.row]?.mnemonic).toBe('add');
    expect(ROWS[d.row]?.opcodeText).toBe('81 /0');
    expect(d.prefixes & (PFX_LOCK | PFX_OPSIZE)).toBe(PFX_LOCK | PFX_OPSIZE);
    expect([d.segment, d.opsize, d.adsize]).toEqual([SEG_FS, 16, 32]);
    expect([d.mod, d.reg, d.rm, d.sib]).toEqual([2, 0, 4, 0x98]);
    expect([d.eaBase, d.eaIndex, d.eaScale, d.disp, d.dispSize]).toEqual([0, 3, 4, 0x12345678, 4]);
    expect([d.imm, d.immSize, d.immOffset]).toEqual([0x1234, 2, 10]);
    expect(d.eaSegment).toBe(SEG_FS);
  });

  it('mov eax, [ebp-4] defaults to SS; push byte -1 sign-extends', () => {
    const d = dec(0x8b, 0x45, 0xfc);
    expect([d.eaBase, d.disp, d.dispSize, d.eaSegment, d.memory]).toEqual([5, -4, 1, SEG_SS, true]);
    const p = dec(0x6a, 0xff);
    expect([ROWS[p.row]?.mnemonic, p.imm]).toEqual(['push', -1]);
  });

  it('far jump and ENTER carry two immediates; +r rows report the register', () => {
    const j = dec(0xea, 0x78, 0x56, 0x34, 0x12, 0x08, 0x00);
    expect([j.imm, j.imm2, j.length]).toEqual([0x12345678, 8, 7]);
    const e = dec(0xc8, 0x10, 0x00, 0x02);
    expect([e.imm, e.imm2]).toEqual([0x10, 2]);
    const b = dec(0x0f, 0xcb);
    expect([ROWS[b.row]?.mnemonic, b.zreg]).toEqual(['bswap', 3]);
  });

  it('mandatory prefixes select VMX rows without changing the operand size', () => {
    const c = dec(0x66, 0x0f, 0xc7, 0x30);
    expect([ROWS[c.row]?.mnemonic, c.opsize]).toEqual(['vmclear', 32]);
    expect(ROWS[dec(0xf3, 0x0f, 0xc7, 0x30).row]?.mnemonic).toBe('vmxon');
    expect(ROWS[dec(0x0f, 0xc7, 0x30).row]?.mnemonic).toBe('vmptrld');
    expect(ROWS[dec(0xf3, 0x90).row]?.mnemonic).toBe('pause');
    expect(ROWS[dec(0x90).row]?.mnemonic).toBe('nop');
    expect(ROWS[dec(0x66, 0x90).row]?.mnemonic).toBe('xchg');
  });

  it('16-bit addressing with 0x67', () => {
    const d = dec(0x67, 0x8b, 0x42, 0x10); // mov eax,[bp+si+0x10]
    expect([d.adsize, d.eaBase, d.eaIndex, d.disp, d.eaSegment]).toEqual([16, 5, 6, 0x10, SEG_SS]);
  });

  it('reports a buffer that ends mid-instruction as truncated', () => {
    expect(dec(0x05, 0x01, 0x02).status).toBe(DECODE_TRUNCATED);
    expect(dec(0x0f).status).toBe(DECODE_TRUNCATED);
  });
});
