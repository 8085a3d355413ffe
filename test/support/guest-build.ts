/**
 * Builds guest programs for tests. Today it runs /usr/bin/nasm (`nasm -f bin`); the project's own assembler
 * will replace it behind the same API.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const run = promisify(execFile);

/** Build directories live until the importing test file finishes (callers use the returned paths). */
const buildDirs: string[] = [];
const removeBuildDirs = (): void => {
  for (const dir of buildDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};
try {
  afterAll(removeBuildDirs);
} catch {
  process.once('exit', removeBuildDirs); // imported outside a vitest run (scripts, benchmarks)
}

export interface BuildOptions {
  /** nasm output format; default 'bin'. 'elf32' gives a relocatable object the caller links itself. */
  readonly format?: 'bin' | 'elf32';
}

/** Assembles NASM `source` into a fresh temporary file and returns its path. */
export async function buildGuest(source: string, options: BuildOptions = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'virtlab-guest-'));
  buildDirs.push(dir);
  const src = join(dir, 'guest.asm');
  const out = join(dir, options.format === 'elf32' ? 'guest.o' : 'guest.bin');
  await writeFile(src, source);
  try {
    await run('nasm', ['-f', options.format ?? 'bin', '-o', out, src]);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`nasm failed on the guest source:\n${err.stderr ?? err.message}`, { cause: e });
  }
  return out;
}

/** Assembles and returns the bytes instead of a path. */
export async function buildGuestBytes(source: string, options: BuildOptions = {}): Promise<Uint8Array> {
  return new Uint8Array(await readFile(await buildGuest(source, options)));
}

/**
 * A multiboot v1 header with the a.out kludge (flag bit 16) for a flat binary at `org`, to paste at the very
 * start of a guest source. The guest's code follows the header and begins at label `_start` (the caller
 * defines it). `bss_end` may be given as a label the source defines, else 0 (no bss).
 */
export function multibootHeader(org = 0x100000, bssEndLabel = '0'): string {
  return `bits 32
org 0x${org.toString(16)}
mb_header:
  dd 0x1BADB002
  dd 0x00010000
  dd -(0x1BADB002 + 0x00010000)
  dd mb_header
  dd 0x${org.toString(16)}
  dd 0
  dd ${bssEndLabel}
  dd _start
`;
}
