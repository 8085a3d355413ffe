/**
 * Inputs that once exhausted the stack or took minutes: long expression chains (nasm's own limit is 8192
 * terms, `--limit-eval`) and %rotate through a macro call with 20,000 parameters.
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { expectSameAsNasm } from '../../support/nasm';
import { MacroParams } from '../../../src-main/core/asm/pp-mmacros';

const hasNasm = requireOracle('nasm');

describe.skipIf(!hasNasm)('long expressions, as nasm (--limit-eval 8192)', () => {
  /** Chains of n terms in data, %if, an address and a symbol chain. */
  const chains = (n: number): string => [
    'bits 32',
    `dd ${Array(n).fill('1').join('+')}`,
    `%if ${Array(n).fill('1').join(' && ')}`,
    'db 5',
    '%endif',
    `mov eax, [ebx+${Array(n - 1).fill('1').join('+')}]`,
    `dd ${Array(n).fill('x').join('-')}`,
    'x equ 1',
    '',
  ].join('\n');

  it('a flat chain of 8192 terms assembles (no recursion over its depth)', () => expectSameAsNasm(chains(8192)));
  it('8193 or 10,000 terms are "expression too long" on every line', () => {
    expectSameAsNasm(chains(8193));
    expectSameAsNasm(chains(10_000));
  });
});

describe('%rotate', () => {
  it.skipIf(!hasNasm)('rotates through 20,000 parameters as nasm does', () => {
    const args = Array.from({ length: 20_000 }, (_, i) => String(i % 251)).join(',');
    expectSameAsNasm(`%macro many 1-*\n%rep %0\n  %rotate 1\n%endrep\n  db %1, %2, %{2:3}\n%rotate -3\n  db %1\n%endmacro\nmany ${args}\n`);
  });

  it('turns an index instead of copying the parameter list (O(1) per rotation)', () => {
    const list = Array.from({ length: 20_000 }, (_, i) => String(i));
    const p = new MacroParams(list);
    for (let i = 0; i < 20_000; i++) p.rotate(1);
    p.rotate(-3);
    expect(p.list).toBe(list);
    expect([p.at(0), p.at(2), p.at(3), p.length]).toEqual(['19997', '19999', '0', 20_000]);
  });
});
