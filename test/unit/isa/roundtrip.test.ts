/** decode → ParsedInstruction → encode gives back NASM's bytes for every corpus instruction. */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { DECODE_OK, DecodedInsn, decode } from '../../../src-main/core/isa/decoder';
import { encode } from '../../../src-main/core/isa/encoder';
import { buildCorpus } from './support/corpus';
import { assembleBatch, toHex } from './support/nasm-batch';
import { toParsed } from './support/reencode';

const hasNasm = requireOracle('nasm');

describe('decode → encode round trip', () => {
  it.skipIf(!hasNasm)('re-encodes every decoded corpus instruction to the same bytes', async () => {
    const batch = assembleBatch(buildCorpus().map((c) => c.text));
    const d = new DecodedInsn();
    const failures: string[] = [];
    let n = 0;
    for (const line of batch.lines) {
      if (line.error !== null) continue;
      n++;
      const status = decode(line.bytes, 0, line.bytes.length, d);
      if (status !== DECODE_OK || d.length !== line.bytes.length) {
        failures.push(`${line.source}: decode status ${status} length ${d.length} of ${line.bytes.length}`);
        continue;
      }
      const r = encode(toParsed(d, line.address), { bits: 32, address: line.address });
      if (!r.ok) failures.push(`${line.source}: re-encode failed: ${r.message}`);
      else if (toHex(r.bytes) !== toHex(line.bytes)) failures.push(`${line.source}: ${toHex(line.bytes)} → ${toHex(r.bytes)}`);
    }
    if (process.env.ISA_DUMP) (await import('node:fs')).writeFileSync(process.env.ISA_DUMP, failures.join('\n'));
    console.log(`[isa] round trip: ${n} instructions, ${failures.length} mismatches`);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(n).toBeGreaterThan(3000); // nasm assembled the corpus: an empty batch proves nothing
  });
});
