/**
 * The VPID-tagged TLB contexts (cpu/tlb-contexts.ts) on a bare vCPU: each (VPID, EP4TA) keeps its own
 * translations; switching never flushes; the least recently used of the guest contexts is flushed and reused
 * when a fifth tag arrives; INVVPID and INVEPT reach exactly the contexts they name.
 */
import { describe, expect, it } from 'vitest';
import { Cpu, TLB_GLOBAL, TLB_VALID } from '../../../src-main/core/cpu/cpu';
import {
  NO_EPT, TLB_GUEST_CONTEXTS, invept, invvpidAddress, invvpidAll, invvpidContext, useGuestTlb, useHostTlb,
} from '../../../src-main/core/cpu/tlb-contexts';
import { TestBus } from '../cpu/harness';

function bareCpu(): Cpu {
  const size = 1 << 20;
  return new Cpu({ u8: new Uint8Array(size), size }, new TestBus(), null, null);
}

/** Cache a translation of page `vpn` in the current TLB, as a walk would. */
function fill(cpu: Cpu, vpn: number, flags = TLB_VALID): void {
  if (cpu.tlb[vpn] === 0) cpu.tlbTrack(vpn);
  cpu.tlb[vpn] = (vpn << 12) | flags;
}

describe('TLB contexts', () => {
  it('each VPID keeps its translations across switches; the host has its own', () => {
    const cpu = bareCpu();
    fill(cpu, 1);
    useGuestTlb(cpu, 1, NO_EPT);
    expect(cpu.tlb[1]).toBe(0);
    fill(cpu, 2);
    useGuestTlb(cpu, 2, NO_EPT);
    expect(cpu.tlb[2]).toBe(0);
    fill(cpu, 3);
    expect(useHostTlb(cpu)).toBe(false);
    expect([cpu.tlb[1], cpu.tlb[2], cpu.tlb[3]]).toEqual([0x1000 | TLB_VALID, 0, 0]);
    useGuestTlb(cpu, 1, NO_EPT);
    expect(cpu.tlb[2]).toBe(0x2000 | TLB_VALID);
    expect(useHostTlb(cpu)).toBe(false);
    expect(useHostTlb(cpu)).toBe(true); // already the host's
  });

  it('the same VPID with another EPTP is another context', () => {
    const cpu = bareCpu();
    useGuestTlb(cpu, 1, 0x10000);
    fill(cpu, 5);
    useGuestTlb(cpu, 1, 0x20000);
    expect(cpu.tlb[5]).toBe(0);
    useGuestTlb(cpu, 1, 0x10000);
    expect(cpu.tlb[5]).not.toBe(0);
  });

  it(`a tag beyond ${TLB_GUEST_CONTEXTS} guest contexts reuses the least recently used one, flushed`, () => {
    const cpu = bareCpu();
    for (let v = 1; v <= TLB_GUEST_CONTEXTS; v++) { useGuestTlb(cpu, v, NO_EPT); fill(cpu, v); }
    useGuestTlb(cpu, 1, NO_EPT); // 1 is now the most recent; 2 the least
    useGuestTlb(cpu, 99, NO_EPT);
    expect(cpu.tlb.some((e) => e !== 0)).toBe(false); // VPID 2's old TLB, flushed
    useGuestTlb(cpu, 1, NO_EPT);
    expect(cpu.tlb[1]).not.toBe(0);
    useGuestTlb(cpu, 2, NO_EPT); // evicted: starts empty (and evicts 3)
    expect(cpu.tlb[2]).toBe(0);
    expect(cpu.tlbContexts!.guests).toHaveLength(TLB_GUEST_CONTEXTS);
  });

  it('INVVPID: one address of one VPID; one VPID (keeping globals or not); every VPID but the host', () => {
    const cpu = bareCpu();
    fill(cpu, 7);
    for (const v of [1, 2]) { useGuestTlb(cpu, v, NO_EPT); fill(cpu, 7); fill(cpu, 8); fill(cpu, 9, TLB_VALID | TLB_GLOBAL); }
    useHostTlb(cpu);
    invvpidAddress(cpu, 1, 0x7abc);
    const entries = (v: number): number[] => { useGuestTlb(cpu, v, NO_EPT); const r = [7, 8, 9].map((p) => (cpu.tlb[p] === 0 ? 0 : 1)); useHostTlb(cpu); return r; };
    expect(entries(1)).toEqual([0, 1, 1]);
    expect(entries(2)).toEqual([1, 1, 1]);
    invvpidContext(cpu, 2, true);
    expect(entries(2)).toEqual([0, 0, 1]);
    invvpidContext(cpu, 1, false);
    expect(entries(1)).toEqual([0, 0, 0]);
    invvpidAll(cpu);
    expect(entries(2)).toEqual([0, 0, 0]);
    expect(cpu.tlb[7]).not.toBe(0); // the host's (VPID 0) is not touched
  });

  it('INVEPT: single-context reaches the contexts of that EPTP only; all-context every EPT context', () => {
    const cpu = bareCpu();
    const tags: [number, number][] = [[1, 0x10000], [2, 0x20000], [3, NO_EPT]];
    for (const [v, e] of tags) { useGuestTlb(cpu, v, e); fill(cpu, 4); }
    useHostTlb(cpu);
    const cached = (): boolean[] => tags.map(([v, e]) => { useGuestTlb(cpu, v, e); const r = cpu.tlb[4] !== 0; useHostTlb(cpu); return r; });
    invept(cpu, 0x10000);
    expect(cached()).toEqual([false, true, true]);
    invept(cpu, null);
    expect(cached()).toEqual([false, false, true]); // linear mappings (no EPT) stay
  });
});
