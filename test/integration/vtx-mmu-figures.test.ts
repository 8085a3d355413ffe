/**
 * The built-in VT-x VMM's memory virtualization in figures, on the ptemod and pgfault microbenchmark guests
 * (resources/kernel/bench), per operation from two runs so boot cancels out: with EPT a full TLB miss of the 2-level
 * guest walks (2+1)×(4+1)−1 = 14 paging-structure entries over 4 KiB EPT pages, (2+1)×(3+1)−1 = 11 over 2 MiB
 * ones, 12 and 9 of them EPT entries; the guest's page faults and page-table writes cost no VM exit. Under
 * shadow paging a miss walks the 2 shadow entries, and each guest #PF and page-table write is an exit.
 */
import { describe, expect, it } from 'vitest';
import { vtxOptions, type VtxOptions } from '../../src-main/core/vmm/vtx';
import { runMmuBench } from '../support/mmu-run';
import type { Microbench } from '../support/microbench';

const N1 = 20, N2 = 60;

function perOp(bench: Microbench, c: { ept: boolean; vpid: boolean; eptLargePages?: boolean }): { exits: number; misses: number; refsPerMiss: number; eptRefsPerMiss: number } {
  const o = vtxOptions(c) as VtxOptions;
  if (typeof o === 'string') throw new Error(o);
  const a = runMmuBench(bench, 'vtx', o, N1), b = runMmuBench(bench, 'vtx', o, N2);
  const misses = b.tlbMisses - a.tlbMisses;
  return {
    exits: (b.exits - a.exits) / (N2 - N1),
    misses: misses / (N2 - N1),
    refsPerMiss: (b.walkRefs - a.walkRefs) / misses,
    eptRefsPerMiss: (b.eptWalkRefs - a.eptWalkRefs) / misses,
  };
}

describe('--mode vtx: the cost of memory virtualization per operation', () => {
  it('EPT, 4 KiB EPT pages: 14 entries for a full TLB miss, 10 for one that ends at the guest\'s not-present PTE', () => {
    // pgfault: per operation one miss faults on the guest's PTE (EPT walk of the directory's page, the PDE, EPT
    // walk of the table's page, the PTE: 4+1+4+1 = 10) and the retried access misses again and walks all
    // (2+1)×(4+1)−1 = 14; the fault itself is the guest's (no exit).
    const f = perOp('pgfault', { ept: true, vpid: false });
    expect(f.misses).toBe(2);
    expect(f.refsPerMiss).toBe((10 + 14) / 2);
    expect(f.eptRefsPerMiss).toBe((8 + 12) / 2);
    expect(f.exits).toBeLessThan(0.1);
    expect(perOp('ptemod', { ept: true, vpid: false }).exits).toBeLessThan(0.1);
  });

  it('EPT with 2 MiB EPT pages: 11 entries for a full miss ((2+1)×(3+1)−1), 8 for the faulting one', () => {
    const f = perOp('pgfault', { ept: true, vpid: false, eptLargePages: true });
    expect(f.misses).toBe(2);
    expect(f.refsPerMiss).toBe((8 + 11) / 2);
    expect(f.eptRefsPerMiss).toBe((6 + 9) / 2);
  });

  it('shadow paging: a miss walks the 2 shadow entries; each guest page-table write and #PF is a VM exit', () => {
    const pte = perOp('ptemod', { ept: false, vpid: false });
    expect(pte.refsPerMiss).toBe(2);
    expect(pte.eptRefsPerMiss).toBe(0);
    expect(pte.exits).toBeGreaterThanOrEqual(1); // its INVLPG (the store itself: a charged write-protection exit)
    const pf = perOp('pgfault', { ept: false, vpid: false });
    const pfEpt = perOp('pgfault', { ept: true, vpid: false });
    expect(pf.exits).toBeGreaterThanOrEqual(2); // the #PF and the INVLPG
    expect(pfEpt.exits).toBeLessThan(0.1);
  });

  it('VPID keeps the TLB across the exits: fewer misses per operation than without', () => {
    expect(perOp('ptemod', { ept: false, vpid: true }).misses).toBeLessThan(perOp('ptemod', { ept: false, vpid: false }).misses);
    expect(perOp('pgfault', { ept: true, vpid: true }).misses).toBeLessThanOrEqual(perOp('pgfault', { ept: true, vpid: false }).misses);
  });
});
