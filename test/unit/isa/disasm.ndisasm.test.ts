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
