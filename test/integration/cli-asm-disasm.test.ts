/**
 * `virtlab asm` and `virtlab disasm` as a user runs them, against nasm and ndisasm: identical binaries, and
 * disassembly text identical to `ndisasm -b 32 -o ORG` line for line (spacing included) — but where a
 * program's data happens to spell an x87/MMX/SSE instruction, which virtlab's instruction set does not have
 * and shows as `db` (test/support/ndisasm-diff.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ndisasmDifferences } from '../support/ndisasm-diff';
import { requireOracle } from '../support/oracles';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'src-main/cli/virtlab.mjs');
const examples = join(root, 'resources/examples');
const hasNasm = requireOracle('nasm') && requireOracle('ndisasm');
const work = mkdtempSync(join(tmpdir(), 'virtlab-cli-asm-'));

const virtlab = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });

describe.skipIf(!hasNasm)('virtlab asm / disasm against nasm / ndisasm', () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.asm'));

  it.each(files)('%s: same bytes as nasm, same text as ndisasm', (file) => {
    const ours = join(work, `${file}.virtlab.bin`);
    const theirs = join(work, `${file}.nasm.bin`);
    const listing = join(work, `${file}.lst`);
    const asm = virtlab('asm', join(examples, file), '-o', ours, '-l', listing);
    expect(asm.stderr).toBe('');
    expect(asm.status).toBe(0);
    execFileSync('nasm', ['-f', 'bin', '-I', join(root, 'resources/include/'), '-o', theirs, join(examples, file)]);
    expect(readFileSync(ours).equals(readFileSync(theirs))).toBe(true);
    expect(readFileSync(listing, 'utf8')).toMatch(/^\s+1 /);

    const dis = virtlab('disasm', ours, '--org', '0x100000');
    expect(dis.status).toBe(0);
    expect(ndisasmDifferences(dis.stdout, execFileSync('ndisasm', ['-b', '32', '-o', '0x100000', theirs], { encoding: 'utf8' }))).toEqual([]);
  });

  it('the comparison lets through only x87/MMX/SSE that virtlab shows as db, and flags anything else', () => {
    const ours = ['00000000  90                nop', '00000001  D8                db 0xd8', '00000002  0E                push cs', '00000003  C3                ret', ''].join('\n');
    const x87 = ['00000000  90                nop', '00000001  D80E              fmul dword [esi]', '00000003  C3                ret', ''].join('\n');
    expect(ndisasmDifferences(ours, x87)).toEqual([]);
    const other = x87.replace('fmul dword [esi]', 'or al,0xe');
    expect(ndisasmDifferences(ours, other)).toHaveLength(1);
    expect(ndisasmDifferences(ours.replace('ret', 'retn'), x87)).toHaveLength(1);
    expect(ndisasmDifferences(ours, x87.replace('C3                ret', 'C3                ret\n00000004  90                nop'))).toHaveLength(1);
  });

  it('disassembles a file of a few MB in constant memory (a 32 MB heap), text identical to ndisasm', () => {
    // Real instructions of many lengths, repeated past 3 MB so that they straddle every read boundary, and a
    // truncated instruction at the very end.
    const corpus = join(root, 'test/corpus/isa');
    const pieces = ['add', 'adc', 'and', 'lea', 'mov', 'or', 'sbb', 'sub'].map((name) => {
      const out = join(work, `${name}.isa.bin`);
      execFileSync('nasm', ['-f', 'bin', '-o', out, join(corpus, `${name}.asm`)]);
      return readFileSync(out);
    });
    const unit = Buffer.concat(pieces);
    const big = join(work, 'big.bin');
    writeFileSync(big, Buffer.concat([...Array.from({ length: Math.ceil((3 << 20) / unit.length) }, () => unit), Buffer.from([0x8b, 0x84])]));
    const dis = spawnSync(process.execPath, ['--max-old-space-size=32', cli, 'disasm', big, '--org', '0x100000'], {
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 1 << 30,
    });
    expect(dis.stderr).toBe('');
    expect(dis.status).toBe(0);
    const expected = execFileSync('ndisasm', ['-b', '32', '-o', '0x100000', big], { encoding: 'utf8', maxBuffer: 1 << 30 });
    expect(dis.stdout === expected, 'byte-identical to ndisasm').toBe(true);
  });

  it('reports assembly errors as FILE:LINE:COL and exits 4', () => {
    const bad = join(work, 'bad.asm');
    execFileSync('sh', ['-c', `printf 'bits 32\\nmov eax, nowhere\\nfoo bar\\n' > ${bad}`]);
    const r = virtlab('asm', bad, '-o', join(work, 'bad.bin'));
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`^${bad}:2:\\d+: error: symbol 'nowhere' not defined`, 'm'));
    expect(r.stderr).toMatch(new RegExp(`^${bad}:3:\\d+: error: `, 'm'));
  });
});
