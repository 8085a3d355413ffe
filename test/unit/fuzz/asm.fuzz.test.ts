/**
 * Mutated guest programs through the assembler: the test guests (CPU, SMP, kvm-unit-tests style, benchmarks),
 * with their include folders, so the mutations reach %include, macros and multi-file diagnostics. Whatever the
 * edit, assemble() returns a result (never a throw) whose diagnostics name a file it read, a line within that
 * file and a column, and `ok` is false exactly when one is an error. Complements test/unit/asm/robustness
 * (fragment soup and corpus mutations at a fixed seed) with a fresh seed each run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../src-main/core/asm';
import { assertFuzz } from '../../support/fuzz';

const TEST = fileURLToPath(new URL('../../', import.meta.url));
const DIRS = ['guests/cpu', 'guests/smp', 'guests/kut', 'bench/guests'].map((d) => join(TEST, d));
const programs = DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.asm')).map((f) => join(dir, f)));

const TOKENS = [
  '', ' ', '\n', '%', '%%', '%1', '%0', '[', ']', ',', ':', '(', ')', '"', "'", '`', '.', '$', '$$', '-', '*', '/', ';', '\\',
  'times 99 ', '%rep 5\n', '%endrep\n', '%macro', '%endmacro\n', '%if', '%endif\n', '%include "lib.inc"\n', '%include "missing.inc"\n',
  'section .data\n', 'bits 16\n', 'align 4096\n', 'org 0\n', 'equ', 'db', 'dd', 'resb 1', 'lock', 'rep', 'byte', 'dword', 'far', 'x', '0x', '0',
];

/** One edit: at a position, delete some characters and insert a token or a copy of another part. */
const edit = fc.tuple(fc.nat(), fc.nat(12), fc.oneof(fc.constantFrom(...TOKENS), fc.tuple(fc.nat(), fc.nat(80)).map(([at, n]) => ({ at, n }))));

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

describe('assembler on mutated guest programs (fuzz slice)', () => {
  it('finds the programs', () => expect(programs.length).toBeGreaterThan(30));

  it('returns diagnostics with locations, never a throw', () => {
    assertFuzz(
      fc.property(fc.nat(programs.length - 1), fc.array(edit, { minLength: 1, maxLength: 5 }), (which, edits) => {
        const main = programs[which]!;
        let src = read(main)!;
        for (const [at, del, ins] of edits) {
          const p = at % (src.length + 1);
          const text = typeof ins === 'string' ? ins : src.slice(ins.at % (src.length + 1), (ins.at % (src.length + 1)) + ins.n);
          src = src.slice(0, p) + text + src.slice(p + del);
        }
        const seen = new Map<string, string>([[main, src]]);
        const r = assemble({
          mainFile: main,
          includePaths: [dirname(main), ...DIRS],
          readFile: (path) => {
            if (!seen.has(path)) { const t = read(path); if (t === undefined) return undefined; seen.set(path, t); }
            return seen.get(path);
          },
        });
        expect(r.bytes).toBeInstanceOf(Uint8Array);
        for (const d of r.diagnostics) {
          const where = `${d.file}:${d.line}:${d.col}: ${d.message}`;
          expect(d.message.length, where).toBeGreaterThan(0);
          expect(d.col, where).toBeGreaterThanOrEqual(1);
          expect(d.line, where).toBeGreaterThanOrEqual(1);
          const text = seen.get(d.file);
          // At most the line after the last one: end-of-file errors name it, as NASM's do ("x.asm:4: error: end
          // of file while still defining macro" for a 3-line file, with or without its final newline).
          if (text !== undefined) expect(d.line, where).toBeLessThanOrEqual(text.split('\n').length + (text.endsWith('\n') ? 0 : 1));
        }
        expect(r.ok).toBe(!r.diagnostics.some((d) => d.severity === 'error'));
      }),
      40,
    );
  });
});
