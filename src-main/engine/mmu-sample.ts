/**
 * A vCPU's MMU figures through the control buffer: the vCPU side copies the CPU's TLB and walk counters at
 * each publish (quantum end, pause, finish — never per access), the VMM side reads them for the snapshot and
 * the stats JSON without a message to any thread. TLB misses are the page walks the cost model counted
 * (COST_PAGE_WALK, published by cost-sample.ts). Same pattern as vmx-sample.ts.
 */
import type { Cpu } from '../core/cpu/cpu';
import { COST_PAGE_WALK } from '../core/cpu/costs';
import { readCostSample } from './cost-sample';
import { CTR, ROW_SLOTS, type ControlViews } from './vcpu-control';
import { uiText, type LocalizedText } from '../core/api/ui-text';

export interface MmuSample {
  /** Translations the TLB answered. */
  readonly tlbHits: number;
  /** Translations it did not: each one a page walk. */
  readonly tlbMisses: number;
  /** Paging-structure entries the walks read: guest PDEs/PTEs and, under EPT, every EPT entry. */
  readonly walkRefs: number;
  /** walkRefs per walk (0 before any walk): 2 for 4 KiB pages, 1 for 4 MiB ones, up to 14 under EPT. */
  readonly refsPerWalk: number;
  /** The EPT part of walkRefs. */
  readonly eptWalkRefs: number;
  /** Whole-TLB flushes (CR3 loads, VM entries and exits without VPID, INVEPT/INVVPID). */
  readonly tlbFlushes: number;
}

/** Copies `cpu`'s MMU counters into vCPU v's counter row. Allocation-free. */
export function publishMmuSample(views: ControlViews, v: number, cpu: Cpu): void {
  const c = views.counters;
  const row = v * ROW_SLOTS;
  c[row + CTR.mmuTlbHits] = cpu.tlbHits;
  c[row + CTR.mmuWalkRefs] = cpu.walkRefs;
  c[row + CTR.mmuEptWalkRefs] = cpu.eptWalkRefs;
  c[row + CTR.mmuTlbFlushes] = cpu.tlbFlushes;
}

/** vCPU v's MMU counters as last published. */
export function readMmuSample(views: ControlViews, v: number): MmuSample {
  const c = views.counters;
  const row = v * ROW_SLOTS;
  const walks = readCostSample(views, v, COST_PAGE_WALK).count;
  const walkRefs = c[row + CTR.mmuWalkRefs]!;
  return {
    tlbHits: c[row + CTR.mmuTlbHits]!,
    tlbMisses: walks,
    walkRefs,
    refsPerWalk: walks === 0 ? 0 : walkRefs / walks,
    eptWalkRefs: c[row + CTR.mmuEptWalkRefs]!,
    tlbFlushes: c[row + CTR.mmuTlbFlushes]!,
  };
}

/** The lifecycle log's closing line for a vCPU that paged: what its TLB and page walks did. */
export function mmuTotals(s: MmuSample): LocalizedText {
  const ept = s.eptWalkRefs > 0 ? `, ${s.eptWalkRefs} of them EPT entries` : '';
  const params = { hits: s.tlbHits, misses: s.tlbMisses, refs: s.walkRefs, perWalk: s.refsPerWalk.toFixed(2), eptRefs: s.eptWalkRefs, flushes: s.tlbFlushes };
  return uiText(s.eptWalkRefs > 0 ? 'lifecycle.mmuTotals.ept' : 'lifecycle.mmuTotals.plain', params,
    `TLB ${s.tlbHits} hits, ${s.tlbMisses} misses (page walks) reading ${s.walkRefs} paging-structure entries (${s.refsPerWalk.toFixed(2)} per walk${ept}), ${s.tlbFlushes} flushes`);
}
