/**
 * Differential test of 16-bit addressing: every ModRM r/m form of 16-bit code (`[bx+si]` … `[bx]`, `[disp16]`)
 * with displacements at the disp8/disp16 boundaries, in a spread of instructions, assembled by nasm in
 * `bits 16` and in `bits 32` (where the 0x67 prefix selects 16-bit addressing) and by our encoder.
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { encode } from '../../../src-main/core/isa/encoder';
import type { MemOperand, Operand, ParsedInstruction, Prefix, RegOperand } from '../../../src-main/core/isa/operands';
import { assembleBatch, toHex } from './support/nasm-batch';

const hasNasm = requireOracle('nasm');

type Base = 'bx' | 'bp' | undefined;
type Index = 'si' | 'di' | undefined;
const PAIRS: [Base, Index][] = [
  ['bx', 'si'], ['bx', 'di'], ['bp', 'si'], ['bp', 'di'], [undefined, 'si'], [undefined, 'di'], ['bp', undefined], ['bx', undefined],
];
const DISPS: (number | null)[] = [null, 0, 1, -1, 127, 128, -128, -129, 0x1234, 0x7fff, -0x8000];

interface Case { readonly text: string; readonly insn: ParsedInstruction }

function mem(base: Base, index: Index, disp: number | null, size?: 8 | 16 | 32): MemOperand {
  const m: { -readonly [K in keyof MemOperand]: MemOperand[K] } = { kind: 'mem', scale: 1, disp: disp ?? 0, dispKnown: true, hasDisp: disp !== null };
  if (base) m.base16 = base;
  if (index) m.index16 = index;
  if (size) m.size = size;
  return m;
}

function memText(base: Base, index: Index, disp: number | null, size?: 8 | 16 | 32): string {
  const parts: string[] = [];
  if (base) parts.push(base);
  if (index) parts.push(index);
  let inner = parts.join('+');
  if (disp !== null) inner += inner ? (disp < 0 ? `-${-disp}` : `+${disp}`) : String(disp);
  return `${size ? `${size === 8 ? 'byte' : size === 16 ? 'word' : 'dword'} ` : ''}[${inner}]`;
}

const reg = (r: RegOperand['reg']): RegOperand => ({ kind: 'reg', reg: r });

function cases(): Case[] {
  const out: Case[] = [];
  const add = (mnemonic: string, ops: Operand[], text: string, prefixes: Prefix[] = []): void => {
    out.push({ text: `${prefixes.map((p) => `${p} `).join('')}${mnemonic} ${text}`, insn: { mnemonic, prefixes, operands: ops } });
  };
  for (const [b, x] of PAIRS) {
    for (const d of DISPS) {
      const m = memText(b, x, d);
      add('mov', [reg('ax'), mem(b, x, d)], `ax,${m}`);
      add('mov', [mem(b, x, d), reg('eax')], `${m},eax`);
      add('add', [mem(b, x, d), reg('cl')], `${m},cl`);
      add('lea', [reg('si'), mem(b, x, d)], `si,${m}`);
      add('inc', [mem(b, x, d, 8)], memText(b, x, d, 8));
      add('mov', [mem(b, x, d, 16), { kind: 'imm', value: 0x1234, known: true }], `${memText(b, x, d, 16)},0x1234`);
      add('lgdt', [mem(b, x, d)], m);
      add('mov', [reg('es'), mem(b, x, d)], `es,${m}`);
    }
  }
  // [disp16]: ModRM r/m 110 (mod 00), and the moffs forms.
  for (const d of [0, 0x12, 0x1234, 0xfffe]) {
    add('mov', [reg('cx'), mem(undefined, undefined, d)], `cx,[${d}]`);
    add('mov', [reg('al'), mem(undefined, undefined, d)], `al,[${d}]`);
    add('mov', [mem(undefined, undefined, d), reg('eax')], `[${d}],eax`);
    add('lidt', [mem(undefined, undefined, d)], `[${d}]`);
  }
  return out;
}

describe('encoder vs nasm: 16-bit addressing', () => {
  for (const bits of [16, 32] as const) {
    it.skipIf(!hasNasm)(`matches NASM in bits ${bits}`, () => {
      // In bits 32 a bare [disp16] needs the a16 prefix to be a 16-bit address.
      const list = cases().map((c) => {
        const bare = c.insn.operands.some((o) => o.kind === 'mem' && o.base16 === undefined && o.index16 === undefined);
        return bits === 32 && bare ? { text: `a16 ${c.text}`, insn: { ...c.insn, prefixes: ['a16' as const] } } : c;
      });
      const batch = assembleBatch(list.map((c) => c.text), bits);
      const failures: string[] = [];
      let compared = 0;
      batch.lines.forEach((line, i) => {
        const c = list[i]!;
        if (line.error !== null) {
          failures.push(`${c.text}: nasm rejects it (${line.error})`);
          return;
        }
        compared++;
        const r = encode(c.insn, { bits, address: line.address });
        const want = toHex(line.bytes);
        if (!r.ok) failures.push(`${c.text}: nasm ${want}, we fail: ${r.message}`);
        else if (toHex(r.bytes) !== want) failures.push(`${c.text}: nasm ${want}, we ${toHex(r.bytes)}`);
      });
      expect(failures.slice(0, 40)).toEqual([]);
      expect(compared).toBe(list.length);
    });
  }
});
