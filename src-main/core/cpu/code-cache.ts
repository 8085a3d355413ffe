/**
 * Bounds of the decoded-instruction cache (engine.ts fills it, memory.ts drops what stores overwrite).
 *
 * A guest decides how much code it runs: one that runs into zeroed RAM decodes a new `add [eax], al` every
 * two bytes, for as long as it runs. So the cache holds at most `maxPages` pages and `maxInsns` decoded
 * instructions; past either bound the oldest cached pages are dropped (first in, first out — QEMU flushes
 * its whole translation cache when its buffer fills; dropping the oldest pages keeps a hot loop decoded
 * while straight-line code streams through). A dropped page is decoded again the next time it runs.
 *
 * What an evicted page held is reused for the next decodes (its instruction objects, slot array and cover
 * map), so a guest streaming through new code runs without allocating once the cache is full — no garbage
 * to collect, the same speed at the billionth instruction as at the millionth. Eviction happens in the
 * engine's fetch, between instructions, so no instruction object being executed is ever reused.
 */
import type { Cpu } from './cpu';
import { Insn } from './insn';

export interface CodeCacheLimits {
  /** Pages with decoded instructions (each costs a 4096-slot array and a 4 KiB cover map). */
  readonly maxPages: number;
  /** Decoded instructions over all pages. At least twice a page's worth (4096), so a page always fits. */
  readonly maxInsns: number;
}

/** About 20 MB per vCPU at the bounds; a student's program is a few thousand instructions. */
export const DEFAULT_CODE_CACHE_LIMITS: CodeCacheLimits = { maxPages: 256, maxInsns: 1 << 16 };

/** The cache's bookkeeping: counts, and the cached pages in the order they were cached. */
export class CodeCacheState {
  /** Pages cached now, and decoded instructions in them. */
  pages = 0;
  insns = 0;
  /** Pages dropped to stay within the bounds (for tests and stats). */
  evictions = 0;
  /** Cached pages, oldest first, as a ring; an entry may name a page dropped since (skipped when reached). */
  private readonly ring: Int32Array;
  private head = 0;
  private count = 0;
  /** Decoded instructions per physical page. */
  readonly perPage: Uint16Array;
  /** Objects of evicted pages, for reuse. */
  private readonly spareInsns: Insn[] = [];
  private readonly spareSlots: Insn[][] = [];
  private readonly spareCovers: Uint8Array[] = [];

  constructor(readonly limits: CodeCacheLimits, ramPages: number) {
    if (limits.maxInsns < 2 * 4096 || limits.maxPages < 2) throw new RangeError('code cache bounds too small: at least 2 pages and 8192 instructions');
    this.ring = new Int32Array(limits.maxPages);
    this.perPage = new Uint16Array(ramPages);
  }

  /** Remember a newly cached page (the caller made room first). */
  addPage(ppn: number): void {
    this.ring[(this.head + this.count) % this.ring.length] = ppn;
    this.count++;
    this.pages++;
  }

  /** The oldest ring entry, removed from the ring; -1 when empty. */
  takeOldest(): number {
    if (this.count === 0) return -1;
    const ppn = this.ring[this.head]!;
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    return ppn;
  }

  /** An instruction object to decode into (a spare one when there is). */
  newInsn(): Insn {
    return this.spareInsns.pop() ?? new Insn();
  }

  /** An empty slot array and cover map for a newly cached page. */
  newSlots(): Insn[] {
    return this.spareSlots.pop() ?? new Array<Insn>(4096);
  }

  newCover(): Uint8Array {
    return this.spareCovers.pop() ?? new Uint8Array(4096);
  }

  /** Keep what an evicted page held (the page is no longer reachable from the cache). */
  recycle(slots: Insn[], cover: Uint8Array | undefined): void {
    for (let i = 0; i < 4096; i++) {
      const e = slots[i];
      if (e !== undefined) {
        if (this.spareInsns.length < this.limits.maxInsns) this.spareInsns.push(e);
        slots[i] = undefined as never;
      }
    }
    if (this.spareSlots.length < 2) this.spareSlots.push(slots);
    if (cover !== undefined && this.spareCovers.length < 2) this.spareCovers.push(cover.fill(0));
  }

  /** Whether one more page (and a page's worth of instructions) fits. */
  full(): boolean {
    return this.count >= this.ring.length || this.insns > this.limits.maxInsns - 4096;
  }
}

/** Make room for a new page of decodes: drop the oldest cached pages while the cache is at a bound. */
export function makeRoomForCode(cpu: Cpu): void {
  const cc = cpu.codeCacheState;
  while (cc.full()) {
    const ppn = cc.takeOldest();
    if (ppn < 0) break;
    const slots = cpu.codeCache[ppn];
    if (slots === undefined) continue; // dropped already (overwritten code)
    const cover = cpu.codeCover[ppn];
    dropCodePage(cpu, ppn);
    cc.recycle(slots, cover);
    cc.evictions++;
  }
}

/** Forget this vCPU's decodes of a page (not a write: other vCPUs keep theirs). */
export function dropCodePage(cpu: Cpu, ppn: number): void {
  if (cpu.codeCache[ppn] === undefined) return;
  const cc = cpu.codeCacheState;
  cc.insns -= cc.perPage[ppn]!;
  cc.perPage[ppn] = 0;
  cc.pages--;
  cpu.codeCache[ppn] = undefined;
  cpu.codeCover[ppn] = undefined;
  cpu.codeWrites[ppn]!++; // and translated blocks of the page go with them
  cpu.fetchEpoch++; // the engine's fetch fast path may hold the page
}

/**
 * The code segment's default size (CS.D) changed: the same bytes decode differently now, so every decode
 * goes (the fetch epoch ends with the CS load). Mode switches are rare; the flat 32-bit fast path pays nothing.
 */
export function codeSizeChanged(cpu: Cpu, code16: boolean): void {
  cpu.codeCache16 = code16;
  for (let ppn = 0; ppn < cpu.codeCache.length; ppn++) if (cpu.codeCache[ppn] !== undefined) dropCodePage(cpu, ppn);
}
