/** Preprocessor behaviour that the byte-level corpus cannot show directly. */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../src-main/core/asm/index';

function bytes(src: string, opts: { files?: Record<string, string>; defines?: Record<string, string>; includePaths?: string[] } = {}): number[] {
  const all: Record<string, string> = { 'dir/main.asm': src, ...(opts.files ?? {}) };
  const r = assemble({ mainFile: 'dir/main.asm', readFile: (p) => all[p], defines: opts.defines, includePaths: opts.includePaths });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return Array.from(r.bytes);
}

describe('preprocessor', () => {
  it('takes -D style defines', () => {
    expect(bytes('db VALUE, FLAG\n%ifdef FLAG\ndb 9\n%endif\n', { defines: { VALUE: '3', FLAG: '1' } })).toEqual([3, 1, 9]);
  });

  it('knows __LINE__ and __FILE__', () => {
    expect(bytes('\n\ndb __LINE__\ndb __?FILE?__\n')).toEqual([3, ...Array.from('dir/main.asm', (c) => c.charCodeAt(0))]);
  });

  it('searches includes next to the including file, then as written, then the include paths', () => {
    const files = { 'dir/a.inc': 'db 1\n%include "b.inc"\n', 'lib/b.inc': 'db 2\n', 'c.inc': 'db 3\n' };
    expect(bytes('%include "a.inc"\n%include "c.inc"\n', { files, includePaths: ['lib'] })).toEqual([1, 2, 3]);
  });

  it('stops at %fatal', () => {
    const r = assemble({ mainFile: 'm', readFile: () => '%fatal stop here\n%error not reached\n' });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['stop here']);
  });

  it('expands single-line macros recursively but not into themselves', () => {
    expect(bytes('%define A B+1\n%define B 2\n%define C C\nC equ 7\ndb A, C\n')).toEqual([3, 7]);
  });

  it('selects macro overloads by parameter count', () => {
    expect(bytes('%macro m 0\ndb 0\n%endmacro\n%macro m 1\ndb 1\n%endmacro\n%macro m 2\ndb 2\n%endmacro\nm\nm x\nm x, y\n')).toEqual([0, 1, 2]);
  });

  it('joins lines ending in a backslash', () => {
    expect(bytes('db 1, \\\n   2, \\\n   3\ndb __LINE__\n')).toEqual([1, 2, 3, 4]);
  });

  it('keeps %rotate in effect across %rep iterations', () => {
    expect(bytes('%macro r 1-*\n%rep %0\ndb %1\n%rotate 1\n%endrep\n%endmacro\nr 4, 5, 6\n')).toEqual([4, 5, 6]);
  });

  it('gives each expansion its own %% labels', () => {
    expect(bytes('%macro m 0\n%%x: db %%x - $$\n%endmacro\nm\nm\nm\n')).toEqual([0, 1, 2]);
  });
});
