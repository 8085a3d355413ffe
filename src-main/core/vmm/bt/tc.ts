/**
 * The translation cache (TC) of `--mode bt`: translated blocks (translate.ts) placed in the VMM's memory at
 * TRANSLATION_CACHE, found by guest linear EIP and the physical page of their code, chained to each other,
 * invalidated when their guest code is written, flushed when full. No CPU here: the VMM (bt-vcpu.ts) says
 * where guest code lives and is told (onCodeWritten) when TC bytes changed, so it can bump cpu.vmmCodeGen.
 *
 * Space is taken in order and only given back by a flush, so blocks sit in the TC in the order they were
 * made and a TC address finds its block by binary search, dead blocks included (a vCPU may still be in one).
 * A dead block has `int3` written over each of its instructions: whatever runs into it re-enters the VMM at
 * the guest EIP of that instruction.
 */
import { TRANSLATION_CACHE, TRANSLATION_CACHE_BYTES } from '../soft/vmm-area';
import { SV } from '../soft/vmm-stats';
import { DEAD_FILL, readRel32, writeRel32 } from './emit';
import { guestEipAt, type TranslatedBlock } from './translate';

export interface TcBlock {
  readonly id: number;
  readonly t: TranslatedBlock;
  /** Offset of the block in the VMM memory. */
  readonly offset: number;
  /** Physical page numbers of its guest code (two when its last instruction crosses a page end). */
  readonly pages: readonly number[];
  live: boolean;
  /** Per exit: the block it is chained to, or null. */
  readonly chainedTo: (TcBlock | null)[];
  /** Exits of other blocks chained to this one: (block, exit index) pairs. */
  readonly incoming: { block: TcBlock; exit: number }[];
}

export class TranslationCache {
  private readonly blocks: TcBlock[] = [];
  private readonly byEip = new Map<number, TcBlock[]>();
  private readonly byPage = new Map<number, TcBlock[]>();
  private next = TRANSLATION_CACHE;
  private nextId = 0;

  constructor(
    private readonly mem: Uint8Array,
    private readonly stats: Float64Array,
    /** TC bytes changed (the CPU's decodes of the VMM memory must go). */
    private readonly onCodeWritten: () => void = () => {},
    private readonly end = TRANSLATION_CACHE + TRANSLATION_CACHE_BYTES,
  ) {}

  /** Bytes in use. */
  get used(): number { return this.next - TRANSLATION_CACHE; }

  /** Every block since the last flush, dead ones too, in TC order. */
  all(): readonly TcBlock[] { return this.blocks; }

  live(): TcBlock[] { return this.blocks.filter((b) => b.live); }

  /** The live block for guest EIP `eip` whose code is on physical page `ppn`, or undefined. */
  lookup(eip: number, ppn: number): TcBlock | undefined {
    const list = this.byEip.get(eip >>> 0);
    if (list === undefined) return undefined;
    for (const b of list) if (b.pages[0] === ppn) return b;
    return undefined;
  }

  /** Physical pages holding code of live blocks. */
  pages(): IterableIterator<number> { return this.byPage.keys(); }

  /**
   * Place a translation; `pages` are the physical pages of its code. Flushes everything first when the TC is
   * full (the caller must then not use TC addresses it held).
   */
  insert(t: TranslatedBlock, pages: readonly number[]): TcBlock {
    if (this.next + t.code.length > this.end) this.flush();
    if (this.next + t.code.length > this.end) throw new Error('bt: a block larger than the translation cache');
    const b: TcBlock = { id: this.nextId++, t, offset: this.next, pages, live: true, chainedTo: t.exits.map(() => null), incoming: [] };
    this.mem.set(t.code, b.offset);
    this.next += t.code.length;
    this.blocks.push(b);
    const key = t.guestEip >>> 0;
    let list = this.byEip.get(key);
    if (list === undefined) this.byEip.set(key, (list = []));
    list.push(b);
    for (const p of pages) {
      let l = this.byPage.get(p);
      if (l === undefined) this.byPage.set(p, (l = []));
      l.push(b);
    }
    this.stats[SV.btBlocks]!++;
    this.stats[SV.btInstructions]! += t.insns.length;
    this.stats[SV.btCacheBytes] = this.used;
    this.onCodeWritten();
    return b;
  }

  /** Patch exit `exit` of `from` to jump straight into `to` (chaining). */
  chain(from: TcBlock, exit: number, to: TcBlock): void {
    if (!from.live || !to.live || from.chainedTo[exit] !== null) return;
    const field = from.offset + from.t.exits[exit]!.fieldOffset;
    writeRel32(this.mem, field, to.offset - (field + 4));
    from.chainedTo[exit] = to;
    to.incoming.push({ block: from, exit });
    this.stats[SV.btChained]!++;
    this.onCodeWritten();
  }

