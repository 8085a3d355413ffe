/**
 * Guest physical RAM: one byte view from guest-physical 0 to the configured size, optionally backed by a
 * SharedArrayBuffer so every vCPU worker reads and writes the same memory.
 *
 * One ArrayBuffer holds all of RAM because the CPU's fast path indexes a single Uint8Array. V8 on 64-bit
 * hosts (Node 20+, Electron) accepts buffers up to 2^32 bytes, so the 3 GiB maximum fits; a host that refuses
 * the allocation gets a clear error naming the size instead of a RangeError from deep inside V8.
 */
import type { GuestRam } from './platform';

export const DEFAULT_RAM_BYTES = 64 * 1024 * 1024;
export const MAX_RAM_BYTES = 3 * 1024 * 1024 * 1024;
/** Smallest RAM the PC layout makes sense with: low memory, the firmware hole and 1 MiB above it. */
export const MIN_RAM_BYTES = 2 * 1024 * 1024;

export interface RamOptions {
  /** Bytes; a multiple of 4 KiB between MIN_RAM_BYTES and MAX_RAM_BYTES. Default 64 MiB. */
  readonly size?: number;
  /** Back RAM with a SharedArrayBuffer (for vCPU workers). Default true when the host has one. */
  readonly shared?: boolean;
}

export class PhysicalRam implements GuestRam {
  readonly u8: Uint8Array;
  readonly size: number;
  readonly buffer: ArrayBuffer | SharedArrayBuffer;

  constructor(options: RamOptions = {}) {
    const size = options.size ?? DEFAULT_RAM_BYTES;
    validateRamSize(size);
    const shared = options.shared ?? typeof SharedArrayBuffer === 'function';
    try {
      this.buffer = shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
    } catch (cause) {
      throw new Error(
        `cannot allocate ${formatBytes(size)} of guest RAM in one ${shared ? 'SharedArrayBuffer' : 'ArrayBuffer'} ` +
          `(this host's JavaScript engine limits a single buffer); choose a smaller --mem`,
        { cause },
      );
    }
    this.u8 = new Uint8Array(this.buffer);
    this.size = size;
  }

  /** Copies `bytes` to guest-physical `addr`; throws when they do not fit in RAM. */
  load(addr: number, bytes: Uint8Array): void {
    this.checkRange(addr, bytes.length);
    this.u8.set(bytes, addr);
  }

  /** Zero-fills [addr, addr+length). */
  zero(addr: number, length: number): void {
    this.checkRange(addr, length);
    this.u8.fill(0, addr, addr + length);
  }

  read(addr: number, length: number): Uint8Array {
    this.checkRange(addr, length);
    return this.u8.slice(addr, addr + length);
  }

  readU32(addr: number): number {
    this.checkRange(addr, 4);
    const m = this.u8;
    return (m[addr]! | (m[addr + 1]! << 8) | (m[addr + 2]! << 16) | (m[addr + 3]! << 24)) >>> 0;
  }

  writeU32(addr: number, value: number): void {
    this.checkRange(addr, 4);
    const m = this.u8;
    m[addr] = value;
    m[addr + 1] = value >>> 8;
    m[addr + 2] = value >>> 16;
    m[addr + 3] = value >>> 24;
  }

  private checkRange(addr: number, length: number): void {
    if (!Number.isInteger(addr) || addr < 0 || length < 0 || addr + length > this.size) {
      throw new RangeError(
        `guest-physical range 0x${addr.toString(16)}+0x${length.toString(16)} is outside RAM (0..0x${this.size.toString(16)})`,
      );
    }
  }
}

export function validateRamSize(size: number): void {
  if (!Number.isInteger(size) || size % 4096 !== 0) {
    throw new RangeError(`guest RAM size ${size} is not a whole number of 4 KiB pages`);
  }
  if (size < MIN_RAM_BYTES || size > MAX_RAM_BYTES) {
    throw new RangeError(
      `guest RAM size ${formatBytes(size)} is outside ${formatBytes(MIN_RAM_BYTES)}..${formatBytes(MAX_RAM_BYTES)}`,
    );
  }
}

export function formatBytes(n: number): string {
  if (n % (1024 * 1024 * 1024) === 0) return `${n / (1024 * 1024 * 1024)} GiB`;
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
