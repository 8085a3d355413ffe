/**
 * Writes test/corpus/isa/<mnemonic>.asm: the table-generated corpus (every operand form of every row, boundary
 * immediates and displacements, addressing forms) as one NASM program per mnemonic, keeping only the lines
 * nasm accepts. The files are committed; test/integration/isa-corpus-files.test.ts assembles each one with
 * nasm and with virtlab's whole assembler (front end + encoder) and asserts identical bytes.
 *
 *   node --import tsx test/corpus/generate-isa-corpus.ts
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCorpus } from '../unit/isa/support/corpus';
import { assembleBatch } from '../unit/isa/support/nasm-batch';

const outDir = fileURLToPath(new URL('./isa/', import.meta.url));
const corpus = buildCorpus();
const batch = assembleBatch(corpus.map((c) => c.text));
const byMnemonic = new Map<string, string[]>();
corpus.forEach((item, i) => {
  if (batch.lines[i]?.error !== null) return;
  const mnemonic = item.text.split(/\s+/).find((w) => !['lock', 'rep', 'repe', 'repz', 'repne', 'repnz', 'fs'].includes(w)) ?? 'misc';
  const safe = mnemonic.replace(/[^a-z0-9]/g, '_');
  if (!byMnemonic.has(safe)) byMnemonic.set(safe, []);
  byMnemonic.get(safe)!.push(item.text);
});
mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(outDir)) if (f.endsWith('.asm')) rmSync(`${outDir}${f}`);
for (const [mnemonic, lines] of [...byMnemonic].sort()) {
  const text = [
    `; ${mnemonic}: every operand form the instruction table generates (test/corpus/generate-isa-corpus.ts).`,
    'bits 32',
    'org 0x100000',
    ...lines.map((l) => `    ${l}`),
    '',
  ].join('\n');
  writeFileSync(`${outDir}${mnemonic}.asm`, text);
}
console.log(`wrote ${byMnemonic.size} files, ${[...byMnemonic.values()].reduce((n, l) => n + l.length, 0)} lines`);
