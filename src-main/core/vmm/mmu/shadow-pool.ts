/**
 * Where a shadow MMU keeps its shadow page-table pages: a run of 4 KiB pages of a VMM's host memory that the
 * emulated CPU's page walk can read (the real CR3 and the shadow PDEs hold their physical addresses).
 */
export interface ShadowPool {
  /** The VMM memory holding the pool. */
  readonly mem: Uint8Array;
  /** Byte offset of the pool's first page in `mem` (4 KiB aligned). */
  readonly offset: number;
  /** Number of 4 KiB pages (at least 2: the unpaged identity root and one more). */
  readonly pages: number;
  /** Physical address at which the CPU sees the first page. */
  readonly phys: number;
}

export function shadowPool(mem: Uint8Array, offset: number, pages: number, phys: number): ShadowPool {
  if ((offset & 0xfff) !== 0 || (phys & 0xfff) !== 0) throw new RangeError('a shadow pool is page aligned');
  if (pages < 2 || offset + pages * 4096 > mem.length) throw new RangeError('a shadow pool needs at least 2 pages inside its memory');
  return { mem, offset, pages, phys: phys >>> 0 };
}
