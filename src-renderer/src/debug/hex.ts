/** Hex formatting and parsing for the debugger's register and memory views. */

export const hex32 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
export const hex16 = (n: number): string => (n & 0xffff).toString(16).padStart(4, '0');
export const hex8 = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');

export type HexParseError = 'empty' | 'not-hex' | 'too-large';
export type HexParse = { ok: true; value: number } | { ok: false; error: HexParseError };

/**
 * A 32-bit value typed as hex: digits with an optional `0x` prefix or `h` suffix (as NASM writes them) and
 * `_` separators. Anything else is refused rather than guessed at.
 */
export function parseHex32(text: string): HexParse {
  let s = text.trim().replace(/_/g, '');
  if (s === '') return { ok: false, error: 'empty' };
  if (/^0x/i.test(s)) s = s.slice(2);
  else if (/^[0-9][0-9a-f]*h$/i.test(s)) s = s.slice(0, -1);
  if (!/^[0-9a-f]+$/i.test(s)) return { ok: false, error: 'not-hex' };
  const digits = s.replace(/^0+(?=.)/, '');
  if (digits.length > 8) return { ok: false, error: 'too-large' };
  return { ok: true, value: parseInt(digits, 16) >>> 0 };
}
