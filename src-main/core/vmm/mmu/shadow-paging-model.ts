/**
 * The memory-virtualization cost of a VMM without nested paging (EPT), as each technique pays it — what Adams &
 * Agesen (ASPLOS 2006) measured: first-generation VT-x had no EPT, so its VMM kept shadow page tables exactly as
 * the binary translator did, and the difference lay in how each got control. A per-vCPU object every built-in
 * VMM calls at the same points:
 *
 *   onPagingState(paging, cr3, pse)  the guest's CR0.PG, CR3 or CR4.PSE changed (paging turned on or off, a
 *                                    PSE change): re-trace; charges nothing (a shadow root lookup)
 *   onCr3Load(cr3)                   the guest loaded CR3 (its MOV to CR3, emulated): re-trace
 *   onGuestPageFault(lin, code)      a guest #PF reached the VMM: the VMM walks the guest's tables in software
 *                                    (COST_VMM_PAGE_WALK); true = a true guest fault, to inject/reflect
 *   onPageWrite(p, bytes)            from cpu.pageWriteHook: a store to a traced page table is charged as what
 *                                    the write-protection fault costs the technique (below); false = not one
 *
 * What a page-table write costs (a shadow MMU write-protects the guest's page tables; the store faults):
 *   vtx   VM exit + emulation of the store + shadow-entry sync + VM entry (KVM/VMware on VT-x gen 1)
 *   trap  trap into the VMM + emulation + sync
 *   bt    callout + sync: VMware's adaptive binary translation turns a store that keeps faulting on a page
 *         table into a callout in the translated code (Adams & Agesen §3.3), so no trap remains
 * Each technique's own transitions for the page fault itself (a VM exit for vtx, a trap for trap/bt) are
 * charged where they happen (real VM exits; the soft VMM's trap path), not here.
 *
 * Until the shadow MMU lands (issue 12) the hardware walks the guest's own tables (direct paging): the #PF
 * exits and CR3 exits are real, the page-table write charge is a cost-model charge (the store itself runs
 * natively and the watched page calls back), and the hidden faults a shadow MMU takes to fill its tables are
 * not there. The tracer (pt-tracer.ts) is what the shadow MMU will build on.
 */
import type { Cpu } from '../../cpu/cpu';
import { COST_VMM_PAGE_WALK } from '../../cpu/costs';
import { CR0_WP } from '../../cpu/state';
import { SV } from '../soft/vmm-stats';
import { GuestWalk, walkGuest } from './guest-walk';
import { DEFAULT_TRACED_ROOTS, PageTableTracer } from './pt-tracer';

import { PT_WRITE_CHARGES, type ShadowPagingTechnique } from './pt-write-charges';

export { PT_WRITE_CHARGES, type ShadowPagingTechnique };

export class ShadowPagingModel {
  readonly tracer: PageTableTracer;
  /** The guest walk of the last onGuestPageFault (for the debugger and tests). */
  readonly lastWalk = new GuestWalk();
  private readonly charges: Int32Array;

  /**
   * `stats`: the VMM's counter slots (soft/vmm-stats.ts), or null: the model counts SV.ptWrites; the VMM counts
   * the page faults and CR3 loads it sees (SV.pageFaultsSeen, SV.cr3Loads) where it handles them.
   */
  constructor(
    readonly cpu: Cpu,
    readonly technique: ShadowPagingTechnique,
    private readonly stats: Float64Array | null = null,
    roots = DEFAULT_TRACED_ROOTS,
  ) {
    this.tracer = new PageTableTracer(cpu, roots);
    this.charges = Int32Array.from(PT_WRITE_CHARGES[technique]);
  }

  onPagingState(paging: boolean, cr3: number, pse: boolean): void {
    if (paging) this.tracer.load(cr3, pse);
    else this.tracer.disable();
  }

  /** A guest MOV to CR3 the VMM emulated. With the guest's paging off nothing is traced (the CR3 waits). */
  onCr3Load(cr3: number): void {
    if (this.tracer.active) this.tracer.load(cr3, this.tracer.pse);
  }

  /**
   * A guest page fault at linear `lin` with error code `code` reached the VMM: it walks the guest's tables
   * (charged). True when the guest's tables deny the access — a true fault the VMM gives the guest with the
   * same error code and CR2 = lin. Under direct paging the hardware walked those very tables, so every fault
   * is a true one; the walk is the work (and, with the shadow MMU, the decision between a hidden and a true fault).
   */
  onGuestPageFault(lin: number, code: number): boolean {
    const cpu = this.cpu;
    cpu.charge(COST_VMM_PAGE_WALK);
    if (this.tracer.active) walkGuest(cpu, this.tracer.cr3, this.tracer.pse, (cpu.cr0 & CR0_WP) !== 0, lin, code, this.lastWalk);
    return true;
  }

  /** From cpu.pageWriteHook: true when the store was a guest page-table write (then charged and counted). */
  onPageWrite(p: number, bytes: number): boolean {
    if (!this.tracer.onWrite(p, bytes)) return false;
    if (this.stats !== null) this.stats[SV.ptWrites]!++;
    const cpu = this.cpu;
    for (let i = 0; i < this.charges.length; i++) cpu.charge(this.charges[i]!);
    return true;
  }

  /** The VMM goes away (the vCPU ends): every traced page is released. */
  dispose(): void {
    this.tracer.disable();
  }
}
