/**
 * A shadow MMU for a VMM without nested paging (trap, bt, and vtx with `--ept off`): the CPU walks page tables
 * the VMM builds in its own memory (a ShadowPool), never the guest's. The guest's tables (in guest RAM) are the
 * truth; the shadow is a cache of them the VMM fills lazily, as VMware's monitor and KVM's shadow MMU do:
 *
 *   - The shadow starts empty. A #PF the hardware raises on it is walked in the guest's tables: if they allow
 *     the access it is a *hidden* fault — the VMM sets the guest's accessed (and, on a write, dirty) bits as
 *     the hardware would have, fills the shadow PDE/PTE, and the instruction runs again; otherwise it is a
 *     *true* fault, given to the guest with the error code its own tables give (guestErrorCode).
 *   - Shadow entries always have A set, and D on writable leaves, so the CPU never stores into VMM memory. A
 *     guest PTE whose D is clear is shadowed read-only: the first write faults (hidden) and the VMM sets D.
 *     A guest entry whose A is clear is not shadowed at all, so the next use sets A.
 *   - Shadow leaves carry the guest's combined PDE∧PTE permissions; shadow PDEs that point to a shadow page
 *     table are fully permissive. A shadow page table is therefore keyed by (guest table frame, the guest
 *     PDE's R/W and U/S) and shared by every shadow PDE with that key; a shadow page directory (a root) by its
 *     guest frame. A guest 4 MiB page (CR4.PSE) is a 4 MiB shadow PDE (the real CR4.PSE is the guest's).
 *   - Guest CR0.WP = 0 (supervisor writes to read-only pages allowed) while the real CR0.WP is 1: as KVM
 *     does, a supervisor write to a page the guest maps read-only makes the shadow leaf writable but
 *     supervisor-only; a user access to it faults (hidden) and makes it user-readable and read-only again.
 *   - Every guest frame that has a shadow page is watched (PAGE_WATCHED: the write protection). A guest store
 *     to it syncs at once the shadow entries it covers (recomputed from the new guest entry), charged as the
 *     technique's write-protection fault (pt-write-charges.ts). The hardware TLB is not flushed by a sync: a
 *     stale TLB entry lives until INVLPG or a CR3 load, exactly as natively.
 *   - Roots are cached per guest CR3 (ROOT_CACHE of them, least recently loaded evicted): a CR3 load switches
 *     to the cached root (charged one shadow sync; a miss builds an empty root, charged another).
 *   - Several vCPUs: each has its own shadow (its own VMM memory). A store by another vCPU to a guest table
 *     this vCPU shadows bumps the page's code generation (cpu.codeGen); this vCPU re-syncs such pages when the
 *     guest loads CR3 or executes INVLPG (which a guest's TLB shootdown does anyway).
 *   - Pool exhausted: every shadow page is zapped (the current root is kept, emptied), as KVM's zap-all.
 *
 * Nothing here runs per instruction: only on #PF, CR3 load, INVLPG and stores to guest page tables.
 */
import type { Cpu } from '../../cpu/cpu';
import { COST_SHADOW_SYNC, COST_VMM_PAGE_WALK } from '../../cpu/costs';
import { invalidatePage } from '../../cpu/paging';
import { unwatchPage, watchablePage, watchPage } from '../../cpu/page-watch';
import { CR0_WP, CR4_PSE } from '../../cpu/state';
import { SV } from '../soft/vmm-stats';
import { GuestWalk, PF_USER, PF_WRITE, walkGuest } from './guest-walk';
import { PT_WRITE_CHARGES, type ShadowPagingTechnique } from './pt-write-charges';
import type { ShadowPool } from './shadow-pool';

const P = 1, RW = 2, US = 4, PWT = 8, PCD = 0x10, A = 0x20, D = 0x40, PS = 0x80, G = 0x100;
/** Guest bits a shadow leaf copies as they are (caching, global). */
const COPIED = PWT | PCD | G;
/** A shadow PDE pointing to a shadow page table: permissions live in the leaves. */
const LINK = P | RW | US | A;
/** Shadow page roles (low 3 bits of a page's key): 0–3 a page table for a guest PDE with R/W = bit 0, U/S = bit 1; a root. */
const ROLE_ROOT = 4, ROLE_IDENTITY = 7;
/** Guest address spaces whose shadow roots are kept. */
export const ROOT_CACHE = 4;
const FREE = -1;

export type { ShadowPagingTechnique };