  /** The block whose TC bytes contain VMM-memory offset `off` (dead or alive), or undefined. */
  blockAt(off: number): TcBlock | undefined {
    const bs = this.blocks;
    let lo = 0, hi = bs.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (bs[mid]!.offset <= off) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found < 0) return undefined;
    const b = bs[found]!;
    return off < b.offset + b.t.code.length ? b : undefined;
  }

  /** Guest EIP of the TC instruction at VMM-memory offset `off`, or -1 when `off` is in no block. */
  guestEipOf(off: number): number {
    const b = this.blockAt(off);
    return b === undefined ? -1 : guestEipAt(b.t, off - b.offset);
  }

  /**
   * A write of `bytes` bytes at physical `p`: the live blocks whose guest code it overlaps die. Returns how
   * many did.
   */
  invalidateWrite(p: number, bytes: number): number {
    const ppn = p >>> 12;
    const list = this.byPage.get(ppn);
    if (list === undefined) return 0;
    const lo = p & 0xfff, hi = lo + bytes;
    let hit = false;
    for (let i = 0; i < list.length && !hit; i++) hit = this.overlaps(list[i]!, ppn, lo, hi);
    if (!hit) return 0; // data next to code: the common case, no allocation
    let n = 0;
    for (const b of [...list]) if (this.overlaps(b, ppn, lo, hi)) { this.kill(b); n++; }
    return n;
  }

  /** Every live block with code on physical page `ppn` dies (a write this vCPU did not see). */
  invalidatePage(ppn: number): number {
    const list = this.byPage.get(ppn);
    if (list === undefined) return 0;
    const n = list.length;
    for (const b of [...list]) this.kill(b);
    return n;
  }

  /** Drop every block. */
  flush(): void {
    if (this.next > TRANSLATION_CACHE) this.mem.fill(DEAD_FILL[0]!, TRANSLATION_CACHE, this.next);
    for (const b of this.blocks) b.live = false;
    this.blocks.length = 0;
    this.byEip.clear();
    this.byPage.clear();
    this.next = TRANSLATION_CACHE;
    this.stats[SV.btFlushes]!++;
    this.stats[SV.btCacheBytes] = 0;
    this.onCodeWritten();
  }

  /** Whether block `b`'s guest code covers any byte in [lo, hi) of page `ppn`. */
  private overlaps(b: TcBlock, ppn: number, lo: number, hi: number): boolean {
    const start = b.t.guestEip, end = b.t.guestEnd;
    let from = 0, to: number;
    if (b.pages[0] === ppn) {
      from = start & 0xfff;
      to = Math.min(4096, from + (end - start));
    } else to = end & 0xfff || 4096;
    return lo < to && hi > from;
  }

  private kill(b: TcBlock): void {
    if (!b.live) return;
    b.live = false;
    const key = b.t.guestEip >>> 0;
    const list = this.byEip.get(key)!;
    list.splice(list.indexOf(b), 1);
    if (list.length === 0) this.byEip.delete(key);
    for (const p of b.pages) {
      const l = this.byPage.get(p);
      if (l === undefined) continue;
      l.splice(l.indexOf(b), 1);
      if (l.length === 0) this.byPage.delete(p);
    }
    // Jumps chained into it go back to their stubs (the VMM looks the target up again).
    for (const { block, exit } of b.incoming) {
      const e = block.t.exits[exit]!;
      const field = block.offset + e.fieldOffset;
      writeRel32(this.mem, field, block.offset + e.stubOffset - (field + 4));
      block.chainedTo[exit] = null;
    }
    b.incoming.length = 0;
    for (let i = 0; i < b.chainedTo.length; i++) {
      const to = b.chainedTo[i];
      if (to === null || to === undefined) continue;
      const k = to.incoming.findIndex((x) => x.block === b && x.exit === i);
      if (k >= 0) to.incoming.splice(k, 1);
    }
    // Whatever is still running in it (the instruction that wrote its code) re-enters the VMM at the next one.
    const m = b.t.tcMap;
    for (let i = 0; i < m.length; i += 2) this.mem[b.offset + m[i]!] = DEAD_FILL[0]!;
    this.stats[SV.btInvalidations]!++;
    this.onCodeWritten();
  }

  /** Current rel32 target of exit `exit` of `b` as a VMM-memory offset (for the listing and tests). */
  exitTarget(b: TcBlock, exit: number): number {
    const field = b.offset + b.t.exits[exit]!.fieldOffset;
    return field + 4 + readRel32(this.mem, field);
  }
}
