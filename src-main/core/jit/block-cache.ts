/**
 * The translation cache of one vCPU: per physical RAM page, the blocks translated from it, compiled together
 * as the page's region (region.ts), and a heat counter per offset until a block is translated there. A page's
 * blocks are valid while cpu.codeWrites[page] keeps the value they were made at: any store over a decoded
 * instruction of the page, on any vCPU, or the page's decodes being dropped, bumps it (code-cache.ts,
 * memory.ts) and the page starts afresh. They are also made for one situation of the vCPU (assumptionKey) and
 * one EIP of the page: a page keeps a region per situation and address it runs at (a system call's user code
 * and kernel handler may share a page; a kernel may run the same page at two addresses; QEMU likewise keys its
 * blocks by PC and flags), up to MAX_KEYS_PER_PAGE. The cache is bounded: past `maxBlocks` it
 * is emptied whole, as QEMU flushes its code buffer.
 */
import type { Cpu } from '../cpu/cpu';
import { compileRegion, MAX_REGION_BLOCKS, type RegionFn } from './region';
import type { BlockCode } from './translate';

/** Blocks of one physical page, for one assumption key. */
export class JitPage {
  /** The page's blocks for another key (most recently made first). */
  other: JitPage | undefined = undefined;
  /** cpu.codeWrites[page] and the assumption key the blocks were made at. */
  codeWrites = 0;
  key = -1;
  /**
   * EIP of the page's first byte when the blocks were made: their branch targets and the EIPs they leave are
   * EIPs, so the same physical page reached at another address (an alias, a higher-half kernel) has blocks of
   * its own.
   */
  eipBase = 0;
  /** Per offset: 1 + the position in `blocks` of the block starting there; 0 none; -1 the translator takes nothing there. */
  readonly index = new Int16Array(4096);
  readonly blocks: BlockCode[] = [];
  /** The blocks compiled together (null until the first block), and the calls of this compilation so far. */
  fn: RegionFn | null = null;
  calls = 0;
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

/** Situations (assumption key and EIP) a page keeps blocks for at once; a new one past this drops the oldest. */
export const MAX_KEYS_PER_PAGE = 4;

export class BlockCache {
  private readonly pages: (JitPage | undefined)[];
  /** Blocks cached now; blocks translated; pages whose blocks were dropped by code writes; whole flushes. */
  count = 0;
  translated = 0;
  invalidations = 0;
  flushes = 0;
  /** Guest instructions the translated blocks retired (the engine adds each block's count when it returns). */
  instructions = 0;

  /** `sharedCode`: the vCPU shares its code generations with others (cpu.codeGen), region.ts looks at them. */
  constructor(ramPages: number, readonly sharedCode = false, readonly maxBlocks = DEFAULT_MAX_BLOCKS) {
    this.pages = new Array<JitPage | undefined>(ramPages).fill(undefined);
  }

  /**
   * The blocks of page `ppn` for assumption key `key`, reached with EIP `eipBase` at its first byte, as they
   * stand now (emptied when code on the page changed since).
   */
  page(cpu: Cpu, ppn: number, key: number, eipBase: number): JitPage {
    const writes = cpu.codeWrites[ppn]!;
    const first = this.pages[ppn];
    for (let pg = first; pg !== undefined; pg = pg.other) {
      if (pg.key !== key || pg.eipBase !== eipBase) continue;
      if (pg.codeWrites !== writes) this.rewritten(pg, writes);
      return pg;
    }
    // A new situation for this page: the oldest one goes when the page keeps as many as it may.
    let kept = 1;
    for (let pg = first; pg !== undefined; pg = pg.other) {
      if (++kept < MAX_KEYS_PER_PAGE || pg.other === undefined) continue;
      for (let old: JitPage | undefined = pg.other; old !== undefined; old = old.other) this.count -= old.blocks.length;
      pg.other = undefined;
    }
    const pg = new JitPage();
    pg.codeWrites = writes;
    pg.key = key;
    pg.eipBase = eipBase;
    pg.other = first;
    this.pages[ppn] = pg;
    return pg;
  }

  /** Code on the page changed since `pg`'s blocks were made: they are dropped. */
  private rewritten(pg: JitPage, writes: number): void {
    // (A page without blocks keeps its heat: a store into self-modifying code costs no 4 KiB clear.)
    if (pg.blocks.length !== 0) { pg.rewrites++; this.clear(pg); this.invalidations++; }
    else if (pg.refused !== 0) { pg.index.fill(0); pg.refused = 0; }
    pg.codeWrites = writes;
  }

  /** May the page take another block? (A full region leaves the rest of the page to the interpreter.) */
  hasRoom(pg: JitPage): boolean {
    return pg.blocks.length < MAX_REGION_BLOCKS;
  }

  /** Add a block at `off` of page `ppn` (the caller made room with `makeRoom`) and compile the page's region again. */
  add(pg: JitPage, ppn: number, off: number, block: BlockCode): void {
    pg.blocks.push(block);
    pg.index[off] = pg.blocks.length;
    pg.fn = compileRegion(pg.blocks, pg.index, ppn, this.sharedCode);
    pg.calls = 0;
    this.count++;
    this.translated++;
  }

  /** Mark `off` as a place where the translator takes no instruction (the interpreter runs it). */
  refuse(pg: JitPage, off: number): void {
    pg.index[off] = -1;
    pg.refused++;
  }

  /** Empty the cache when it is full. */
  makeRoom(): void {
    if (this.count < this.maxBlocks) return;
    for (const first of this.pages) for (let pg = first; pg !== undefined; pg = pg.other) this.clear(pg);
    this.flushes++;
  }

  private clear(pg: JitPage): void {
    this.count -= pg.blocks.length;
    pg.blocks.length = 0;
    pg.index.fill(0);
    pg.refused = 0;
    pg.fn = null;
    pg.heat.fill(0);
  }
}
