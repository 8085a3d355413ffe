/**
 * The table-generated corpus as whole programs (test/corpus/isa/*.asm, one per mnemonic): nasm -f bin and
 * virtlab's assembler (front end + encoder, as the CLI and editor use it) must produce identical bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src-main/core/asm';
import { disassemble } from '../../src-main/core/isa/disasm';
import { formatNdisasm } from '../../src-main/cli/ndisasm-format';
import { requireOracle } from '../support/oracles';

const dir = fileURLToPath(new URL('../corpus/isa/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.asm')).sort();
const hasNasm = requireOracle('nasm') && requireOracle('ndisasm');
const work = mkdtempSync(join(tmpdir(), 'virtlab-isa-corpus-'));

describe.skipIf(!hasNasm)('table corpus files: virtlab asm vs nasm -f bin', () => {
  it('has a file for every mnemonic family', () => {
    expect(files.length).toBeGreaterThanOrEqual(250);
  });

  it.each(files)('%s', (file) => {
    const path = join(dir, file);
    const out = join(work, file.replace(/\.asm$/, '.bin'));
    execFileSync('nasm', ['-f', 'bin', '-o', out, path], { stdio: ['ignore', 'ignore', 'ignore'] });
    const expected = readFileSync(out);
    const result = assemble({ mainFile: path, readFile: (p) => (p === path ? readFileSync(p, 'utf8') : undefined) });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(Buffer.from(result.bytes).equals(expected)).toBe(true);
  });
});

describe.skipIf(!hasNasm)('table corpus files: virtlab disasm text vs ndisasm -b 32, exactly', () => {
  it.each(files)('%s', (file) => {
    const bin = join(work, file.replace(/\.asm$/, '.dis.bin'));
    execFileSync('nasm', ['-f', 'bin', '-o', bin, join(dir, file)], { stdio: ['ignore', 'ignore', 'ignore'] });
    const expected = execFileSync('ndisasm', ['-b', '32', '-o', '0x100000', bin], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(formatNdisasm(disassemble(new Uint8Array(readFileSync(bin)), 0x100000))).toBe(expected);
  });
});
