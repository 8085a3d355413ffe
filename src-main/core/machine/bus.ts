/**
 * One bus for port I/O and MMIO (kvmtool style). Devices claim ranges; overlapping claims are refused.
 * Ports resolve through a 64K-entry index table, MMIO through a sorted array and binary search. Accesses no
 * device claims behave as on a PC: ports read all ones, unbacked physical addresses read 0xFF bytes, and
 * writes vanish; every such access is counted for the stats.
 */
import type { AccessSize, GuestRam, MachineBus } from './platform';
import { FIRMWARE_AREA_END, FIRMWARE_AREA_START } from './platform';
import type { IoHandler } from './io-device';
import { maskFor } from './io-device';

export interface BusRange {
  readonly name: string;
  readonly base: number;
  /** Exclusive end. */
  readonly end: number;
  readonly handler: IoHandler;
}

/** Counters of accesses that reached nothing, shown in the UI and the stats JSON. */
export interface BusCounters {
  unclaimedPortReads: number;
  unclaimedPortWrites: number;
  unbackedReads: number;
  unbackedWrites: number;
  /** Writes into the read-only firmware area 0xA0000–0xFFFFF (ignored). */
  firmwareWrites: number;
}

const PORT_SPACE = 0x10000;

export class IoBus implements MachineBus {
  readonly counters: BusCounters = {
    unclaimedPortReads: 0,
    unclaimedPortWrites: 0,
    unbackedReads: 0,
    unbackedWrites: 0,
    firmwareWrites: 0,
  };
  /** Port → 1 + index into `portRanges`; 0 = unclaimed. */
  private readonly portIndex = new Uint16Array(PORT_SPACE);
  private readonly portRanges: BusRange[] = [];
  /** Sorted by base; parallel typed arrays keep the binary search monomorphic. */
  private mmioRanges: BusRange[] = [];
  private mmioBases = new Float64Array(0);
  private mmioEnds = new Float64Array(0);

  /** `ram` backs physical reads below its size that no device claims (the firmware area included). */
  constructor(private readonly ram: GuestRam | null = null) {}

  registerPorts(name: string, base: number, length: number, handler: IoHandler): void {
    checkRange('port', name, base, length, PORT_SPACE);
    for (let p = base; p < base + length; p++) {
      const owner = this.portIndex[p]!;
      if (owner !== 0) {
        const other = this.portRanges[owner - 1]!;
        throw new Error(
          `port range ${describe(name, base, length)} overlaps ${describe(other.name, other.base, other.end - other.base)}`,
        );
      }
    }
    this.portRanges.push({ name, base, end: base + length, handler });
    this.portIndex.fill(this.portRanges.length, base, base + length);
  }

  registerMmio(name: string, base: number, length: number, handler: IoHandler): void {
    checkRange('MMIO', name, base, length, 2 ** 32);
    const end = base + length;
    for (const r of this.mmioRanges) {
      if (base < r.end && r.base < end) {
        throw new Error(`MMIO range ${describe(name, base, length)} overlaps ${describe(r.name, r.base, r.end - r.base)}`);
      }
    }
    this.mmioRanges = [...this.mmioRanges, { name, base, end, handler }].sort((a, b) => a.base - b.base);
    this.mmioBases = Float64Array.from(this.mmioRanges, (r) => r.base);
    this.mmioEnds = Float64Array.from(this.mmioRanges, (r) => r.end);
  }

  /** Registered ranges, for diagnostics and the UI. */
  ranges(): { ports: readonly BusRange[]; mmio: readonly BusRange[] } {
    return { ports: [...this.portRanges].sort((a, b) => a.base - b.base), mmio: this.mmioRanges };
  }

  portIn(port: number, size: AccessSize): number {
    const i = this.portIndex[port & 0xffff]!;
    if (i !== 0) {
      const r = this.portRanges[i - 1]!;
      if (size <= r.handler.maxAccess && port + size <= r.end) return (r.handler.read(port - r.base, size) & maskFor(size)) >>> 0;
    } else if (size === 1) {
      this.counters.unclaimedPortReads++;
      return 0xff;
    }
    let value = 0;
    for (let k = 0; k < size; k++) value |= this.portIn((port + k) & 0xffff, 1) << (8 * k);
    return value >>> 0;
  }

  portOut(port: number, size: AccessSize, value: number): void {
    const i = this.portIndex[port & 0xffff]!;
    if (i !== 0) {
      const r = this.portRanges[i - 1]!;
      if (size <= r.handler.maxAccess && port + size <= r.end) {
        r.handler.write(port - r.base, size, (value & maskFor(size)) >>> 0);
        return;
      }
    } else if (size === 1) {
      this.counters.unclaimedPortWrites++;
      return;
    }
    for (let k = 0; k < size; k++) this.portOut((port + k) & 0xffff, 1, (value >>> (8 * k)) & 0xff);
  }

  mmioRead(addr: number, size: AccessSize): number {
    const r = this.findMmio(addr);
    if (r !== null) {
      if (size <= r.handler.maxAccess && addr + size <= r.end) return (r.handler.read(addr - r.base, size) & maskFor(size)) >>> 0;
    } else if (size === 1) {
      if (this.ram !== null && addr < this.ram.size) return this.ram.u8[addr]!;
      this.counters.unbackedReads++;
      return 0xff;
    }
    let value = 0;
    for (let k = 0; k < size; k++) value |= this.mmioRead((addr + k) >>> 0, 1) << (8 * k);
    return value >>> 0;
  }

  mmioWrite(addr: number, size: AccessSize, value: number): void {
    const r = this.findMmio(addr);
    if (r !== null) {
      if (size <= r.handler.maxAccess && addr + size <= r.end) {
        r.handler.write(addr - r.base, size, (value & maskFor(size)) >>> 0);
        return;
      }
    } else if (size === 1) {
      if (addr >= FIRMWARE_AREA_START && addr < FIRMWARE_AREA_END) this.counters.firmwareWrites++;
      else if (this.ram !== null && addr < this.ram.size) this.ram.u8[addr] = value;
      else this.counters.unbackedWrites++;
      return;
    }
    for (let k = 0; k < size; k++) this.mmioWrite((addr + k) >>> 0, 1, (value >>> (8 * k)) & 0xff);
  }

  /** The MMIO range holding `addr`, or null. */
  findMmio(addr: number): BusRange | null {
    const bases = this.mmioBases;
    let lo = 0;
    let hi = bases.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (bases[mid]! <= addr) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && addr < this.mmioEnds[hi]! ? this.mmioRanges[hi]! : null;
  }
}

function checkRange(space: string, name: string, base: number, length: number, limit: number): void {
  if (!Number.isInteger(base) || !Number.isInteger(length) || base < 0 || length <= 0 || base + length > limit) {
    throw new RangeError(`${space} range for ${name} is invalid: base 0x${base.toString(16)}, length ${length}`);
  }
}

function describe(name: string, base: number, length: number): string {
  return `${name} [0x${base.toString(16)}–0x${(base + length - 1).toString(16)}]`;
}
