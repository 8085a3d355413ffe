/**
 * describeTranslation (core/mmu-view/describe-translation.ts) on a vCPU in each situation — paging off, native
 * paging, a software VMM's shadow, EPT — and `info tlb`'s describeTlb, checked against what the CPU does.
 */
import { describe, expect, it } from 'vitest';
import { ACC_READ, ACC_WRITE, translate } from '../../../src-main/core/cpu/paging';
import { COST_PAGE_WALK } from '../../../src-main/core/cpu/costs';
import { describeTlb, describeTranslation, EPT_SUPPORT_ALL, cpuPhysReader, mmuContextOf } from '../../../src-main/core/mmu-view';
import { F } from '../../../src-main/core/vmx/vmcs-fields';
import { VMX_NON_ROOT } from '../../../src-main/core/vmx/vmx-state';
import { CPU2_ENABLE_EPT } from '../../../src-main/core/vmx/capabilities';
import type { Vmcs } from '../../../src-main/core/vmx/vmcs';
import { buildEpt, CR4_PSE, EPT_OFFSET as OFFSET, eptGuest, P, pagingOn, PS, RW, US, vcpu } from './tables';

describe('describeTranslation', () => {
  it('paging off: linear = physical, no table read', () => {
    const { cpu } = vcpu();
    const t = describeTranslation(cpu, 0x1234);
    expect(t).toMatchObject({ situation: 'paging-off', physical: 0x1234, refs: 0, guest: null, shadow: null, ept: null });
  });

  it('native: the CPU\'s own tables, the TLB entry once the CPU walked, two references for a 4 KiB page', () => {
    const { cpu, w } = vcpu();
    w(0x10000, 0x11000 | P | RW);
    w(0x11000 + 4 * 7, 0x345000 | P | RW);
    w(0x10000 + 4, 0x00c00000 | P | RW | PS);
    pagingOn(cpu, 0x10000, CR4_PSE);
    const t = describeTranslation(cpu, 0x7008);
    expect(t.situation).toBe('native');
    expect(t.guest!.structure).toBe('native');
    expect(t.physical).toBe(0x345008);
    expect(t.refs).toBe(2);
    expect(t.tlb).toBeNull();
    expect(t.summary).toMatch(/0x00007008 → 0x00345008 \(4 KiB page, 2 table references/);
    expect(translate(cpu, 0x7008, ACC_WRITE)).toBe(0x345008);
    expect(describeTranslation(cpu, 0x7008).tlb).toEqual({ page: 0x7000, frame: 0x345000, supervisorWrite: true, userRead: false, userWrite: false, global: false });
    const big = describeTranslation(cpu, 0x00400010);
    expect(big).toMatchObject({ physical: 0x00c00010, refs: 1 });
    // The inspector's reads store nothing: the CPU's walk set A and D, the describer did not touch the PDE of the 4 MiB page.
    expect(cpu.ram32[(0x10000 + 4) >>> 2]).toBe(0x00c00000 | P | RW | PS);
  });

  it('shadow: the guest tree from the VMM\'s virtual CR3 beside the tree the CPU walks from the real CR3', () => {
    const { cpu, w } = vcpu();
    // Guest tables (virtual CR3 0x20000): 0x5000 → 0x9000. The VMM's tables (real CR3 0x30000) map it to the same frame.
    w(0x20000, 0x21000 | P | RW | US);
    w(0x21000 + 4 * 5, 0x9000 | P | RW | US);
    w(0x30000, 0x31000 | P | RW | US | 0x20);
    w(0x31000 + 4 * 5, 0x9000 | P | US | 0x60);
    pagingOn(cpu, 0x30000);
    cpu.mmuContext = () => ({ guestPaging: true, guestCr3: 0x20000, guestCr4: 0, eptp: null });
    const t = describeTranslation(cpu, 0x5abc);
    expect(t.situation).toBe('shadow');
    expect(t.guest!.structure).toBe('guest');
    expect(t.guest!.root).toBe(0x20000);
    expect(t.shadow!.structure).toBe('shadow');
    expect(t.shadow!.root).toBe(0x30000);
    expect(t.guestPhysical).toBe(0x9abc);
    expect(t.physical).toBe(0x9abc);
    expect(t.refs).toBe(2);
    // A page the guest maps but the shadow does not yet: a hidden fault.
    w(0x21000 + 4 * 6, 0xa000 | P | RW);
    const hidden = describeTranslation(cpu, 0x6000);
    expect(hidden.guest!.output).toBe(0xa000);
    expect(hidden.shadow!.outcome).toBe('not-present');
    expect(hidden.physical).toBeNull();
    expect(hidden.summary).toMatch(/hidden fault/);
    // A page the guest itself does not map: a true fault.
    expect(describeTranslation(cpu, 0x7000).summary).toMatch(/true fault/);
    // The guest's paging off: guest-physical = linear, the VMM's identity tables translate it.
    cpu.mmuContext = () => ({ guestPaging: false, guestCr3: 0, guestCr4: 0, eptp: null });
    expect(describeTranslation(cpu, 0x5abc)).toMatchObject({ guest: null, guestPhysical: 0x5abc, physical: 0x9abc });
  });

  it('EPT: each guest table address and the final guest-physical address through EPT — (2+1)×(4+1)−1 = 14 references', () => {
    const cpu = eptGuest(false);
    const t = describeTranslation(cpu, 0x00402abc, cpuPhysReader(cpu), EPT_SUPPORT_ALL);
    expect(t.situation).toBe('ept');
    expect(t.guestPhysical).toBe(0x123abc);
    expect(t.physical).toBe(0x123abc + OFFSET);
    expect(t.refs).toBe(14);
    const steps = t.guest!.steps;
    expect(steps.map((s) => [s.level, s.entryAddress, s.entryHostAddress])).toEqual([
      ['PDE', 0x10004, 0x10004 + OFFSET],
      ['PTE', 0x11008, 0x11008 + OFFSET],
    ]);
    expect(steps.map((s) => s.ept!.steps.length)).toEqual([4, 4]);
    expect(t.ept!.input).toBe(0x123abc);
    expect(t.ept!.steps.map((s) => s.level)).toEqual(['EPT-PML4E', 'EPT-PDPTE', 'EPT-PDE', 'EPT-PTE']);
    // A 4 MiB guest page: (1+1)×(4+1)−1 = 9.
    expect(describeTranslation(cpu, 0x00812345, cpuPhysReader(cpu), EPT_SUPPORT_ALL)).toMatchObject({ guestPhysical: 0x12345, physical: 0x12345 + OFFSET, refs: 9 });
  });

  it('EPT with 2 MiB pages: (2+1)×(3+1)−1 = 11 references; a guest-physical address EPT does not map is an EPT violation', () => {
    const cpu = eptGuest(true);
    const t = describeTranslation(cpu, 0x00402abc, cpuPhysReader(cpu), EPT_SUPPORT_ALL);
    expect(t).toMatchObject({ guestPhysical: 0x123abc, physical: 0x123abc + OFFSET, refs: 11 });
    // The guest maps a page at gpa 0x01000000, beyond what EPT maps.
    cpu.ram32[(0x11000 + 4 * 3 + OFFSET) >>> 2] = 0x01000000 | P;
    const v = describeTranslation(cpu, 0x00403000, cpuPhysReader(cpu), EPT_SUPPORT_ALL);
    expect(v.guestPhysical).toBe(0x01000000);
    expect(v.physical).toBeNull();
    expect(v.ept!.outcome).toBe('not-present');
    expect(v.summary).toMatch(/EPT violation/);
    // A guest page directory EPT does not map: the guest walk stops before reading it.
    cpu.mmuContext = () => ({ guestPaging: true, guestCr3: 0x02000000, guestCr4: 0, eptp: buildEpt(() => undefined, 0, true) });
    const u = describeTranslation(cpu, 0, cpuPhysReader(cpu), EPT_SUPPORT_ALL);
    expect(u.guest!.steps[0]!.outcome).toBe('ept-violation');
    expect(u.physical).toBeNull();
  });
});

/** Where the bare-metal guest's page directory sits (any RAM will do: the test reads only the context). */
const OFFSET_BARE = 0x10000;

describe('mmuContextOf', () => {
  it('natively: null; in VMX non-root with "enable EPT": the current VMCS\'s EPT pointer, also completing a VMM\'s provider', () => {
    const { cpu, w } = vcpu();
    expect(mmuContextOf(cpu)).toBeNull();
    pagingOn(cpu, 0x10000 + OFFSET_BARE, CR4_PSE);
    const eptp = buildEpt(w, 0, true);
    // A bare-metal hypervisor's guest: only the VMCS tells (its EPT pointer field, as VMREAD would read it).
    cpu.vmx.current = { read: (enc: number) => (enc === F.EPT_POINTER ? eptp : 0) } as unknown as Vmcs;
    cpu.vmxMode = VMX_NON_ROOT;
    expect(mmuContextOf(cpu)).toBeNull(); // "enable EPT" off
    cpu.vmx.cpu2Controls = CPU2_ENABLE_EPT;
    expect(mmuContextOf(cpu)).toEqual({ guestPaging: true, guestCr3: 0x10000 + OFFSET_BARE, guestCr4: CR4_PSE, eptp });
    const t = describeTranslation(cpu, 0x1000, cpuPhysReader(cpu), EPT_SUPPORT_ALL);
    expect(t.situation).toBe('ept');
    cpu.mmuContext = () => ({ guestPaging: false, guestCr3: 0, guestCr4: 0, eptp: null });
    expect(mmuContextOf(cpu)).toEqual({ guestPaging: false, guestCr3: 0, guestCr4: 0, eptp });
  });
});

describe('describeTlb', () => {
  it('counts what the CPU counted and lists the cached pages in order', () => {
    const { cpu, w } = vcpu();
    w(0x10000, 0x11000 | P | RW | US);
    for (let i = 0; i < 16; i++) w(0x11000 + 4 * i, ((0x100 + i) << 12) | P | RW | US);
    pagingOn(cpu, 0x10000);
    for (const page of [9, 3, 3, 5, 9, 9]) translate(cpu, page << 12, ACC_READ);
    const v = describeTlb(cpu);
    expect(v.filled).toBe(3);
    expect(v.misses).toBe(cpu.eventCounts[COST_PAGE_WALK]);
    expect(v.misses).toBe(3);
    expect(v.hits).toBe(3);
    expect(v.walkRefs).toBe(6);
    expect(v.refsPerWalk).toBe(2);
    expect(v.entries.map((e) => [e.page, e.frame, e.userRead])).toEqual([[0x3000, 0x103000, true], [0x5000, 0x105000, true], [0x9000, 0x109000, true]]);
    expect(describeTlb(cpu, 1).entries).toHaveLength(1);
    cpu.flushTlb(false);
    expect(describeTlb(cpu)).toMatchObject({ filled: 0, flushes: 1, entries: [] });
  });
});
