/** Listing (nasm -l format), source map and symbol table. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '../../../src-main/core/asm/index';
import { requireOracle } from '../../support/oracles';
import { nasm, virtlab } from '../../support/nasm';

const asm = (src: string, files: Record<string, string> = {}) => {
  const all: Record<string, string> = { 'main.asm': src, ...files };
  return assemble({ mainFile: 'main.asm', readFile: (p) => all[p] });
};

const PROGRAM = `%macro pr 1
  db %1
  dw %1
%endmacro
bits 32
org 0x7c00
start: mov eax, 1
  jmp start
  db "hello world, this is long", 0
  pr 5
  times 3 db 1
x equ 5
.l: dd x
section .data
 dd 1
section .bss
 resd 2
`;

describe('listing', () => {
  it.skipIf(!requireOracle('nasm'))('matches nasm -l for data, macros, times and sections', () => {
    const dir = mkdtempSync(join(tmpdir(), 'virtlab-lst-'));
    try {
      writeFileSync(join(dir, 'main.asm'), PROGRAM);
      execFileSync('nasm', ['-f', 'bin', '-l', 'main.lst', '-o', 'main.bin', 'main.asm'], { cwd: dir });
      const ref = readFileSync(join(dir, 'main.lst'), 'utf8').split('\n').map((l) => l.trimEnd());
      const mine = asm(PROGRAM).listing.split('\n').map((l) => l.trimEnd());
      expect(mine).toEqual(ref);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const programs: Record<string, string> = {
    'plain lines, offsets and bytes': 'bits 32\nstart: nop\n  dd 0x11223344\n',
    '.nolist macro calls (bytes on the calling line) beside listed ones':
      '%macro a 0\ndb 1\n%endmacro\n%macro b 0.nolist\ndb 2\n%endmacro\na\nb\n',
    'a .nolist macro emitting code, data and TIMES across rows':
      '%macro b 1.nolist\ndb 2\nmov eax, %1\ntimes 3 db 7\n%endmacro\nbits 32\nb 5\nx: b 0x12345678\nnop\n',
    'long data rows and nested macros': '%macro in 1\ndb %1, %1\n%endmacro\n%macro out 1\nin %1\ndw %1\n%endmacro\nout 3\ndb "a long string over rows", 0\ntimes 20 dw 0x1234\n',
  };
  it.skipIf(!requireOracle('nasm'))('matches nasm -l byte for byte, blank lines padded as nasm pads them', () => {
    const src = '; a comment\n\nbits 32\n\nstart: nop\n  \n  dd 5\n';
    expect(virtlab(src).listing).toBe(nasm(src).listing);
  });

  for (const [what, src] of Object.entries(programs)) {
    it.skipIf(!requireOracle('nasm'))(`matches nasm -l: ${what}`, () => {
      const ref = nasm(src);
      expect(ref.ok).toBe(true);
      expect(virtlab(src).listing.split('\n').map((l) => l.trimEnd())).toEqual(ref.listing.split('\n').map((l) => l.trimEnd()));
    });
  }
});

describe('source map', () => {
  it('maps each emitting line to its run-time address', () => {
    const r = asm('bits 32\norg 0x1000\nstart: nop\n  mov eax, 1\nsection .data\n  dd 5\n');
    expect(r.sourceMap).toEqual([
      { address: 0x1000, file: 'main.asm', line: 3 },
      { address: 0x1001, file: 'main.asm', line: 4 },
      { address: 0x1008, file: 'main.asm', line: 6 },
    ]);
    expect(r.origin).toBe(0x1000);
  });

  it('maps macro expansions to the invocation line and includes to their file', () => {
    const r = asm('%macro two 0\nnop\nnop\n%endmacro\n%include "lib.asm"\ntwo\n', { 'lib.asm': 'db 7\n' });
    expect(r.sourceMap).toEqual([
      { address: 0, file: 'lib.asm', line: 1 },
      { address: 1, file: 'main.asm', line: 6 },
      { address: 2, file: 'main.asm', line: 6 },
    ]);
  });

  it('uses vstart addresses for sections with vstart', () => {
    const r = asm('nop\nsection .hi vstart=0xC0000000\nhi: nop\n');
    expect(r.sourceMap[1]).toEqual({ address: 0xc0000000, file: 'main.asm', line: 3 });
  });
});

describe('symbol table', () => {
  it('lists labels with section and constants without', () => {
    const r = asm('bits 32\norg 0x100\nstart: nop\n.loop: jmp .loop\nK equ 42\nsection .bss\nbuf: resb 16\n');
    expect(r.symbols).toEqual(expect.arrayContaining([
      { name: 'start', value: 0x100, section: '.text' },
      { name: 'start.loop', value: 0x101, section: '.text' },
      { name: 'K', value: 42 },
      { name: 'buf', value: 0x104, section: '.bss' },
    ]));
    expect(r.symbols.some((s) => s.name.startsWith('..@'))).toBe(false);
  });
});
