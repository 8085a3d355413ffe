/**
 * The built-in VMM's handling of EPT violations (KVM's tdp_page_fault in miniature): the EPT starts empty and
 * each violation maps what the guest touched, guest-physical = host-physical as the machine has one memory
 * slot from 0 (KVM_SET_USER_MEMORY_REGION slot 0) and the devices on the bus are the guest's own:
 *   - guest RAM (below the RAM size, the read-only firmware area included: the bus keeps it read-only): a
 *     4 KiB page, write-back — or, with `--ept-pages 2m`, the whole 2 MiB region when it is all RAM;
 *   - any other address (the local and I/O APIC, pc-testdev's MMIO, unbacked space): the 4 KiB page,
 *     uncacheable, so the access reaches the device model (or reads as all ones) as it would natively;
 *   - the VMM's own memory window (0xFFC00000 up, where the EPT itself lives): never mapped through; those
 *     guest-physical pages go to an unbacked host page, as QEMU gives a guest unassigned memory there.
 * Every mapping grants read, write and execute; permission-based tricks (dirty logging, write protection of
 * shadowed pages) are not needed by this VMM.
 */
import { VMM_WINDOW_BASE } from '../../cpu/vmm-window';
import { EPT_MT_UC, EPT_MT_WB, EPT_RWX, EptBuilder, PAGE_2M, type EptPool } from './ept-builder';
import { SV } from '../soft/vmm-stats';

/** A host page with nothing on the bus (below the VMM window, clear of every device): reads 0xFF, writes ignored. */
export const VTX_UNBACKED_PAGE = 0xffbff000;

export class VtxEpt {
  readonly builder: EptBuilder;

  constructor(
    pool: EptPool,
    private readonly ramSize: number,
    private readonly largePages: boolean,
    /** The VMM's counters (SV slots). */
    private readonly stats: Float64Array,
  ) {
    this.builder = new EptBuilder(pool);
    this.publish();
  }

  get eptp(): number {
    return this.builder.eptp;
  }

  /**
   * Maps guest-physical `gpa` after an EPT violation. Returns false when the pool ran out: the VMM then dropped
   * every mapping (counted) and mapped this one into the empty EPT, and the caller must invalidate the
   * combined mappings cached from the old tables (INVEPT single-context).
   */
  onViolation(gpa: number): boolean {
    const page = (gpa & ~0xfff) >>> 0;
    const ram = page < this.ramSize;
    this.stats[ram ? SV.eptViolationsRam : SV.eptViolationsMmio]!++;
    let kept = true;
    if (!this.map(page, ram)) {
      this.stats[SV.eptZapAll]!++;
      this.builder.reset();
      kept = false;
      if (!this.map(page, ram)) throw new Error('EPT pool too small for a single mapping');
    }
    this.publish();
    return kept;
  }

  private map(page: number, ram: boolean): boolean {
    const b = this.builder;
    if (page >= VMM_WINDOW_BASE) return b.map4k(page, VTX_UNBACKED_PAGE, EPT_RWX, EPT_MT_UC);
    if (!ram) return b.map4k(page, page, EPT_RWX, EPT_MT_UC);
    const region = (page & ~(PAGE_2M - 1)) >>> 0;
    if (this.largePages && region + PAGE_2M <= this.ramSize && b.map2m(region, region, EPT_RWX, EPT_MT_WB)) return true;
    return b.map4k(page, page, EPT_RWX, EPT_MT_WB);
  }

  private publish(): void {
    const b = this.builder;
    this.stats[SV.eptPages4k] = b.pages4k;
    this.stats[SV.eptPages2m] = b.pages2m;
    this.stats[SV.eptTablePages] = b.pagesInUse;
  }
}
