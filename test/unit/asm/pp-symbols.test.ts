/**
 * Preprocessor expressions on assembler symbols (`%if SIZE > 510` after `SIZE equ end - start`, `%rep` on a
 * label difference, `%assign n $ - start`), checked against nasm: results and errors (line and meaning).
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { expectSameAsNasm, nasm, virtlab } from '../../support/nasm';

const hasNasm = requireOracle('nasm');

const same = (src: string): void => expectSameAsNasm(src);

describe.skipIf(!hasNasm)('preprocessor expressions on assembler symbols, as nasm', () => {
  it('a constant from a label difference defined earlier drives %if, %rep and %assign', () => {
    same(`org 0x7c00
start:
  jmp foo
  times 100 db 0
foo: nop
end:
SIZE equ end - start
%if SIZE > 50
  db 1
%else
  db 2
%endif
%rep SIZE / 10
  db 3
%endrep
%assign X SIZE
  db X
`);
  });

  it('decides with the final values, not the first pass guess (a jump that grows)', () => {
    same(`bits 16
start:
  jmp foo
  times 200 db 0
foo:
end:
SIZE equ end - start
%if SIZE > 202
  db 1
%else
  db 2
  %error only a first-pass guess would take this branch
%endif
`);
  });

  it('an equ defined before the %if may use labels defined after it', () => {
    same(`SIZE equ end - start
%if SIZE > 1
db 9
%else
db 8
%endif
start: db 1,2
end:
`);
  });

  it('reads $ and local labels', () => {
    same(`start: db 1,2
.mid: db 3
%if $ - start == 3 && .mid - start == 2
db 4
%endif
`);
  });

  it('a context-local label is an expression syntax error (only a context-local macro is known)', () => {
    same(`%push ctx
%define %$n 2
%$here: db 5
%if %$n == 2
db 6
%endif
%if %$here
db 6
%endif
%pop
`);
  });

  it('a forward reference is "not defined before use"', () => {
    same(`%if FOO > 1
db 1
%endif
FOO equ 5
`);
    same(`db 0
%rep end - start
db 1
%endrep
start: db 0,0,0
end:
`);
    same(`start: db 1,2
%assign N end0 - start
db N
end0:
`);
  });

  it('a label itself, or labels of two sections, are non-constant', () => {
    same(`start: db 1,2
X equ 3
%if X
db 4
%endif
%if start
db 5
%endif
`);
    same(`section .text
start: db 1,2
section .data
d1: db 3
%if d1 - start
db 4
%endif
`);
  });

  it('a condition that flips the code defining its own symbol fails, as in nasm, and names the line', () => {
    const src = 'SIZE equ end - start\nstart: db 0\n%if SIZE > 2\n  db 1\n%else\n  db 1, 2, 3\n%endif\nend:\n';
    expect(nasm(src).ok).toBe(false);
    const mine = virtlab(src);
    expect(mine.ok).toBe(false);
    expect(mine.errors).toEqual([{ line: 3, message: "unable to converge: the preprocessor's use of 'SIZE' changes the code that defines it" }]);
  });
});
