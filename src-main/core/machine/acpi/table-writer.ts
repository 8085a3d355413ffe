/** Little-endian byte building for ACPI tables, and the checksum rule (all bytes sum to 0 mod 256). */

export class ByteWriter {
  private buf = new Uint8Array(256);
  length = 0;

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }

  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }

  /** A 64-bit value from a non-negative number below 2^53. */
  u64(v: number): this {
    return this.u32(v % 2 ** 32).u32(Math.floor(v / 2 ** 32));
  }

  /** ASCII text padded with spaces (or cut) to exactly `width` bytes. */
  ascii(text: string, width: number): this {
    for (let i = 0; i < width; i++) this.u8(i < text.length ? text.charCodeAt(i) : 0x20);
    return this;
  }

  bytes(data: Uint8Array): this {
    this.ensure(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
    return this;
  }

  patchU32(offset: number, v: number): void {
    for (let i = 0; i < 4; i++) this.buf[offset + i] = (v >>> (8 * i)) & 0xff;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    bigger.set(this.buf);
    this.buf = bigger;
  }
}

/** The byte that makes `data[start, end)` sum to zero, given that the checksum byte itself is 0 now. */
export function checksumByte(data: Uint8Array, start = 0, end = data.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum = (sum + data[i]!) & 0xff;
  return (0x100 - sum) & 0xff;
}
