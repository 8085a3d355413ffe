/**
 * Page-table tracing, the part of a shadow MMU that knows which guest pages are page tables: for each guest
 * address space the VMM has loaded (its CR3), the page directory and every page table a present PDE refers to
 * (a 4 MiB PDE under CR4.PSE has none) are watched (PAGE_WATCHED, core/cpu/page-watch.ts), so that a guest
 * store to any of them reaches the VMM (cpu.pageWriteHook → onWrite). That store is what a shadow MMU pays for:
 * the write-protection fault, the emulated store, the re-validated shadow entry (the VMM that owns the vCPU
 * charges it in its own currency: shadow-paging-model.ts). The tracer itself charges nothing.
 *
 * Like a shadow MMU's cache of shadow page tables (VMware's and KVM's keep those of recently used address
 * spaces, so a context switch back is cheap), the tracer keeps up to `roots` address spaces traced, least
 * recently loaded evicted first; a guest write to a cached address space's tables costs even while another
 * one is loaded, as it does under shadow paging. A write to a traced page directory re-reads the PDEs it
 * touched: a new page table becomes traced, one no longer referenced is released. Turning paging off releases
 * everything. Loading a cached CR3 costs no scan. A cached address space whose page directory the guest keeps
 * writing while another one is loaded (FLOOD_WRITES stores since it was last loaded: the page is being reused,
 * e.g. a fork copying a new directory over an old one) is dropped from the cache, as KVM's write-flooding
 * detection zaps such a shadow page; loading it again scans it afresh. The loaded address space is never
 * dropped that way (its tables are in use).
 *
 * The tracer works at CR3 loads and on stores to traced pages only; nothing per instruction, and no allocation
 * after construction. Several vCPUs: each has its own tracer (reference counts per page here); whether a page
 * is watched at all is the VM-wide count of page-watch.ts. A store is recognised as a page-table write by the
 * tracer of the vCPU that stores, so a vCPU writing a page table that only another vCPU's address spaces use
 * is not charged (SMP guests share their kernel's tables, so this is rare; documented limit).
 * Stores the page walk itself makes (accessed/dirty bits: cpu.pageWalkStore) are not guest writes.
 */
import { type Cpu } from '../../cpu/cpu';
import { unwatchPage, watchablePage, watchPage } from '../../cpu/page-watch';

/** Address spaces kept traced by default (VMware's and KVM's shadow caches keep many more; a few suffice here). */
export const DEFAULT_TRACED_ROOTS = 4;
/** Stores to the directory of a cached, not loaded address space after which it is dropped (KVM: 3). */
export const FLOOD_WRITES = 3;
const PDES = 1024;
const PDE_P = 1, PDE_PS = 0x80;

export class PageTableTracer {
  /** Page-directory page per cached address space, -1 for a free slot. */
  private readonly rootPage: Int32Array;
  private readonly rootPse: Uint8Array;
  private readonly rootStamp: Float64Array;
  /** Per slot: stores to its directory since it was last loaded (write-flooding detection). */
  private readonly rootWrites: Int32Array;
  /** Per slot and PDE: the page table's page number, -1 for none (not present, 4 MiB, or not watchable). */
  private readonly tables: Int32Array;
  /** Per physical page: this tracer's uses of it (as a cached directory, as a table a PDE refers to). */
  private readonly refs: Uint16Array;
  private stamp = 0;
  /** The slot of the loaded address space, -1 while the guest's paging is off. */
  private current = -1;
  /** Pages this tracer holds watched now. */
  tracedPages = 0;
  /** Full scans of a page directory (a CR3 not in the cache, or a PSE change). */
  scans = 0;
  /** Cached address spaces dropped by write-flooding detection. */
  flooded = 0;

  constructor(readonly cpu: Cpu, readonly roots = DEFAULT_TRACED_ROOTS) {
    if (roots < 1) throw new RangeError('a page-table tracer keeps at least one address space');
    this.rootPage = new Int32Array(roots).fill(-1);
    this.rootPse = new Uint8Array(roots);
    this.rootStamp = new Float64Array(roots);
    this.rootWrites = new Int32Array(roots);
    this.tables = new Int32Array(roots * PDES).fill(-1);
    this.refs = new Uint16Array(cpu.pageWatchers.length);
  }

