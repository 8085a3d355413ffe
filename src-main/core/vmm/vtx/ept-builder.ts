/**
 * The EPT the built-in VMM builds for a vCPU (KVM's TDP MMU in miniature): 4-level tables in a pool of 4 KiB
 * pages of the VMM's own memory — host memory outside guest RAM, which no guest-physical address reaches — so
 * the guest can neither read nor forge them. The VMM fills it lazily: it starts with an empty PML4, and each
 * EPT violation maps the page (or the 2 MiB region) the guest touched. Entries follow SDM 29.3.2: bits 2:0
 * read/write/execute, on a leaf bits 5:3 the memory type and bit 6 "ignore PAT", bit 7 a 2 MiB page in a PDE;
 * addresses in bits 51:12 (here below 4 GiB: the high dword stays 0).
 */

/** Where the pool's pages live: `pages` 4 KiB pages of `mem` from byte `offset`, at host-physical `physBase`. */
export interface EptPool {
  readonly mem: Uint8Array;
  readonly offset: number;
  readonly pages: number;
  readonly physBase: number;
}

export const EPT_R = 1, EPT_W = 2, EPT_X = 4, EPT_RWX = 7;
/** Leaf memory types (bits 5:3): uncacheable for device pages, write-back for RAM. */
export const EPT_MT_UC = 0, EPT_MT_WB = 6 << 3;
export const EPT_IGNORE_PAT = 1 << 6, EPT_LARGE = 1 << 7;
/** EPTP: memory type WB (bits 2:0 = 6), walk length 4 (bits 5:3 = 3). */
export const EPTP_WB_4LEVEL = 6 | (3 << 3);

export const PAGE_4K = 0x1000, PAGE_2M = 0x200000;
const ADDR_MASK = ~0xfff;

export class EptBuilder {
  /** 32-bit view of the pool (each EPT entry is two words: the low one holds everything below 4 GiB). */
  private readonly words: Int32Array;
  /** Pages handed out; page 0 is the PML4. */
  private used = 0;
  /** 4 KiB and 2 MiB leaf entries written since the last reset. */
  pages4k = 0;
  pages2m = 0;

  constructor(readonly pool: EptPool) {
    if ((pool.offset & 0xfff) !== 0 || (pool.physBase & 0xfff) !== 0 || pool.pages < 4) throw new RangeError('EPT pool: page-aligned, at least 4 pages');
    this.words = new Int32Array(pool.mem.buffer, pool.mem.byteOffset + pool.offset, pool.pages * 1024);
    this.reset();
  }

  /** Host-physical address of the PML4. */
  get root(): number {
    return this.pool.physBase;
  }

  /** The EPT pointer for the VMCS (low dword; the high one is 0). */
  get eptp(): number {
    return (this.root | EPTP_WB_4LEVEL) >>> 0;
  }

  /** Pool pages holding tables (the PML4 included). */
  get pagesInUse(): number {
    return this.used;
  }

  /** Drops every mapping: the pool is empty again but for a cleared PML4 (the EPTP stays valid). */
  reset(): void {
    this.words.fill(0, 0, Math.max(this.used, 1) * 1024);
    this.used = 1;
    this.pages4k = 0;
    this.pages2m = 0;
  }

  /**
   * Maps the 4 KiB page at guest-physical `gpa` to host-physical `hpa` with permissions `perm` (EPT_R|W|X) and
   * leaf memory type `memType`. False when the pool has no page left for a table (nothing was changed then
   * except tables already added, which stay valid and empty).
   */
  map4k(gpa: number, hpa: number, perm: number, memType: number): boolean {
    const pd = this.table(gpa, 2);
    if (pd < 0) return false;
    const pde = this.words[pd + pdIndex(gpa) * 2]!;
    if ((pde & EPT_LARGE) !== 0 && (pde & EPT_RWX) !== 0) return true; // already inside a 2 MiB page
    const pt = this.table(gpa, 1);
    if (pt < 0) return false;
    const i = pt + ((gpa >>> 12) & 511) * 2;
    if ((this.words[i]! & EPT_RWX) === 0) this.pages4k++;
    this.words[i] = (hpa & ADDR_MASK) | memType | EPT_IGNORE_PAT | perm;
    return true;
  }

  /**
   * Maps the 2 MiB region holding `gpa` to the one at `hpa` (both rounded down). False when the pool is full, or
   * when the PDE already points at a page table (4 KiB pages mapped there first): the caller maps 4 KiB then.
   */
  map2m(gpa: number, hpa: number, perm: number, memType: number): boolean {
    const pd = this.table(gpa, 2);
    if (pd < 0) return false;
    const i = pd + pdIndex(gpa) * 2;
    const pde = this.words[i]!;
    if ((pde & EPT_RWX) !== 0 && (pde & EPT_LARGE) === 0) return false;
    if ((pde & EPT_RWX) === 0) this.pages2m++;
    this.words[i] = (hpa & ~(PAGE_2M - 1)) | EPT_LARGE | memType | EPT_IGNORE_PAT | perm;
    return true;
  }

  /** The leaf entry for `gpa` (its low dword) and its level (1 = PTE, 2 = 2 MiB PDE); 0 when not mapped. */
  leaf(gpa: number): { entry: number; level: number } {
    let t = 0;
    for (let level = 4; level >= 1; level--) {
      const e = this.words[t + index(gpa, level) * 2]!;
      if ((e & EPT_RWX) === 0) return { entry: 0, level: 0 };
      if (level === 1 || (level === 2 && (e & EPT_LARGE) !== 0)) return { entry: e, level };
      t = this.offsetOf(e);
    }
    return { entry: 0, level: 0 };
  }

  /**
   * Word offset of the table at `level` (3 PDPT, 2 PD, 1 PT) on the way to `gpa`, adding the missing tables on
   * the way (non-leaf entries grant RWX: the leaf decides), or -1 when the pool is full.
   */
  private table(gpa: number, level: number): number {
    let t = 0;
    for (let l = 4; l > level; l--) {
      const i = t + index(gpa, l) * 2;
      const e = this.words[i]!;
      if ((e & EPT_RWX) !== 0) { t = this.offsetOf(e); continue; }
      if (this.used >= this.pool.pages) return -1;
      const page = this.used++;
      this.words.fill(0, page * 1024, page * 1024 + 1024);
      this.words[i] = (this.pool.physBase + page * PAGE_4K) | EPT_RWX;
      this.words[i + 1] = 0;
      t = page * 1024;
    }
    return t;
  }

  private offsetOf(entry: number): number {
    return (((entry & ADDR_MASK) >>> 0) - this.pool.physBase) >>> 2;
  }
}

/** Index of `gpa` in a table of `level` (4 PML4 … 1 PT): bits 47:39, 38:30, 29:21, 20:12 (32-bit addresses). */
function index(gpa: number, level: number): number {
  return level === 4 ? 0 : level === 3 ? gpa >>> 30 : level === 2 ? (gpa >>> 21) & 511 : (gpa >>> 12) & 511;
}

function pdIndex(gpa: number): number {
  return (gpa >>> 21) & 511;
}
