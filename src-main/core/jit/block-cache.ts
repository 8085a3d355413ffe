/**
 * The translation cache of one vCPU: per physical RAM page, the blocks translated from it, compiled together
 * as the page's region (region.ts), and a heat counter per offset until a block is translated there. A page's
 * blocks are valid while cpu.codeWrites[page] keeps the value they were made at: any store over a decoded
 * instruction of the page, on any vCPU, or the page's decodes being dropped, bumps it (code-cache.ts,
 * memory.ts) and the page starts afresh. They are also made for one situation of the vCPU (assumptionKey):
 * another one starts the page afresh too. The cache is bounded: past `maxBlocks` it is emptied whole, as
 * QEMU flushes its code buffer.
 */
import type { Cpu } from '../cpu/cpu';
import { compileRegion, MAX_REGION_BLOCKS, type RegionFn } from './region';
import type { BlockCode } from './translate';

/** Blocks of one physical page. */
export class JitPage {
  /** cpu.codeWrites[page] and the assumption key the blocks were made at. */
  codeWrites = 0;
  key = -1;
  /** Per offset: 1 + the position in `blocks` of the block starting there; 0 none; -1 the translator takes nothing there. */
  readonly index = new Int16Array(4096);
  readonly blocks: BlockCode[] = [];
  /** The blocks compiled together (null until the first block). */
  fn: RegionFn | null = null;
  source = '';
  /** Per offset: times the engine reached it without a block (saturates at 255). */
  readonly heat = new Uint8Array(4096);
  /** Times code on the page changed under its blocks; past SELF_MODIFYING_PAGE the page is left to the interpreter. */
  rewrites = 0;
  /** Offsets marked -1 in `index`. */
  refused = 0;
}

/**
 * A page whose code changed this often under its blocks is self-modifying: translating it again after each
 * store costs more than interpreting it (QEMU likewise stops making blocks of such a page for a while).
 */
export const SELF_MODIFYING_PAGE = 8;

export const DEFAULT_MAX_BLOCKS = 8192;

export class BlockCache {
  private readonly pages: (JitPage | undefined)[];
  /** Blocks cached now; blocks translated; region compilations; pages whose blocks were dropped by code writes; whole flushes. */
  count = 0;
  translated = 0;
  compiled = 0;
  invalidations = 0;
  flushes = 0;

  constructor(ramPages: number, readonly maxBlocks = DEFAULT_MAX_BLOCKS) {
    this.pages = new Array<JitPage | undefined>(ramPages).fill(undefined);
  }

  /** The blocks of page `ppn` as they stand now for assumption key `key` (emptied when code on the page changed since). */
  page(cpu: Cpu, ppn: number, key: number): JitPage {
    let pg = this.pages[ppn];
    if (pg === undefined) {
      pg = this.pages[ppn] = new JitPage();
      pg.codeWrites = cpu.codeWrites[ppn]!;
      pg.key = key;
    } else if (pg.codeWrites !== cpu.codeWrites[ppn]) {
      // (A page without blocks keeps its heat: a store into self-modifying code costs no 4 KiB clear.)
      if (pg.blocks.length !== 0) { pg.rewrites++; this.clear(pg); this.invalidations++; }
      else if (pg.refused !== 0) { pg.index.fill(0); pg.refused = 0; }
      pg.codeWrites = cpu.codeWrites[ppn]!;
      pg.key = key;
    } else if (pg.key !== key) {
      this.clear(pg);
      pg.key = key;
    }
    return pg;
  }

  /** May the page take another block? (A full region leaves the rest of the page to the interpreter.) */
  hasRoom(pg: JitPage): boolean {
    return pg.blocks.length < MAX_REGION_BLOCKS;
  }

  /** Add a block at `off` of page `ppn` (the caller made room with `makeRoom`) and compile the page's region again. */
  add(pg: JitPage, ppn: number, off: number, block: BlockCode): void {
    pg.blocks.push(block);
    pg.index[off] = pg.blocks.length;
    const region = compileRegion(pg.blocks, pg.index, ppn);
    pg.fn = region.fn;
    pg.source = region.source;
    this.count++;
    this.translated++;
    this.compiled++;
  }

  /** Mark `off` as a place where the translator takes no instruction (the interpreter runs it). */
  refuse(pg: JitPage, off: number): void {
    pg.index[off] = -1;
    pg.refused++;
  }

  /** Empty the cache when it is full. */
  makeRoom(): void {
    if (this.count < this.maxBlocks) return;
    for (const pg of this.pages) if (pg !== undefined) this.clear(pg);
    this.flushes++;
  }

  private clear(pg: JitPage): void {
    this.count -= pg.blocks.length;
    pg.blocks.length = 0;
    pg.index.fill(0);
    pg.refused = 0;
    pg.fn = null;
    pg.source = '';
    pg.heat.fill(0);
  }
}
