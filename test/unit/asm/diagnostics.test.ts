/** Diagnostics: every problem reported with file:line:col and a clear message, all of them in one run. */
import { describe, expect, it } from 'vitest';
import { assemble, type Diagnostic } from '../../../src-main/core/asm/index';
import { requireOracle } from '../../support/oracles';
import { nasm } from '../../support/nasm';

const hasNasm = requireOracle('nasm');

function run(src: string, files: Record<string, string> = {}): Diagnostic[] {
  const all: Record<string, string> = { 'main.asm': src, ...files };
  return assemble({ mainFile: 'main.asm', readFile: (p) => all[p], builtinIncludes: false }).diagnostics;
}

function only(src: string): Diagnostic {
  const d = run(src).filter((x) => x.severity === 'error');
  expect(d, JSON.stringify(d)).toHaveLength(1);
  return d[0]!;
}

/** Each source with the line, column and message virtlab reports. */
const CASES: [string, number, number, string][] = [
    ['bits 32\nmov eax, nothere\n', 2, 10, "symbol 'nothere' not defined"],
    ['a: db 1\na: db 2\n', 2, 1, "label 'a' inconsistently redefined (originally defined at main.asm:1)"],
    ["db 'abc\n", 1, 4, 'unterminated string'],
    ['dd 1 +\n', 1, 6, 'expression syntax error'],
    ['foo eax, 1\n', 1, 5, 'parser: instruction expected'],
    ['db 5/0\n', 1, 5, 'division by zero'],
    ['%include "missing.inc"\n', 1, 1, "%include: file not found: 'missing.inc'"],
    ['dd (1 + 2\n', 1, 4, "expecting ')'"],
    ['times -1 db 0\n', 1, 1, 'TIMES value -1 is negative'],
    ['bits 32\nmov eax, [eax+ebx+ecx]\n', 2, 10, 'invalid effective address: too many registers'],
    ['bits 32\nmov eax, [ax]\n', 2, 10, "'ax' cannot be used for addressing"],
    ['bits 16\nmov ax, [eax+bx]\n', 2, 9, "'bx' cannot be used for addressing"],
    ['bits 16\nmov ax, [bx+ax]\n', 2, 9, "'ax' cannot be mixed with 16-bit addressing registers"],
    ['%unknown\n', 1, 1, "unknown preprocessor directive '%unknown'"],
    ['x: db 1 & x\n', 1, 9, "'&' operator may only be applied to scalar values"],
    ['%endif\n', 1, 1, "'%endif': no matching '%if'"],
    ['%error custom failure\n', 1, 1, 'custom failure'],
    ['%if nothere\n%endif\n', 1, 1, "symbol 'nothere' not defined before use"],
    ['bits 64\n', 1, 1, 'bits 64 is not supported'],
    ['section .data align=3\n', 1, 1, "argument to 'align' is not a power of two"],
    ['org 0x100\norg 0x200\n', 2, 1, 'program origin redefined'],
    ['bits 32\njmp short faraway\ntimes 200 nop\nfaraway:\n', 2, 1, 'short jump is out of range'],
    ['incbin "nofile.bin"\n', 1, 1, "incbin: file not found: 'nofile.bin'"],
    ['db 1 ? 2\n', 1, 6, "expecting ':'"],
    ['db 0x1g\n', 1, 4, "invalid number '0x1g'"],
    ['struc s\n.a: resb 1\nendstruc\nmov eax, s.b\n', 4, 10, "symbol 's.b' not defined"],
];

/** Limits of virtlab's machine, not of nasm (which accepts these). */
const VIRTLAB_ONLY = new Set(['bits 64\n']);

describe.skipIf(!hasNasm)('the same sources in nasm', () => {
  it.each(CASES.filter(([src]) => !VIRTLAB_ONLY.has(src)))('nasm rejects it on the same line: %j', (src, line) => {
    const ref = nasm(src);
    expect(ref.ok, 'nasm accepted it').toBe(false);
    expect(ref.errors.map((e) => e.line)).toContain(line);
  });
});

