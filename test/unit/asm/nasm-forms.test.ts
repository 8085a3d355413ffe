/**
 * Forms nasm rejects or treats specially, checked against nasm itself (bytes, or error lines and messages):
 * sized jump targets, far pointers in memory, relocatable arithmetic in data, and NASM's own operators.
 */
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { expectSameAsNasm, nasm, virtlab } from '../../support/nasm';

const hasNasm = requireOracle('nasm');

/** One line in both modes, between a label behind it and one ahead of it. */
const line = (text: string, bits: 16 | 32): string => `bits ${bits}\norg 0x7c00\nback: nop\n${text}\nnop\nahead:\n`;

describe.skipIf(!hasNasm)('instruction forms, as nasm', () => {
  const forms = [
    'jmp dword ahead', 'jmp word back', 'call word ahead', 'call dword back', 'jmp near word back', 'call near dword back',
    'jnz near word back', 'jnz near dword ahead', 'jnz word back', 'jnz dword ahead', 'jmp short word back', 'jmp byte back',
    'call byte back', 'loop word back', 'jmp far [ebx]', 'jmp far word [ebx]', 'jmp far dword [bx]', 'call far word [si+2]',
    'call far dword [ebx]', 'call far [bx]',
  ];
  for (const f of forms) {
    for (const bits of [16, 32] as const) it(`${f} (bits ${bits})`, () => expectSameAsNasm(line(f, bits)));
  }
});

describe.skipIf(!hasNasm)('relocatable arithmetic, as nasm', () => {
  const forms = [
    'dq -back', 'dd -back', 'db -back', 'dw -back + 0x7c10', 'dd 2*back - ahead', 'dd ahead - back * 2', 'dd 3 - back',
    'dd back - $$ + 0x7c00', 'dw (ahead - back) / 2', 'mov eax, -back', 'push -back + 0x7c00', 'add eax, 2*back - ahead',
    'dd back*2', 'dd back + ahead', 'dd 3*back - ahead', 'dd ~back', 'dd back & 0xff',
  ];
  for (const f of forms) it(f, () => expectSameAsNasm(line(f, 32)));
});

describe.skipIf(!hasNasm)('operators and constants, as nasm', () => {
  it('<=> (nasm 2.16 gives 1 or 0), signed and unsigned division and shifts', () => {
    expectSameAsNasm('dd 1 <=> 2, 3 <=> 1, 2 <=> 2, -1 <=> 2, 2 <=> -1\ndd 7 // 2, -7 // 2, 7 %% 3, -7 %% 3, -7 / 2, -7 % 2, -16 >> 2, -16 >>> 2\n');
  });

  it('half-precision and exponent-only floats, float and UTF functions', () => {
    expectSameAsNasm(`dw 1.5, -2.0, 65504.0, 65520.0, 1e-5, 6.1e-5, 0.1, 1e-8, -0.0, 1.0e10
dd 1e-5, 2E+3, 1.5e-3
dw __?utf16?__('h\u00e9llo \u{1F600}'), 0
dd __?utf32be?__("ab"), __?utf16?__('ab')
dw __utf16be__(\`x\`)
mov eax, __?float32?__(1.5)
dq __?float64?__(-2.5), __?float16?__(1.0), __?float80m?__(1.0)
dw __?float80e?__(1.0)
`);
  });
});

describe.skipIf(!hasNasm)('unterminated blocks, reported where nasm reports them and where they began', () => {
  const cases: [string, string, number][] = [
    ['a %macro', 'db 1\n%macro foo 0\ndb 2\n\ndb 3\n', 2],
    ['an %if', 'db 1\n%if 1\ndb 2\ndb 3\n', 2],
    ['a %rep', 'db 1\n%rep 3\ndb 2\ndb 3\n', 2],
    ['an %if left open by a macro', '%macro m 0\n%if 1\ndb 1\n%endmacro\nm\ndb 2\n', 2],
  ];
  for (const [what, src, begin] of cases) {
    it(what, () => {
      const ref = nasm(src);
      const mine = virtlab(src);
      expect(ref.ok).toBe(false);
      expect(mine.ok).toBe(false);
      const [eof] = ref.errors;
      const atEof = mine.errors.find((e) => e.line === eof!.line);
      expect(atEof, JSON.stringify(mine.errors)).toBeDefined();
      expect(atEof!.message.startsWith(eof!.message.replace(/`/g, "'"))).toBe(true);
      expect(mine.errors.some((e) => e.line === begin && e.message.startsWith('unterminated'))).toBe(true);
    });
  }
});

describe.skipIf(!hasNasm)('[warning ...] directives, as nasm', () => {
  const cases: Record<string, string> = {
    '+error=class makes that class an error': '[warning +error=number-overflow]\ndb 300\n',
    '-class turns it off': '[warning -number-overflow]\ndb 300\ndb 1\n',
    '+error=all after a warning': 'db 300\n[warning +error=all]\ndb 1\nresb 1\n',
    'user warnings (%warning)': '%warning hi\n[warning +error=user]\n%warning there\n',
    '+error alone': '[warning +error]\ndb 300\n',
    '-all then +error=class': '[warning -all]\n[warning +error=number-overflow]\ndb 300\nresb 1\n',
    'push and pop': '[warning error=number-overflow]\ndb 300\n[warning push]\n[warning -error=number-overflow]\ndb 300\n[warning pop]\ndb 300\n',
    '*class restores the default': '[warning -zeroing]\nresb 1\n[warning *zeroing]\nresb 2\n',
  };
  for (const [what, src] of Object.entries(cases)) {
    it(what, () => {
      expectSameAsNasm(src);
      expect(virtlab(src).warnings).toEqual(nasm(src).warnings);
    });
  }
});