export class ShadowMmu {
  private readonly w: Int32Array;
  private readonly pages: number;
  private readonly phys: number;
  /** Per shadow page: gfn * 8 + role, FREE when free. */
  private readonly key: Int32Array;
  /** Per shadow page: cpu.codeGen of its guest frame when last in sync (other vCPUs' writes move it). */
  private readonly gen: Int32Array;
  /** Per shadow page table: shadow PDEs linking it. */
  private readonly refs: Int32Array;
  /** Per root: when it was last loaded (LRU). */
  private readonly stamp: Float64Array;
  /** Reverse map: per guest frame the first shadow page of it, then per shadow page the next one (-1 ends). */
  private readonly rmapHead: Int32Array;
  private readonly rmapNext: Int32Array;
  private readonly freeList: Int32Array;
  private freeCount = 0;
  private readonly byKey = new Map<number, number>();
  private readonly charges: Int32Array;
  private readonly walk = new GuestWalk();
  private clock = 0;
  private roots = 0;
  /** The loaded root's page, -1 while the guest's paging is off. */
  private current = -1;
  private guestPaging = false;
  private guestCr3 = 0;
  private pse = false;
  private wp = false;
  private errorCode = 0;

  constructor(
    readonly cpu: Cpu,
    readonly technique: ShadowPagingTechnique,
    private readonly stats: Float64Array,
    pool: ShadowPool,
  ) {
    this.pages = pool.pages;
    this.phys = pool.phys;
    this.w = new Int32Array(pool.mem.buffer, pool.mem.byteOffset + pool.offset, pool.pages * 1024);
    this.key = new Int32Array(this.pages).fill(FREE);
    this.gen = new Int32Array(this.pages);
    this.refs = new Int32Array(this.pages);
    this.stamp = new Float64Array(this.pages);
    this.rmapNext = new Int32Array(this.pages).fill(-1);
    this.rmapHead = new Int32Array(cpu.pageWatchers.length).fill(-1);
    this.freeList = new Int32Array(this.pages);
    this.charges = Int32Array.from(PT_WRITE_CHARGES[technique]);
    // Page 0: the root while the guest's paging is off, linear = physical in 4 MiB pages (the real CR4.PSE is 1 then).
    this.w.fill(0);
    this.key[0] = ROLE_IDENTITY;
    for (let i = 0; i < 1024; i++) this.w[i] = (i << 22) | P | RW | US | A | D | PS;
    for (let s = this.pages - 1; s >= 1; s--) this.freeList[this.freeCount++] = s;
  }

  /** The real CR3 for the unpaged guest (the identity root). */
  get unpagedRoot(): number { return this.phys; }
  /** The error code of the last true fault (what the guest's own tables give). */
  get guestErrorCode(): number { return this.errorCode; }
  /** Physical address of the loaded shadow root, or of the identity root while the guest's paging is off. */
  get realCr3(): number { return this.current < 0 ? this.phys : this.pagePhys(this.current); }

  /** Guest paging state (CR0.PG, CR3, CR4.PSE/PGE, CR0.WP) changed: returns the real CR3 to load (a shadow root). */
  setGuestPaging(paging: boolean, guestCr3: number, cr4: number, cr0: number): number {
    const pse = (cr4 & CR4_PSE) !== 0, wp = (cr0 & CR0_WP) !== 0;
    if (pse !== this.pse || wp !== this.wp) {
      // 4 MiB PDEs mean something else, or the leaves' supervisor write rights do: no shadow entry stands.
      if (this.inUse() > 0) this.zapAll(-1);
      this.pse = pse; this.wp = wp;
    }
    this.guestPaging = paging;
    if (!paging) { this.current = -1; return this.phys; }
    if (this.current >= 0 && (this.key[this.current]! >>> 3) === guestCr3 >>> 12) { this.guestCr3 = guestCr3 >>> 0; return this.realCr3; }
    return this.onCr3Load(guestCr3);
  }

  /** Guest MOV to CR3 (paging on): returns the real CR3 (the shadow root for guestCr3). */
  onCr3Load(guestCr3: number): number {
    this.guestCr3 = guestCr3 >>> 0;
    this.resyncForeignWrites();
    const gfn = this.guestCr3 >>> 12;
    let root = this.byKey.get(gfn * 8 + ROLE_ROOT);
    this.count(SV.shadowRootSwitches);
    this.cpu.charge(COST_SHADOW_SYNC);
    if (root === undefined) {
      this.count(SV.shadowRootMisses);
      this.cpu.charge(COST_SHADOW_SYNC);
      if (this.roots >= ROOT_CACHE) this.evictRoot();
      root = this.alloc(gfn, ROLE_ROOT);
      if (root < 0) { this.zapAll(-1); root = this.alloc(gfn, ROLE_ROOT); }
      this.roots++;
    }
    this.stamp[root] = ++this.clock;
    this.current = root;
    return this.pagePhys(root);
  }

