/** How `virtlab debug` prints `page ADDR` and `info tlb` (cli/debugger/format-mmu.ts), on hand-built tables. */
import { describe, expect, it } from 'vitest';
import { formatPage, formatTlb } from '../../../src-main/cli/debugger/format-mmu';
import { cpuPhysReader, describeTlb, describeTranslation, EPT_SUPPORT_ALL } from '../../../src-main/core/mmu-view';
import { ACC_READ, translate } from '../../../src-main/core/cpu/paging';
import { eptGuest, EPT_OFFSET, P, pagingOn, RW, vcpu } from '../mmu-view/tables';

describe('formatPage', () => {
  it('under EPT prints each guest entry after the EPT walk of its address, then the final EPT walk', () => {
    const cpu = eptGuest(false);
    const text = formatPage(0, describeTranslation(cpu, 0x00402abc, cpuPhysReader(cpu), EPT_SUPPORT_ALL));
    const lines = text.split('\n');
    expect(lines[0]).toBe(`vCPU 0: 0x00402abc → guest-physical 0x00123abc → host-physical 0x${(0x123abc + EPT_OFFSET).toString(16).padStart(8, '0')} (14 table references per TLB miss: guest and EPT)`);
    expect(lines[1]).toBe("guest's page tables (CR3 0x00010000): 0x00402abc → 0x00123abc (supervisor, read/write), 10 references");
    expect(lines[2]).toBe('  PDE entry address 0x00010004 is guest-physical: through EPT');
    expect(lines.slice(3, 7).map((l) => l.trim().split(/\s+/)[0])).toEqual(['EPT-PML4E', 'EPT-PDPTE', 'EPT-PDE', 'EPT-PTE']);
    expect(lines[6]).toMatch(/^ {6}EPT-PTE +0x00803000\[ 16\] @ 0x00803080 = 0x0000000000410037 \[R W X MT=WB\] → 4 KiB page 0x00410000$/);
    expect(lines[7]).toBe('  PDE       0x00010000[  1] @ 0x00010004 (host 0x00410004) = 0x00011003 [P RW] → table 0x00011000');
    expect(text).toContain('EPT (EPT PML4 0x00800000, guest-physical 0x00123abc): 0x00123abc → 0x00523abc (RWX), 4 references');
    expect(lines.at(-1)).toBe('TLB: no entry for this page');
  });

  it('names the stop and its reason', () => {
    const { cpu, w } = vcpu();
    w(0x10000, 0x11000 | P | RW);
    pagingOn(cpu, 0x10000);
    expect(formatPage(1, describeTranslation(cpu, 0x2000))).toBe([
      'vCPU 1: 0x00002000: P = 0: #PF (CR3 0x00010000)',
      'page tables (CR3 0x00010000): stops: not-present, 2 references',
      '  PDE       0x00010000[  0] @ 0x00010000 = 0x00011003 [P RW] → table 0x00011000',
      '  PTE       0x00011000[  2] @ 0x00011008 = 0x00000000 [] ✗ not-present: P = 0: #PF',
      'TLB: no entry for this page',
    ].join('\n'));
  });
});

describe('formatTlb', () => {
  it('prints the counters, the entries up to the limit and how many more there are', () => {
    const { cpu, w } = vcpu();
    w(0x10000, 0x11000 | P | RW);
    for (let i = 0; i < 4; i++) w(0x11000 + 4 * i, ((0x200 + i) << 12) | P | RW);
    pagingOn(cpu, 0x10000);
    for (const page of [0, 1, 2, 2]) translate(cpu, page << 12, ACC_READ);
    expect(formatTlb(0, describeTlb(cpu, 2))).toBe([
      'vCPU 0: TLB holds 3 page(s); 1 hits, 3 misses (page walks), 6 table references (2.00 per walk), 0 flushes',
      '  0x00000000 → 0x00200000 (supervisor read)',
      '  0x00001000 → 0x00201000 (supervisor read)',
      '  … 1 more',
    ].join('\n'));
  });
});
