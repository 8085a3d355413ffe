/**
 * Random bytes through every disassembler face (the listing, `virtlab disasm`'s ndisasm format, the
 * debugger's windows with unmapped holes): never a throw, and each byte is covered exactly once, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../../src-main/core/isa/disasm';
import { formatNdisasm } from '../../../src-main/cli/ndisasm-format';
import { disassembleAround, disassembleForward, MAX_INSN_BYTES } from '../../../src-main/engine/debug-disasm';
import { assertFuzz } from '../../support/fuzz';

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('disassembler on random bytes (fuzz slice)', () => {
  it('covers each byte once, in order, with its own bytes; the ndisasm format has a line per instruction', () => {
    assertFuzz(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.integer({ min: 0, max: 0xffffffff }), (bytes, org) => {
        const lines = disassemble(bytes, org);
        let off = 0;
        for (const l of lines) {
          expect(l.address).toBe((org + off) >>> 0);
          expect(l.length).toBeGreaterThanOrEqual(1);
          expect(l.length).toBeLessThanOrEqual(MAX_INSN_BYTES);
          expect(l.hex.toLowerCase()).toBe(hex(bytes.subarray(off, off + l.length)));
          expect(l.text.length).toBeGreaterThan(0);
          off += l.length;
        }
        expect(off).toBe(bytes.length);
        expect(formatNdisasm(lines).split('\n').filter((t) => /^[0-9A-F]{8} {2}/.test(t))).toHaveLength(lines.length);
      }),
      2000,
    );
  });

  it('debugger windows with unmapped bytes: lines only over mapped bytes, never a throw', () => {
    assertFuzz(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 120 }),
        fc.array(fc.boolean(), { minLength: 120, maxLength: 120 }),
        fc.integer({ min: 0, max: 0xffffff00 }),
        fc.nat(119),
        (bytes, holes, base, at) => {
          const win = { base, bytes, mapped: [...bytes].map((_, i) => holes[i] !== false || i === at % bytes.length) };
          const address = base + (at % bytes.length);
          for (const lines of [disassembleForward(win, address, 8), disassembleAround(win, address, 4, 4)]) {
            for (const l of lines) {
              const off = l.address - base;
              for (let i = off; i < off + l.length; i++) expect(win.mapped[i], `byte ${i} of a line`).toBe(true);
              expect(l.bytes).toBe(hex(bytes.subarray(off, off + l.length)));
            }
          }
        },
      ),
      1000,
    );
  });
});
