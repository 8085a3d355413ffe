/**
 * Random command lines: whatever argv a user types, `virtlab` ends with 0, 2 (usage) or 4 (bad input) and says
 * why on stderr; never 70 ("virtlab bug") or an exception out of main(). The paths offered are the awkward
 * ones (missing, a directory, under a regular file, a device, /proc, empty, bad JSON), none of them a guest
 * that would run, so every case ends quickly.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/main';
import { ExitCode } from '../../../src-main/cli/exit-codes';
import { runCli } from '../../support/cli';

const dir = mkdtempSync(join(tmpdir(), 'virtlab-fuzz-'));
const file = (name: string, content: string): string => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
mkdirSync(join(dir, 'subdir'));
const TEXT = file('file.txt', 'not a directory\n');
const PATHS = [
  join(dir, 'missing.bin'),
  join(dir, 'subdir'),
  join(TEXT, 'under-a-file.bin'),
  file('empty.asm', ''),
  file('empty.bin', ''),
  // JSON in .asm files: as a guest they are assembled (and fail), not run as machine code.
  file('bad-json.asm', '{"nodes": [null], "distances": 7}'),
  file('null-json.asm', 'null'),
  file('syntax.asm', 'bits 32\nmov eax, nowhere\n%include "subdir"\nincbin "/dev/zero"\n'),
  '/dev/zero',
  '/proc/virtlab-new.bin', // cannot be created, even by root
  '',
];
const FLAGS = [
  '-o', '-l', '-I', '--output', '--listing', '--include', '--org', '--vcpus', '--mem', '--mode', '--topology', '--vcpupin',
  '--membind', '--interleave', '--preferred', '--localalloc', '--cost', '--max-insns', '--timeout', '--deterministic',
  '--append', '--initrd', '--load', '--stats', '--hardware', '-H', '--break', '--frob', '-h', '-V', '--', '-',
];
const VALUES = ['0', '1', '-1', '64M', '4G', '3G', '0x100000', '0xFFFFFFFF', '1e9', 'NaN', 'rh65', 'smp4', 'numa99', 'vtx', 'trap', '0:99', '0:0,1:6', ',', ',,', ' ', '=', 'main', '*0x100000'];

const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PATHS).map((p) => [p]) },
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...FLAGS), fc.constantFrom(...VALUES, ...PATHS)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FLAGS.filter((f) => f.startsWith('--'))), fc.constantFrom(...VALUES, ...PATHS)).map(([f, v]) => [`${f}=${v}`]) },
  { weight: 1, arbitrary: fc.constantFrom(...FLAGS, ...VALUES).map((t) => [t]) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((t) => [t]) },
);
const argv = fc.tuple(
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...COMMANDS.map((c) => c.name)) }, { weight: 1, arbitrary: fc.constantFrom('help', '-h', '-V', 'frob', '') }),
  fc.array(token, { maxLength: 6 }).map((tokens) => tokens.flat()),
);

describe('virtlab with random arguments', () => {
  // Relative paths among the random values (`-o 0x100000`) land in the temporary directory.
  const cwd = process.cwd();
  beforeAll(() => process.chdir(dir));
  afterAll(() => process.chdir(cwd));

  it('always ends with 0, 2 or 4, with a message when it fails', async () => {
    await fc.assert(
      fc.asyncProperty(argv, async ([command, rest]) => {
        // --max-insns bounds any guest that would run after all.
        const r = await runCli([command, ...rest, ...(['run', 'debug', 'compare'].includes(command) ? ['--max-insns', '100000'] : [])], { input: 'quit\n' });
        expect([ExitCode.ok, ExitCode.usage, ExitCode.badInput], `exit ${r.code}: ${r.err}`).toContain(r.code);
        if (r.code !== ExitCode.ok) expect(r.err).toMatch(/\S/);
      }),
      { numRuns: 200 },
    );
  });
});
