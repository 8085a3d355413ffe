/**
 * The translation cache of one vCPU: per physical RAM page, the blocks translated from it by offset, and a
 * heat counter per offset until a block is translated there. A page's blocks are valid while
 * cpu.codeWrites[page] keeps the value they were made at: any store over a decoded instruction of the page,
 * on any vCPU, or the page's decodes being dropped, bumps it (code-cache.ts, memory.ts) and the page's table
 * starts afresh. The cache is bounded: past `maxBlocks` it is emptied whole, as QEMU flushes its buffer.
 */
import type { Cpu } from '../cpu/cpu';
import type { Block } from './translate';

/** Blocks of one physical page. */
export class JitPage {
  /** cpu.codeWrites[page] the blocks were made at. */
  codeWrites = 0;
  /** Per offset: the block starting there (count 0: the interpreter runs that instruction), if translated. */
  readonly blocks = new Array<Block | undefined>(4096);
  /** Per offset: times the engine reached it without a block (saturates at 255). */
  readonly heat = new Uint8Array(4096);
  /** Blocks in `blocks`. */
  count = 0;
  /** Times code on the page changed under its blocks; past SELF_MODIFYING_PAGE the page is left to the interpreter. */
  rewrites = 0;
}

/**
 * A page whose code changed this often under its blocks is self-modifying: translating it again after each
 * store costs more than interpreting it (QEMU likewise stops making blocks of such a page for a while).
 */
export const SELF_MODIFYING_PAGE = 8;

export const DEFAULT_MAX_BLOCKS = 8192;

export class BlockCache {
  private readonly pages: (JitPage | undefined)[];
  /** Blocks cached now; blocks translated, pages whose blocks were dropped by code writes, whole flushes. */
  count = 0;
  translated = 0;
  invalidations = 0;
  flushes = 0;
  /** Guest instructions the translated blocks retired (the engine adds each block's count when it returns). */
  instructions = 0;

  constructor(ramPages: number, readonly maxBlocks = DEFAULT_MAX_BLOCKS) {
    this.pages = new Array<JitPage | undefined>(ramPages).fill(undefined);
  }

  /** The blocks of page `ppn` as they stand now (emptied when code on the page changed since). */
  page(cpu: Cpu, ppn: number): JitPage {
    let pg = this.pages[ppn];
    if (pg === undefined) {
      pg = this.pages[ppn] = new JitPage();
      pg.codeWrites = cpu.codeWrites[ppn]!;
    } else if (pg.codeWrites !== cpu.codeWrites[ppn]) {
      // (A page without blocks keeps its heat: a store into self-modifying code costs no 4 KiB clear.)
      if (pg.count !== 0) { pg.rewrites++; this.clear(pg); this.invalidations++; }
      pg.codeWrites = cpu.codeWrites[ppn]!;
    }
    return pg;
  }

  /** Store a block (the caller made room with `makeRoom`). */
  add(pg: JitPage, off: number, block: Block): void {
    if (pg.blocks[off] === undefined) { pg.count++; this.count++; }
    pg.blocks[off] = block;
    this.translated++;
  }

  /** Empty the cache when it is full. */
  makeRoom(): void {
    if (this.count < this.maxBlocks) return;
    for (const pg of this.pages) if (pg !== undefined) this.clear(pg);
    this.flushes++;
  }

  private clear(pg: JitPage): void {
    if (pg.count !== 0) { pg.blocks.fill(undefined); this.count -= pg.count; pg.count = 0; }
    pg.heat.fill(0);
  }
}