  /** A #PF the hardware raised on the shadow: true = a true guest fault (then guestErrorCode holds its code, CR2 = lin). */
  onPageFault(lin: number, errorCode: number): boolean {
    const cpu = this.cpu;
    cpu.charge(COST_VMM_PAGE_WALK);
    const access = errorCode & (PF_WRITE | PF_USER);
    if (!this.guestPaging || this.current < 0) { // (only the VMM window's supervisor-only pages fault here)
      this.errorCode = errorCode;
      this.count(SV.trueFaults);
      return true;
    }
    const wk = walkGuest(cpu, this.guestCr3, this.pse, this.wp, lin, access, this.walk);
    this.setGuestAccessed(wk, access);
    if (wk.fault) {
      this.errorCode = wk.errorCode;
      this.count(SV.trueFaults);
      return true;
    }
    this.count(SV.hiddenFaults);
    cpu.charge(COST_SHADOW_SYNC);
    this.fill(lin, access);
    return false;
  }

  /** Guest INVLPG: the shadow entry for `lin` re-synced, the hardware TLB entry dropped. */
  onInvlpg(lin: number): void {
    this.resyncForeignWrites();
    invalidatePage(this.cpu, lin);
    const root = this.current;
    if (root < 0) return;
    const pdi = lin >>> 22;
    const spde = this.w[root * 1024 + pdi]!;
    if ((spde & P) === 0) return;
    const changed = (spde & PS) !== 0 ? this.syncEntry(root, pdi) : this.syncEntry(this.pageOf(spde), (lin >>> 12) & 1023);
    this.count(SV.invlpgResyncs);
    if (changed > 0) this.count(SV.shadowSyncs, changed);
  }

  /** From cpu.pageWriteHook: true when it was a guest page-table write (then synced, charged and counted). */
  onPageWrite(p: number, bytes: number): boolean {
    const cpu = this.cpu;
    if (cpu.pageWalkStore) return false;
    const gfn = p >>> 12;
    if (gfn >= this.rmapHead.length || this.rmapHead[gfn]! < 0) return false;
    const first = (p & 0xfff) >>> 2, last = Math.min(((p & 0xfff) + bytes - 1) >>> 2, 1023);
    const codeGen = cpu.codeGen;
    let synced = 0;
    for (let s = this.rmapHead[gfn]!; s >= 0; s = this.rmapNext[s]!) {
      for (let i = first; i <= last; i++) synced += this.syncEntry(s, i);
      // Our own store bumps the generation once after this hook: that is not another vCPU's write.
      if (codeGen !== null) this.gen[s] = Atomics.load(codeGen, gfn) + 1;
    }
    this.count(SV.ptWrites);
    if (synced > 0) this.count(SV.shadowSyncs, synced);
    for (let i = 0; i < this.charges.length; i++) cpu.charge(this.charges[i]!);
    return true;
  }

  /** The VMM goes away: every shadow page freed, every watched guest frame released. */
  dispose(): void {
    this.zapAll(-1);
    this.current = -1;
  }

  /** Shadow pages in use (roots and page tables; not the identity root). */
  inUse(): number {
    return this.pages - 1 - this.freeCount;
  }

  /** Physical address of shadow page `s` (for tests and the inspector). */
  pagePhys(s: number): number {
    return (this.phys + s * 4096) >>> 0;
  }

  // ---- filling ----

  /**
   * The guest's accessed and dirty bits as the hardware's walk sets them (core/cpu/paging.ts): a present PDE of
   * a page table gets A even when the PTE then faults; a 4 MiB PDE or a PTE gets A (and D on a write) only when
   * the access is allowed.
   */
  private setGuestAccessed(wk: GuestWalk, access: number): void {
    const pde = wk.pde;
    if ((pde & P) === 0) return;
    const write = (access & PF_WRITE) !== 0 ? D : 0;
    if ((pde & PS) !== 0 && this.pse) {
      if (!wk.fault) wk.pde = this.setBits(wk.pdeAddr, pde, A | write);
      return;
    }
    wk.pde = this.setBits(wk.pdeAddr, pde, A);
    if (!wk.fault && wk.pteAddr >= 0) wk.pte = this.setBits(wk.pteAddr, wk.pte, A | write);
  }

