/**
 * Differential test: every line of the table-generated corpus, assembled by /usr/bin/nasm in one batch,
 * must encode to exactly the same bytes with our encoder (and fail where NASM fails).
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { encode } from '../../../src-main/core/isa/encoder';
import { buildCorpus } from './support/corpus';
import { assembleBatch, toHex } from './support/nasm-batch';

const hasNasm = requireOracle('nasm');

describe('encoder vs nasm -f bin', () => {
  it.skipIf(!hasNasm)('matches NASM byte for byte on the generated corpus', async () => {
    const corpus = buildCorpus();
    const batch = assembleBatch(corpus.map((c) => c.text));
    const failures: string[] = [];
    let compared = 0;
    batch.lines.forEach((line, i) => {
      const item = corpus[i]!;
      if (line.error !== null) {
        const r = encode(item.build(0), { bits: 32, address: 0 });
        if (r.ok) failures.push(`${item.text}: nasm rejects (${line.error}) but we emit ${toHex(r.bytes)}`);
        return;
      }
      compared++;
      const r = encode(item.build(line.address), { bits: 32, address: line.address });
      const want = toHex(line.bytes);
      if (!r.ok) failures.push(`${item.text}: nasm ${want}, we fail: ${r.message}`);
      else if (toHex(r.bytes) !== want) failures.push(`${item.text}: nasm ${want}, we ${toHex(r.bytes)}`);
    });
    if (process.env.ISA_DUMP) (await import('node:fs')).writeFileSync(process.env.ISA_DUMP, failures.join('\n'));
    console.log(`[isa] encoder corpus: ${corpus.length} lines, ${compared} assembled by nasm, ${failures.length} mismatches`);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(compared).toBeGreaterThan(3000);
  });
});
