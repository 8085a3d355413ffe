/**
 * Property tests: assemble() never throws, never hangs, and returns a well-formed result for any input —
 * random text built from assembler-like fragments, and random mutations of the corpus programs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assemble, type AssembleResult } from '../../../src-main/core/asm/index';

const corpus = resolve(__dirname, '../../corpus/asm');
const programs = readdirSync(corpus).filter((f) => f.endsWith('.asm')).sort().map((f) => readFileSync(join(corpus, f), 'utf8'));

const FRAGMENTS = [
  'bits 32', 'bits 16', 'org 0x100', 'section .data', 'section .bss', 'section .x vstart=0x1000 align=16', 'segment .text',
  'mov eax, 1', 'jmp x', 'jz .l', 'call x', 'x:', '.l:', 'db 1', 'dw "ab"', 'dd x - $$', 'dq -1', 'resb 4', 'times 3 nop',
  'times x db 0', 'align 16', 'alignb 8', 'x equ 5', 'y equ x * 2', '%define A 1', '%define F(a) a+1', '%undef A', '%assign i i+1',
  '%macro m 1', '%macro m 0-*', '%endmacro', '%rep 3', '%rep 100000', '%endrep', '%exitrep', '%if 1', '%if A', '%elif 0', '%else',
  '%endif', '%ifdef A', '%ifidn a, b', '%include "x.inc"', '%error e', '%warning w', '%rotate 1', 'm 1', 'm', '%1', '%%l:', '%0',
  'struc s', 'endstruc', 'istruc s', 'at s.a, db 1', 'iend', '[bits 32]', '[section .data]', 'incbin "x.bin"', 'push x', 'lea eax, [eax*2+x]',
  'mov [fs:eax], ebx', "db 'unterminated", 'db `\\x41`', 'dd 1/0', 'dd (1', 'dd )', '%push c', '%pop', '%$x:', 'jmp %$x',
  '%strlen L "abc"', '%substr S "abc" 2', 'mov eax, [ebx+ecx*4+8]', 'add eax, byte 1', 'jmp short x', 'jmp near x', '$', '$$', '??', '\\',
];

function check(src: string): AssembleResult {
  const files: Record<string, string> = { 'main.asm': src, 'x.inc': src.slice(0, 200) };
  // Bounded work is the runaway limits' job (bounds.test.ts counts it); here: never a throw, always a located answer.
  const r = assemble({ mainFile: 'main.asm', readFile: (p) => files[p], readBinary: () => new Uint8Array([1, 2, 3]) });
  expect(r.bytes).toBeInstanceOf(Uint8Array);
  expect(Array.isArray(r.diagnostics)).toBe(true);
  for (const d of r.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
  }
  expect(r.ok).toBe(!r.diagnostics.some((d) => d.severity === 'error'));
  return r;
}

describe('assembler robustness', () => {
  it('never throws on random fragment soup', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 20 })), { maxLength: 40 }), (lines) => {
        check(lines.join('\n'));
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('never throws on arbitrary characters', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (s) => void check(s)), { numRuns: 300, seed: 7 });
  });

  it('never throws on mutated corpus programs', () => {
    fc.assert(
      fc.property(
        fc.nat(programs.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.constantFrom('', ' ', '%', '[', ']', ',', ':', '(', ')', '"', "'", '`', '\n', '.', '$', 'x', '0', '-', '*', ';', '%%', '%1', 'times 99999 ')), { maxLength: 6 }),
        (idx, edits) => {
          let s = programs[idx]!;
          for (const [at, del, ins] of edits) {
            const p = at % (s.length + 1);
            s = s.slice(0, p) + ins + s.slice(p + del);
          }
          check(s);
        },
      ),
      { numRuns: 400, seed: 1234 },
    );
  });
});
