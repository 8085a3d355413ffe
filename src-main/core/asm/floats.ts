/**
 * Floating-point constants in `dw`/`dd`/`dq`/`dt` (IEEE half, single, double and x87 extended precision). Values are
 * parsed as doubles, so an 80-bit constant that a double cannot hold exactly differs from NASM's in its
 * lowest bits.
 */
export function encodeFloat(text: string, neg: boolean, unit: number): Uint8Array | undefined {
  const v = Number(text.replace(/_/g, '')) * (neg ? -1 : 1);
  if (Number.isNaN(v)) return undefined;
  const b = new Uint8Array(unit);
  const view = new DataView(b.buffer);
  if (unit === 2) view.setUint16(0, toHalf(v), true);
  else if (unit === 4) view.setFloat32(0, v, true);
  else if (unit === 8) view.setFloat64(0, v, true);
  else if (unit === 10) writeExtended(view, v);
  else return undefined;
  return b;
}

/** x87 80-bit extended: 64-bit mantissa with an explicit integer bit, 15-bit exponent (bias 16383). */
function writeExtended(view: DataView, v: number): void {
  const tmp = new DataView(new ArrayBuffer(8));
  tmp.setFloat64(0, v, true);
  const bits = tmp.getBigUint64(0, true);
  const sign = Number(bits >> 63n);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  let e80 = 0;
  let mant = 0n;
  if (exp === 0x7ff) {
    e80 = 0x7fff;
    mant = (1n << 63n) | (frac << 11n);
  } else if (exp !== 0) {
    e80 = exp - 1023 + 16383;
    mant = (1n << 63n) | (frac << 11n);
  } else if (frac !== 0n) {
    // subnormal double: normalise
    let f = frac;
    let e = 1 - 1023;
    while ((f & (1n << 52n)) === 0n) {
      f <<= 1n;
      e--;
    }
    e80 = e + 16383;
    mant = f << 11n;
  }
  view.setBigUint64(0, mant, true);
  view.setUint16(8, (sign << 15) | e80, true);
}

/** IEEE half precision (1-5-10), rounded to nearest even. */
function toHalf(v: number): number {
  const tmp = new DataView(new ArrayBuffer(8));
  tmp.setFloat64(0, v, true);
  const bits = tmp.getBigUint64(0, true);
  const sign = Number(bits >> 63n) << 15;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  if (exp === 0x7ff) return sign | 0x7c00 | (frac !== 0n ? 0x200 : 0);
  const e = exp - 1023 + 15;
  if (e >= 31) return sign | 0x7c00;
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  // Shift the 53-bit mantissa down to 10 bits (normal) or further (subnormal), rounding to nearest even.
  const shift = e <= 0 ? 42n + BigInt(1 - e) : 42n;
  if (shift > 63n) return sign;
  let m = mant >> shift;
  const rest = mant & ((1n << shift) - 1n);
  const half = 1n << (shift - 1n);
  if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  if (e <= 0) return sign | Number(m); // a carry into bit 10 is the smallest normal: still right
  const out = (e << 10) + Number(m - (1n << 10n)); // a carry into bit 11 bumps the exponent
  // NASM keeps a value that only rounding pushes past the largest half (65520) at that largest value.
  return out >= 0x7c00 ? sign | 0x7bff : sign | out;
}