describe('assembler diagnostics', () => {
  it.each(CASES)('%j', (src, line, col, message) => {
    const d = only(src);
    expect(d).toMatchObject({ file: 'main.asm', line, severity: 'error' });
    expect(d.message).toContain(message);
    expect(d.col).toBe(col);
  });

  it('reports every error of a file in one run, in line order', () => {
    const d = run('mov eax, a1\nfoo eax\ndb 1/0\n%bogus\ndd x2\n').filter((x) => x.severity === 'error');
    expect(d.map((x) => x.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps warnings apart from errors', () => {
    const d = run('%warning careful\ndb 300\nresb 4\n');
    expect(d.every((x) => x.severity === 'warning')).toBe(true);
    expect(d.map((x) => x.message)).toEqual(['careful', 'byte data exceeds bounds', 'uninitialized space declared in .text section: zeroing']);
    expect(assemble({ mainFile: 'm', readFile: () => 'db 300\n' }).ok).toBe(true);
  });

  it('points into the right file for errors in include files', () => {
    const d = run('db 1\n%include "inc.asm"\n', { 'inc.asm': 'db 2\ndb nothere\n' }).filter((x) => x.severity === 'error');
    expect(d).toEqual([expect.objectContaining({ file: 'inc.asm', line: 2, col: 4, message: "symbol 'nothere' not defined" })]);
  });

  it('reports errors inside a macro at the invocation line, naming the macro', () => {
    const d = only('%macro m 1\n  db %1 / 0\n%endmacro\nnop\n  m 5\n');
    expect(d).toMatchObject({ line: 5 });
    expect(d.message).toBe("division by zero (in macro 'm' at main.asm:2)");
  });

  it('gives columns that span the offending text', () => {
    const d = only('bits 32\n  mov eax, missing_label\n');
    expect(d.col).toBe(12);
    expect(d.endCol).toBe(12 + 'missing_label'.length);
  });

  it('reports a missing main file', () => {
    const r = assemble({ mainFile: 'nope.asm', readFile: () => undefined });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.message).toContain("unable to open input file 'nope.asm'");
  });

  it.each([
    ['%macro r 0\nr\n%endmacro\nr\n', 'nested more than'],
    ['%define A A B\n%define B A\ndb A\n', ''],
    ['%rep 2000000\n%endrep\n', 'exceeds the limit'],
    ['times 100000000 db 0\n', 'limit'],
    ['resb 0x7fffffff\n', 'limit'],
    ['%include "main.asm"\n', 'nested more than'],
    ['x: times x+1 db 0\n', ''],
    [`dd ${'('.repeat(5000)}1${')'.repeat(5000)}\n`, 'nested more than'],
    [`dd ${'-'.repeat(5000)}1\n`, 'nested more than'],
    [`%define A(x) x\ndd ${'A('.repeat(3000)}1${')'.repeat(3000)}\n`, ''],
    [`db ${'%['.repeat(3000)}1${']'.repeat(3000)}\n`, 'nested more than 50 levels'],
  ])('bounded: %j', (src, message) => {
    // The limit's own error shows the work was cut short (no wall-clock bound: that is for benchmarks).
    const r = assemble({ mainFile: 'main.asm', readFile: (p) => (p === 'main.asm' ? src : undefined) });
    if (message) expect(r.diagnostics.some((d) => d.severity === 'error' && d.message.includes(message)), JSON.stringify(r.diagnostics)).toBe(true);
  });

  it('reports sizes that never settle as "unable to converge"', () => {
    // add eax, k is 3 bytes when k fits a byte and 6 otherwise; k is big exactly when the add is small.
    const src = 'bits 32\nstart: add eax, k\nx:\nk equ (x - start == 3) ? 1000 : 1\n';
    const r = assemble({ mainFile: 'main.asm', readFile: () => src });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^unable to converge/) })]);
  });
});
