/**
 * Differential test: the corpus binary (assembled by NASM) disassembled by /usr/bin/ndisasm and by our
 * decoder + disassembler must agree line by line (text compared after normalising spaces and case).
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { disassemble } from '../../../src-main/core/isa/disasm';
import { buildCorpus } from './support/corpus';
import { assembleBatch, ndisasm } from './support/nasm-batch';

const hasTools = requireOracle('nasm') && requireOracle('ndisasm');
export const normalise = (t: string): string => t.toLowerCase().replace(/\s+/g, ' ').trim();

describe('disassembler vs ndisasm -b 32', () => {
  it.skipIf(!hasTools)('matches ndisasm on every corpus instruction', async () => {
    const batch = assembleBatch(buildCorpus().map((c) => c.text));
    const theirs = ndisasm(batch.binary);
    const ours = disassemble(batch.binary);
    const byAddr = new Map(ours.map((l) => [l.address, l]));
    const failures: string[] = [];
    for (const t of theirs) {
      const o = byAddr.get(t.address);
      const got = o ? `${o.hex} ${normalise(o.text)}` : '(no instruction at this address)';
      if (got !== `${t.hex} ${normalise(t.text)}`) failures.push(`${t.address.toString(16)}: ndisasm ${t.hex} ${t.text} | ours ${got}`);
    }
    if (process.env.ISA_DUMP) (await import('node:fs')).writeFileSync(process.env.ISA_DUMP, failures.join('\n'));
    console.log(`[isa] disassembler corpus: ${theirs.length} ndisasm lines, ${failures.length} mismatches`);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(ours.length).toBe(theirs.length);
    expect(theirs.length).toBeGreaterThan(3000);
  });
});

describe('disassembler vs ndisasm -b 32 above 64 KiB', () => {
  // An o16 short branch keeps the whole 32-bit target in ndisasm's text; word-sized ones wrap to 16 bits.
  it.skipIf(!hasTools)('prints o16 branch targets as ndisasm does at org 0x100000', () => {
    const bytes = Uint8Array.from([0x66, 0x72, 0x6f, 0x66, 0xe8, 0x00, 0x10, 0x66, 0xeb, 0x05, 0x66, 0xe9, 0x01, 0x02, 0x66, 0xe2, 0xfe]);
    const ours = disassemble(bytes, 0x100000).map((l) => `${l.hex} ${normalise(l.text)}`);
    expect(ours).toEqual(ndisasm(bytes, 0x100000).map((t) => `${t.hex} ${normalise(t.text)}`));
  });
});

describe('disassembler vs ndisasm -b 32: unused prefixes', () => {
  // ndisasm names unused prefixes in one fixed order (segment, rep, lock, o16, a16) whatever the byte order.
  it.skipIf(!hasTools)('names them in ndisasm\'s order for every ordered pair and both orders of five', () => {
    const prefixes = [0x2e, 0x65, 0xf3, 0xf0, 0x66, 0x67];
    const isSegment = (p: number) => p === 0x2e || p === 0x65;
    const chunks: number[] = [];
    for (let a = 0; a < prefixes.length; a++) {
      for (let b = 0; b < prefixes.length; b++) {
        if (b === a || (isSegment(prefixes[a]!) && isSegment(prefixes[b]!))) continue;
        for (const op of [0x27, 0xa4, 0xcf]) chunks.push(prefixes[a]!, prefixes[b]!, op);
      }
    }
    chunks.push(0x2e, 0xf3, 0x66, 0xf0, 0x67, 0x27, 0x67, 0xf0, 0x66, 0xf3, 0x2e, 0x27);
    const bytes = Uint8Array.from(chunks);
    const ours = disassemble(bytes).map((l) => `${l.hex} ${normalise(l.text)}`);
    expect(ours).toEqual(ndisasm(bytes).map((t) => `${t.hex} ${normalise(t.text)}`));
  });
});
