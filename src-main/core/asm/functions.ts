/**
 * NASM's built-in conversion functions: `__?utf16?__('text')` and relatives turn a (UTF-8) string into
 * UTF-16/UTF-32 code units, `__?float32?__(1.5)` and relatives give a floating-point constant's bits as an
 * integer. Both are written as `name(argument)` wherever a string or number may stand.
 */
import { encodeFloat } from './floats';

const UTF: Record<string, { unit: 2 | 4; big: boolean }> = {
  utf16: { unit: 2, big: false }, utf16le: { unit: 2, big: false }, utf16be: { unit: 2, big: true },
  utf32: { unit: 4, big: false }, utf32le: { unit: 4, big: false }, utf32be: { unit: 4, big: true },
};
const FLOAT: Record<string, number> = { float16: 2, float32: 4, float64: 8, float80m: 8, float80e: 2 };

/** `__?utf16?__` / `__utf16__` → `utf16` (the function's key), or undefined. */
function key(name: string): string | undefined {
  const m = /^__\??(\w+?)\??__$/.exec(name.toLowerCase());
  return m ? m[1] : undefined;
}

export const isStringFunction = (name: string): boolean => key(name)! in UTF;
export const isFloatFunction = (name: string): boolean => key(name)! in FLOAT;

/** The string's bytes as UTF-16/UTF-32 code units (invalid UTF-8 bytes pass through as code points). */
export function convertString(name: string, bytes: readonly number[]): number[] {
  const f = UTF[key(name)!]!;
  const out: number[] = [];
  const put = (v: number, n: number): void => {
    const b: number[] = [];
    for (let i = 0; i < n; i++) b.push((v >>> (8 * i)) & 0xff);
    out.push(...(f.big ? b.reverse() : b));
  };
  for (const cp of codePoints(bytes)) {
    if (f.unit === 4) put(cp, 4);
    else if (cp < 0x10000) put(cp, 2);
    else {
      put(0xd800 + ((cp - 0x10000) >> 10), 2);
      put(0xdc00 + ((cp - 0x10000) & 0x3ff), 2);
    }
  }
  return out;
}

function codePoints(bytes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0;
    let cp = n === 0 ? b : b & (0x3f >> n);
    let ok = true;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok) cp = b;
    out.push(cp);
    i += ok ? n + 1 : 1;
  }
  return out;
}

/** The bits of a floating-point constant as a little-endian integer, or undefined for a bad constant. */
export function floatBits(name: string, text: string, neg: boolean): bigint | undefined {
  const k = key(name)!;
  const full = encodeFloat(text, neg, k === 'float16' ? 2 : k === 'float32' ? 4 : k === 'float64' ? 8 : 10);
  if (!full) return undefined;
  const part = k === 'float80e' ? full.subarray(8, 10) : full.subarray(0, FLOAT[k]);
  let v = 0n;
  for (let i = part.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(part[i]!);
  return v;
}