  /** The guest's paging is on with this CR3 and CR4.PSE (a CR3 load, paging turned on, a PSE change). */
  load(cr3: number, pse: boolean): void {
    const page = cr3 >>> 12;
    let slot = this.slotOf(page);
    if (slot < 0) {
      slot = this.victim();
      this.release(slot);
      this.rootPage[slot] = page;
      this.rootPse[slot] = pse ? 1 : 0;
      if (watchablePage(this.cpu, page)) this.ref(page);
      this.scan(slot);
    } else if ((this.rootPse[slot] === 1) !== pse) {
      this.rootPse[slot] = pse ? 1 : 0;
      this.scan(slot);
    }
    this.rootStamp[slot] = ++this.stamp;
    this.rootWrites[slot] = 0;
    this.current = slot;
  }

  /** The guest turned paging off: nothing is traced any more. */
  disable(): void {
    for (let s = 0; s < this.roots; s++) this.release(s);
    this.current = -1;
  }

  /** Guest paging on, with the CR3 last loaded; cr3() is meaningful only then. */
  get active(): boolean { return this.current >= 0; }
  get cr3(): number { return this.current >= 0 ? (this.rootPage[this.current]! << 12) >>> 0 : 0; }
  get pse(): boolean { return this.current >= 0 && this.rootPse[this.current] === 1; }

  /** True when physical page `page` is a page directory or page table of a traced address space. */
  isPageTable(page: number): boolean {
    return page >= 0 && page < this.refs.length && this.refs[page] !== 0;
  }

  /**
   * After a CPU store of `bytes` bytes at physical `p` on a watched page (cpu.pageWriteHook): true when it was
   * a guest write to a traced page table or directory (the caller charges it); a directory's PDEs are re-read.
   */
  onWrite(p: number, bytes: number): boolean {
    const page = p >>> 12;
    if (this.cpu.pageWalkStore || !this.isPageTable(page)) return false;
    const first = (p & 0xfff) >>> 2, last = Math.min(((p & 0xfff) + bytes - 1) >>> 2, PDES - 1);
    for (let s = 0; s < this.roots; s++) {
      if (this.rootPage[s] !== page) continue;
      for (let i = first; i <= last; i++) this.retrace(s, i);
      if (s !== this.current && ++this.rootWrites[s]! >= FLOOD_WRITES) { this.release(s); this.flooded++; }
    }
    return true;
  }

  private slotOf(page: number): number {
    for (let s = 0; s < this.roots; s++) if (this.rootPage[s] === page) return s;
    return -1;
  }

  /** A free slot, else the least recently loaded one. */
  private victim(): number {
    let best = 0;
    for (let s = 0; s < this.roots; s++) {
      if (this.rootPage[s] === -1) return s;
      if (this.rootStamp[s]! < this.rootStamp[best]!) best = s;
    }
    return best;
  }

  private scan(slot: number): void {
    this.scans++;
    for (let i = 0; i < PDES; i++) this.retrace(slot, i);
  }

  /** PDE `i` of the slot's directory as it is now in guest RAM: its page table traced, the old one released. */
  private retrace(slot: number, i: number): void {
    const k = slot * PDES + i;
    const old = this.tables[k]!;
    const dirPage = this.rootPage[slot]!;
    const pde = dirPage < this.refs.length ? this.cpu.ram32[(dirPage << 10) + i]! : 0; // (a directory outside RAM maps nothing)
    let table = -1;
    if ((pde & PDE_P) !== 0 && ((pde & PDE_PS) === 0 || this.rootPse[slot] === 0)) {
      table = pde >>> 12;
      if (!watchablePage(this.cpu, table)) table = -1;
    }
    if (table === old) return;
    if (table >= 0) this.ref(table);
    if (old >= 0) this.unref(old);
    this.tables[k] = table;
  }

  private release(slot: number): void {
    const page = this.rootPage[slot]!;
    if (page === -1) return;
    for (let k = slot * PDES, end = k + PDES; k < end; k++) {
      const t = this.tables[k]!;
      if (t >= 0) { this.unref(t); this.tables[k] = -1; }
    }
    if (watchablePage(this.cpu, page)) this.unref(page);
    this.rootPage[slot] = -1;
    if (this.current === slot) this.current = -1;
  }

  private ref(page: number): void {
    if (this.refs[page]!++ === 0) { watchPage(this.cpu, page); this.tracedPages++; }
  }

  private unref(page: number): void {
    if (--this.refs[page]! === 0) { unwatchPage(this.cpu, page); this.tracedPages--; }
  }
}