  /** Sets `bits` in the guest paging-structure entry at physical `addr` (locked, as the hardware's update is). */
  private setBits(addr: number, entry: number, bits: number): number {
    if ((entry & bits) === bits) return entry;
    const cpu = this.cpu;
    if (addr + 3 < cpu.ramSize) Atomics.or(cpu.ram32, addr >>> 2, bits);
    return entry | bits;
  }

  /** A hidden fault at `lin`: the shadow PDE (and PTE) from the guest's, as this.walk read them (A/D set). */
  private fill(lin: number, access: number): void {
    const wk = this.walk;
    const pdi = lin >>> 22;
    const pde = wk.pde;
    if ((pde & PS) !== 0 && this.pse) {
      this.setEntry(this.current, pdi, this.leaf(pde & ~0x3ff000, pde & (RW | US), access) | PS);
      return;
    }
    const role = (pde >>> 1) & 3;
    const key = (pde >>> 12) * 8 + role;
    let table = this.byKey.get(key);
    if (table === undefined) {
      table = this.alloc(pde >>> 12, role);
      if (table < 0) { this.zapAll(this.current); table = this.alloc(pde >>> 12, role); }
    }
    const at = this.current * 1024 + pdi;
    const link = this.pagePhys(table) | LINK;
    if (this.w[at] !== link) this.setEntry(this.current, pdi, link);
    this.w[table * 1024 + ((lin >>> 12) & 1023)] = this.leaf(wk.pte, wk.pte & (role << 1), access);
  }

  /**
   * A shadow leaf for guest entry `g` (a PTE, or a 4 MiB PDE with its frame) with combined guest permissions
   * `perm`; 0 when the guest entry is not present or not accessed. `access` (PF_WRITE/PF_USER) is the access
   * being filled for, -1 when re-syncing.
   */
  private leaf(g: number, perm: number, access: number): number {
    if ((g & (P | A)) !== (P | A)) return 0;
    let e = (g & ~0xfff) | P | A | (g & COPIED);
    if ((perm & US) !== 0) e |= US;
    if ((g & D) !== 0) {
      if ((perm & RW) !== 0) e |= RW | D;
      else if (!this.wp && access === PF_WRITE) e = (e | RW | D) & ~US; // guest CR0.WP = 0: a supervisor write to a read-only page
    }
    return e;
  }

  /** Writes shadow entry `i` of page `s`, releasing the shadow page table the old entry linked. */
  private setEntry(s: number, i: number, e: number): void {
    const at = s * 1024 + i;
    const old = this.w[at]!;
    this.w[at] = e;
    if ((this.key[s]! & 7) !== ROLE_ROOT) return;
    if ((e & (P | PS)) === P) this.refs[this.pageOf(e)]!++;
    if ((old & (P | PS)) === P) this.unref(this.pageOf(old));
  }

  /**
   * Entry `i` of shadow page `s` brought in line with the guest's entry now in guest RAM: a leaf is recomputed,
   * a link kept while the guest PDE still points to the same table with the same rights (else dropped: the
   * next access refills it). Returns 1 when the shadow entry changed.
   */
  private syncEntry(s: number, i: number): number {
    const k = this.key[s]!;
    const gfn = k >>> 3, role = k & 7;
    const addr = gfn * 4096 + i * 4;
    const g = addr + 3 < this.cpu.ramSize ? this.cpu.ram32[addr >>> 2]! : 0;
    const old = this.w[s * 1024 + i]!;
    let e: number;
    if (role !== ROLE_ROOT) e = this.leaf(g, g & (role << 1), -1);
    else if ((g & PS) !== 0 && this.pse) {
      e = this.leaf(g & ~0x3ff000, g & (RW | US), -1);
      if (e !== 0) e |= PS;
    } else {
      const same = (g & (P | A)) === (P | A) && (old & (P | PS)) === P && this.key[this.pageOf(old)] === (g >>> 12) * 8 + ((g >>> 1) & 3);
      e = same ? old : 0;
    }
    if (e === old) return 0;
    this.setEntry(s, i, e);
    return 1;
  }

  // ---- shadow pages ----

  private pageOf(entry: number): number {
    return ((entry & ~0xfff) - this.phys) >>> 12;
  }

