/**
 * Inline differential checks: one source (plus include files) assembled by the real `nasm -f bin` and by
 * virtlab. Both results carry bytes, error lines and (optionally) the listing, so a test compares them
 * instead of writing down what nasm is believed to print.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { assemble } from '../../src-main/core/asm/index';

export interface Assembled {
  readonly ok: boolean;
  readonly bytes: number[];
  /** `line: message` of each error in the main file, in line order. */
  readonly errors: { line: number; message: string }[];
  /** Lines of the warnings in the main file, in line order. */
  readonly warnings: number[];
  readonly listing: string;
}

/** Runs `nasm -f bin -l` over `src` (as main.asm, beside `files`); nasm's own exit status decides `ok`. */
export function nasm(src: string, files: Record<string, string> = {}, args: readonly string[] = []): Assembled {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-nasm-'));
  try {
    writeFileSync(join(dir, 'main.asm'), src);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = spawnSync('nasm', ['-f', 'bin', ...args, '-l', 'main.lst', '-o', 'main.bin', 'main.asm'], { cwd: dir, encoding: 'utf8' });
    if (r.error) throw r.error;
    const errors = r.stderr.split('\n').flatMap((l) => {
      const m = /^main\.asm:(\d+): (?:error|fatal): (.*)$/.exec(l);
      return m ? [{ line: Number(m[1]), message: m[2]! }] : [];
    });
    const warnings = r.stderr.split('\n').flatMap((l) => {
      const m = /^main\.asm:(\d+): warning: /.exec(l);
      return m ? [Number(m[1])] : [];
    });
    const ok = r.status === 0;
    const bin = join(dir, 'main.bin');
    return {
      ok,
      bytes: ok && existsSync(bin) ? Array.from(readFileSync(bin)) : [],
      errors: errors.sort((a, b) => a.line - b.line),
      warnings: warnings.sort((a, b) => a - b),
      listing: existsSync(join(dir, 'main.lst')) ? readFileSync(join(dir, 'main.lst'), 'utf8') : '',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same source assembled by virtlab. */
export function virtlab(src: string, files: Record<string, string> = {}): Assembled {
  const all: Record<string, string> = { 'main.asm': src, ...files };
  const r = assemble({ mainFile: 'main.asm', readFile: (p) => all[p], builtinIncludes: false });
  const errors = r.diagnostics.filter((d) => d.severity === 'error' && d.file === 'main.asm').map((d) => ({ line: d.line, message: d.message }));
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning' && d.file === 'main.asm').map((d) => d.line).sort((a, b) => a - b);
  return { ok: r.ok, bytes: r.ok ? Array.from(r.bytes) : [], errors, warnings, listing: r.listing };
}

/** nasm quotes names as `x'; virtlab as 'x'. */
const plain = (m: string): string => m.replace(/`/g, "'");

/**
 * Asserts that virtlab does what nasm does with `src`: the same bytes, or (when nasm fails) a failure with
 * errors on the same lines whose messages begin with nasm's.
 */
export function expectSameAsNasm(src: string, files: Record<string, string> = {}): void {
  const ref = nasm(src, files);
  const mine = virtlab(src, files);
  if (!ref.ok) {
    expect(ref.errors.length, 'nasm failed without an error line').toBeGreaterThan(0);
    expect(mine.ok, `nasm failed (${JSON.stringify(ref.errors)}) but virtlab succeeded`).toBe(false);
    expect(mine.errors.map((e) => e.line)).toEqual(ref.errors.map((e) => e.line));
    ref.errors.forEach((e, i) => expect(mine.errors[i]!.message.startsWith(plain(e.message)), `${mine.errors[i]!.message} vs nasm's ${e.message}`).toBe(true));
    return;
  }
  expect(mine.errors).toEqual([]);
  expect(mine.bytes).toEqual(ref.bytes);
}
