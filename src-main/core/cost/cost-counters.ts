/**
 * Per-vCPU event counters in a SharedArrayBuffer: each vCPU worker charges its own row, the main process
 * samples all rows.
 *
 * Layout: Int32 header of 16 slots (64 bytes): [0] magic 0x434F5354 "COST", [1] layout version,
 * [2] vcpuCount, [3] EVENT_KIND_COUNT, [4] rowStride. Then from byte 64 a Float64 matrix, one row of
 * rowStride (48) slots per vCPU — 384 bytes, so rows never share a cache line — holding for each kind k
 * the event count at [2k] and the cycles charged at [2k + 1]. Float64 keeps counts exact to 2^53 and lets a
 * kind carry fractional cycles. One writer per row (its vCPU's worker), plain stores; readers may lag.
 */
import { EVENT_KIND_COUNT, type EventKind } from './event-kinds';

export const COST_MAGIC = 0x434f5354;
export const COST_LAYOUT_VERSION = 2;
const HEADER_BYTES = 64;
export const COST_ROW_STRIDE = 48;

export interface CostCounters {
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
  readonly vcpuCount: number;
  readonly rows: Float64Array;
}

export function costCountersBytes(vcpuCount: number): number {
  return HEADER_BYTES + vcpuCount * COST_ROW_STRIDE * 8;
}

export function createCostCounters(vcpuCount: number): CostCounters {
  const bytes = costCountersBytes(vcpuCount);
  const buffer = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const head = new Int32Array(buffer, 0, 16);
  head[0] = COST_MAGIC;
  head[1] = COST_LAYOUT_VERSION;
  head[2] = vcpuCount;
  head[3] = EVENT_KIND_COUNT;
  head[4] = COST_ROW_STRIDE;
  return attachCostCounters(buffer);
}

export function attachCostCounters(buffer: SharedArrayBuffer | ArrayBuffer): CostCounters {
  const head = new Int32Array(buffer, 0, 16);
  if (head[0] !== COST_MAGIC || head[1] !== COST_LAYOUT_VERSION || head[3] !== EVENT_KIND_COUNT) {
    throw new Error('not a cost counter buffer of this layout (bad magic, version or kind count)');
  }
  const vcpuCount = head[2] as number;
  return { buffer, vcpuCount, rows: new Float64Array(buffer, HEADER_BYTES, vcpuCount * COST_ROW_STRIDE) };
}

/** One vCPU's view: charges events at the preset's cost. Create one per vCPU in its worker. */
export class CostMeter {
  private readonly rows: Float64Array;
  private readonly base: number;

  constructor(
    counters: CostCounters,
    readonly vcpu: number,
    /** Cycles per EventKind (presets.ts costTable). */
    private readonly costs: Float64Array,
  ) {
    if (vcpu < 0 || vcpu >= counters.vcpuCount) throw new RangeError(`vCPU ${vcpu} has no counter row`);
    this.rows = counters.rows;
    this.base = vcpu * COST_ROW_STRIDE;
  }

  /** One event at the preset's cost; returns the cycles charged. */
  charge(kind: EventKind): number {
    const cycles = this.costs[kind] as number;
    const i = this.base + kind * 2;
    this.rows[i] = (this.rows[i] as number) + 1;
    this.rows[i + 1] = (this.rows[i + 1] as number) + cycles;
    return cycles;
  }

  /** `count` events at the preset's cost (e.g. a block of instructions); returns the cycles charged. */
  chargeMany(kind: EventKind, count: number): number {
    const cycles = (this.costs[kind] as number) * count;
    const i = this.base + kind * 2;
    this.rows[i] = (this.rows[i] as number) + count;
    this.rows[i + 1] = (this.rows[i + 1] as number) + cycles;
    return cycles;
  }

  /** `count` events whose cycles the caller computed (e.g. emulation of variable length). */
  chargeCycles(kind: EventKind, count: number, cycles: number): void {
    const i = this.base + kind * 2;
    this.rows[i] = (this.rows[i] as number) + count;
    this.rows[i + 1] = (this.rows[i + 1] as number) + cycles;
  }

  /** Overwrites a kind's totals (used to copy memory figures kept by the NUMA accounting). */
  set(kind: EventKind, count: number, cycles: number): void {
    const i = this.base + kind * 2;
    this.rows[i] = count;
    this.rows[i + 1] = cycles;
  }

  count(kind: EventKind): number {
    return this.rows[this.base + kind * 2] as number;
  }

  cycles(kind: EventKind): number {
    return this.rows[this.base + kind * 2 + 1] as number;
  }

  /** All cycles charged to this vCPU so far (what RDTSC would read). */
  totalCycles(): number {
    let sum = 0;
    for (let k = 0; k < EVENT_KIND_COUNT; k++) sum += this.rows[this.base + k * 2 + 1] as number;
    return sum;
  }
}