  /** A zeroed shadow page for guest frame `gfn` in `role`, watched and reverse-mapped; -1 when the pool is empty. */
  private alloc(gfn: number, role: number): number {
    if (this.freeCount === 0) return -1;
    const s = this.freeList[--this.freeCount]!;
    this.key[s] = gfn * 8 + role;
    this.refs[s] = 0;
    this.byKey.set(gfn * 8 + role, s);
    const cpu = this.cpu;
    this.gen[s] = cpu.codeGen !== null && gfn < cpu.codeGen.length ? Atomics.load(cpu.codeGen, gfn) : 0;
    if (gfn < this.rmapHead.length) {
      this.rmapNext[s] = this.rmapHead[gfn]!;
      this.rmapHead[gfn] = s;
      if (watchablePage(cpu, gfn)) watchPage(cpu, gfn);
    }
    this.stats[SV.shadowPagesInUse] = this.inUse();
    return s;
  }

  private free(s: number): void {
    const k = this.key[s]!;
    const gfn = k >>> 3;
    if ((k & 7) === ROLE_ROOT) {
      this.roots--;
      for (let i = 0; i < 1024; i++) if ((this.w[s * 1024 + i]! & (P | PS)) === P) this.unref(this.pageOf(this.w[s * 1024 + i]!));
    }
    this.w.fill(0, s * 1024, s * 1024 + 1024);
    this.byKey.delete(k);
    this.key[s] = FREE;
    if (gfn < this.rmapHead.length) {
      if (this.rmapHead[gfn] === s) this.rmapHead[gfn] = this.rmapNext[s]!;
      else for (let t = this.rmapHead[gfn]!; t >= 0; t = this.rmapNext[t]!) if (this.rmapNext[t] === s) { this.rmapNext[t] = this.rmapNext[s]!; break; }
      this.rmapNext[s] = -1;
      if (watchablePage(this.cpu, gfn)) unwatchPage(this.cpu, gfn);
    }
    this.freeList[this.freeCount++] = s;
    this.stats[SV.shadowPagesInUse] = this.inUse();
  }

  /** One shadow PDE fewer links table `t`: freed when none does. */
  private unref(t: number): void {
    if (t > 0 && t < this.pages && this.key[t] !== FREE && --this.refs[t]! <= 0) this.free(t);
  }

  /** The least recently loaded root (not the current one) goes. */
  private evictRoot(): void {
    let victim = -1;
    for (let s = 1; s < this.pages; s++) {
      if ((this.key[s]! & 7) !== ROLE_ROOT || this.key[s] === FREE || s === this.current) continue;
      if (victim < 0 || this.stamp[s]! < this.stamp[victim]!) victim = s;
    }
    if (victim >= 0) this.free(victim);
  }

  /**
   * Every shadow page freed (KVM's zap-all); root `keep` (the loaded one, whose address is in the real CR3)
   * stays allocated, emptied. Counted.
   */
  private zapAll(keep: number): void {
    const keepKey = keep >= 0 ? this.key[keep]! : FREE;
    for (let s = 1; s < this.pages; s++) if (this.key[s] !== FREE && (this.key[s]! & 7) === ROLE_ROOT) this.free(s);
    for (let s = 1; s < this.pages; s++) if (this.key[s] !== FREE) this.free(s);
    this.count(SV.shadowZapAll);
    if (keep < 0) { this.current = -1; return; }
    // The root page comes back at the same address.
    const at = this.freeList.indexOf(keep, 0);
    this.freeList[at] = this.freeList[this.freeCount - 1]!;
    this.freeList[this.freeCount - 1] = keep;
    const s = this.alloc(keepKey >>> 3, ROLE_ROOT);
    this.roots++;
    this.stamp[s] = ++this.clock;
    this.current = s;
  }

  /** Pages another vCPU stored to since they were last in sync (their code generation moved): re-synced whole. */
  private resyncForeignWrites(): void {
    const codeGen = this.cpu.codeGen;
    if (codeGen === null) return;
    let synced = 0;
    for (let s = 1; s < this.pages; s++) {
      const k = this.key[s]!;
      if (k === FREE || (k >>> 3) >= codeGen.length) continue;
      const g = Atomics.load(codeGen, k >>> 3);
      if (g === this.gen[s]) continue;
      this.gen[s] = g;
      for (let i = 0; i < 1024; i++) synced += this.syncEntry(s, i);
    }
    if (synced > 0) this.count(SV.shadowSyncs, synced);
  }

  private count(slot: number, n = 1): void {
    this.stats[slot] = this.stats[slot]! + n;
  }
}
