/** `info tlb`: a vCPU's TLB counters and the translations it holds (core/cpu/cpu.ts's software TLB). */
import type { Cpu } from '../cpu/cpu';
import { COST_PAGE_WALK } from '../cpu/costs';
import { tlbEntryView } from './describe-translation';
import type { TlbView } from './types';

/** The linear page numbers with a TLB entry, ascending. */
function filledPages(cpu: Cpu): number[] {
  const tlb = cpu.tlb;
  if (cpu.tlbOverflow) {
    const out: number[] = [];
    for (let vpn = 0; vpn < tlb.length; vpn++) if (tlb[vpn] !== 0) out.push(vpn);
    return out;
  }
  // The fill list may name a page twice (INVLPG clears an entry without dropping it from the list).
  const seen = new Set<number>();
  for (let i = 0; i < cpu.tlbCount; i++) {
    const vpn = cpu.tlbFilled[i]!;
    if (tlb[vpn] !== 0) seen.add(vpn);
  }
  return [...seen].sort((a, b) => a - b);
}

/** The counters and the first `limit` entries by linear address. */
export function describeTlb(cpu: Cpu, limit = 64): TlbView {
  const pages = filledPages(cpu);
  const misses = cpu.eventCounts[COST_PAGE_WALK]!;
  return {
    filled: pages.length,
    hits: cpu.tlbHits,
    misses,
    walkRefs: cpu.walkRefs,
    eptWalkRefs: cpu.eptWalkRefs,
    refsPerWalk: misses === 0 ? 0 : cpu.walkRefs / misses,
    flushes: cpu.tlbFlushes,
    entries: pages.slice(0, Math.max(0, limit)).map((vpn) => tlbEntryView(vpn, cpu.tlb[vpn]!)),
  };
}
