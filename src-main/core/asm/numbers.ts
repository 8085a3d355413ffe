/**
 * NASM numeric constants: prefixes 0x/0h/0d/0t/0o/0q/0b/0y, suffixes h/x/d/t/o/q/b/y, `$` hex prefix,
 * underscores anywhere. When both a prefix and a suffix letter could apply, the larger radix wins (as NASM's
 * readnum does: `0x1b` is hex, `0b1h` is hex).
 */

/** A 64-bit integer value: a number when it is a safe integer, else a bigint (always signed 64-bit). */
export type Int = number | bigint;

function radixOf(c: number): number {
  switch (c | 0x20) {
    case 0x62: case 0x79: return 2; // b y
    case 0x6f: case 0x71: return 8; // o q
    case 0x64: case 0x74: return 10; // d t
    case 0x68: case 0x78: return 16; // h x
    default: return 0;
  }
}

function digitOf(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 122) return l - 87;
  return 99;
}

/** Wraps a bigint to signed 64 bits and returns a number when it is exactly representable. */
export function normInt(v: bigint): Int {
  const w = BigInt.asIntN(64, v);
  return w >= -9007199254740991n && w <= 9007199254740991n ? Number(w) : w;
}

export interface NumberParse {
  readonly value?: Int;
  readonly error?: string;
  readonly overflow?: boolean;
}

/** Parses the text of one numeric token (`$` prefix included, if any). */
export function parseNumber(text: string): NumberParse {
  let start = 0;
  let end = text.length;
  let radix = 10;
  if (text.charCodeAt(0) === 36 /* $ */) {
    radix = 16;
    start = 1;
  } else {
    const pradix = end > 2 && text.charCodeAt(0) === 48 ? radixOf(text.charCodeAt(1)) : 0;
    const sradix = end > 1 ? radixOf(text.charCodeAt(end - 1)) : 0;
    if (pradix > sradix) {
      radix = pradix;
      start = 2;
    } else if (sradix > pradix) {
      radix = sradix;
      end -= 1;
    }
  }
  let value = 0;
  let big: bigint | undefined;
  let digits = 0;
  const limit = Number.MAX_SAFE_INTEGER / 16;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 95 /* _ */) continue;
    const d = digitOf(c);
    if (d >= radix) return { error: `invalid number '${text}'` };
    digits++;
    if (big !== undefined) big = big * BigInt(radix) + BigInt(d);
    else if (value > limit) big = BigInt(value) * BigInt(radix) + BigInt(d);
    else value = value * radix + d;
  }
  if (digits === 0) return { error: `invalid number '${text}'` };
  if (big === undefined) return { value };
  const overflow = big > 0xffffffffffffffffn;
  return { value: normInt(big), overflow };
}
