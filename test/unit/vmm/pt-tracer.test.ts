/**
 * Page-table tracing (core/vmm/mmu): which pages a VMM watches for a guest address space, how writes to them
 * are recognised and charged per technique, and how watches are shared between tracers of one VM.
 */
import { describe, expect, it } from 'vitest';
import { Cpu, createSharedCodeState, PAGE_CODE, PAGE_RAM, PAGE_WATCHED, type CpuOptions } from '../../../src-main/core/cpu/cpu';
import { unwatchPage, watchablePage, watchPage } from '../../../src-main/core/cpu/page-watch';
import { writePhys32, writePhys8 } from '../../../src-main/core/cpu/memory';
import { translate, ACC_WRITE, ACC_USER, ACC_READ } from '../../../src-main/core/cpu/paging';
import { CR0_PE, CR0_PG, CR0_WP, CR4_PSE } from '../../../src-main/core/cpu/state';
import { COST_BT_CALLOUT, COST_EMULATION, COST_SHADOW_SYNC, COST_TRAP_TO_VMM, COST_VM_ENTRY, COST_VM_EXIT, COST_VMM_PAGE_WALK } from '../../../src-main/core/cpu/costs';
import { cpuCostVector, VTX_GEN1 } from '../../../src-main/core/cost';
import { GuestWalk, PageTableTracer, ShadowPagingModel, walkGuest } from '../../../src-main/core/vmm/mmu';
import { SV, SV_SLOTS } from '../../../src-main/core/vmm/soft/vmm-stats';
import { TestBus } from '../cpu/harness';

const MEM = 16 << 20;
const PD = 0x10000, PT0 = 0x11000, PT2 = 0x12000, PT3 = 0x13000, PD_B = 0x20000, PT_B = 0x21000, PD_C = 0x30000;

function machine(options: CpuOptions = {}, ram: Uint8Array = new Uint8Array(MEM)): Cpu {
  return new Cpu({ u8: ram, size: MEM }, new TestBus(), null, null, options);
}

const P = 1, RW = 2, US = 4, PS = 0x80;

/** PD: PDE0 → PT0 (maps 0–4 MiB 4 KiB-wise, identity), PDE1 a 4 MiB page at 4 MiB, PDE2 → PT2 (one page, read-only). */
function buildTables(cpu: Cpu): void {
  const w = (a: number, v: number): void => { cpu.ram32[a >>> 2] = v; };
  w(PD, PT0 | P | RW | US);
  w(PD + 4, 0x400000 | P | RW | US | PS);
  w(PD + 8, PT2 | P | RW | US);
  for (let i = 0; i < 1024; i++) w(PT0 + 4 * i, (i << 12) | P | RW | US);
  w(PT2, 0x800000 | P | US); // 8 MiB → 8 MiB, read-only
  w(PD_B, PT_B | P | RW);
  w(PT_B, 0x5000 | P | RW);
}

const watched = (cpu: Cpu, a: number): boolean => cpu.pageKind[a >>> 12] === PAGE_WATCHED;

describe('page-table tracer', () => {
  it('watches the directory and every page table a present PDE refers to; a 4 MiB PDE has none (under PSE)', () => {
    const cpu = machine();
    buildTables(cpu);
    const t = new PageTableTracer(cpu);
    t.load(PD, true);
    expect([PD, PT0, PT2].map((a) => watched(cpu, a))).toEqual([true, true, true]);
    expect(watched(cpu, 0x400000)).toBe(false);
    expect(t.tracedPages).toBe(3);
    expect([t.active, t.cr3, t.pse]).toEqual([true, PD, true]);
    // Without PSE the PS bit means nothing: PDE1 points at a page table at 4 MiB.
    t.load(PD, false);
    expect(watched(cpu, 0x400000)).toBe(true);
    expect(t.tracedPages).toBe(4);
    t.disable();
    expect(t.tracedPages).toBe(0);
    expect([PD, PT0, PT2, 0x400000].some((a) => watched(cpu, a))).toBe(false);
    expect(cpu.pageWatchers.every((n) => n === 0)).toBe(true);
    expect(t.active).toBe(false);
  });

  it('follows writes to the directory: a new page table is traced, one no longer referenced is released', () => {
    const cpu = machine();
    buildTables(cpu);
    const t = new PageTableTracer(cpu);
    cpu.pageWriteHook = (_c, p, bytes) => { t.onWrite(p, bytes); };
    t.load(PD, true);
    writePhys32(cpu, PD + 12, PT3 | P | RW);
    expect(watched(cpu, PT3)).toBe(true);
    writePhys32(cpu, PD, 0); // PDE0 cleared: PT0 is no page table any more
    expect(watched(cpu, PT0)).toBe(false);
    expect(t.isPageTable(PT0 >>> 12)).toBe(false);
    writePhys32(cpu, PD + 8, PT3 | P); // PDE2 now also points at PT3: PT2 released, PT3 held twice
    expect(watched(cpu, PT2)).toBe(false);
    writePhys32(cpu, PD + 12, 0);
    expect(watched(cpu, PT3)).toBe(true);
    // Byte writes re-read the PDE they fall in.
    writePhys32(cpu, PD + 16, 0);
    writePhys8(cpu, PD + 17, (PT0 >>> 8) & 0xff);
    writePhys8(cpu, PD + 18, PT0 >>> 16);
    expect(watched(cpu, PT0)).toBe(false); // not present yet
    writePhys8(cpu, PD + 16, P);
    expect(watched(cpu, PT0)).toBe(true);
    expect(t.tracedPages).toBe(3); // PD, PT3, PT0
  });

  it('keeps the most recently loaded address spaces traced (a switch back rescans nothing) and evicts the oldest', () => {
    const cpu = machine();
    buildTables(cpu);
    const t = new PageTableTracer(cpu, 2);
    t.load(PD, true);
    t.load(PD_B, true);
    expect(t.scans).toBe(2);
    t.load(PD, true);
    expect(t.scans).toBe(2);
    expect(watched(cpu, PT_B)).toBe(true); // not loaded, still cached: its tables stay write-protected
    t.load(PD_C, true); // evicts PD_B, the least recently loaded
    expect(t.scans).toBe(3);
    expect([watched(cpu, PD_B), watched(cpu, PT_B), watched(cpu, PD), watched(cpu, PT0), watched(cpu, PD_C)]).toEqual([false, false, true, true, true]);
  });

  it('drops a cached address space whose directory is rewritten while another is loaded (write flooding), never the loaded one', () => {
    const cpu = machine();
    buildTables(cpu);
    const t = new PageTableTracer(cpu);
    cpu.pageWriteHook = (_c, p, bytes) => { t.onWrite(p, bytes); };
    t.load(PD_B, true);
    t.load(PD, true);
    const counted = [1, 2, 3, 4].map((i) => t.onWrite(PD_B + 4 * i, 4));
    expect(counted).toEqual([true, true, true, false]); // the third store drops PD_B's address space
    expect([watched(cpu, PD_B), watched(cpu, PT_B), t.flooded]).toEqual([false, false, 1]);
    for (let i = 0; i < 10; i++) writePhys32(cpu, PD + 4 * 100, 0); // the loaded one stays traced
    expect(watched(cpu, PD)).toBe(true);
    t.load(PD_B, true); // loading it again scans afresh
    expect(watched(cpu, PT_B)).toBe(true);
  });

  it('tracers of several vCPUs share the watch: the page stays watched until the last one lets go', () => {
    const shared = createSharedCodeState(MEM);
    const ram = new Uint8Array(new SharedArrayBuffer(MEM));
    const a = machine({ sharedCode: shared }, ram), b = machine({ sharedCode: shared }, ram);
    buildTables(a);
    const ta = new PageTableTracer(a), tb = new PageTableTracer(b);
    ta.load(PD, true);
    tb.load(PD, true);
    expect(shared.pageWatchers[PT0 >>> 12]).toBe(2);
    ta.disable();
    expect(watched(b, PT0)).toBe(true);
    tb.disable();
    expect(watched(b, PT0)).toBe(false);
  });

  it('the last unwatch hands the page back to the code-tracking path (PAGE_CODE), which a store on one vCPU turns into plain RAM', () => {
    const cpu = machine();
    watchPage(cpu, 0x40);
    watchPage(cpu, 0x40);
    unwatchPage(cpu, 0x40);
    expect(cpu.pageKind[0x40]).toBe(PAGE_WATCHED);
    unwatchPage(cpu, 0x40);
    expect(cpu.pageKind[0x40]).toBe(PAGE_CODE);
    writePhys32(cpu, 0x40000, 1);
    expect(cpu.pageKind[0x40]).toBe(PAGE_RAM);
    expect([watchablePage(cpu, 0xa0), watchablePage(cpu, MEM >>> 12), watchablePage(cpu, 0x40)]).toEqual([false, false, true]);
  });

  it('does not watch firmware pages or pages outside RAM', () => {
    const cpu = machine();
    cpu.ram32[PD >>> 2] = 0xa0000 | P; // a "page table" in the firmware area
    cpu.ram32[(PD >>> 2) + 1] = 0xfec00000 | P; // and one outside RAM
    const t = new PageTableTracer(cpu);
    t.load(PD, false);
    expect(t.tracedPages).toBe(1);
    expect(cpu.pageKind[0xa0]).not.toBe(PAGE_WATCHED);
  });
});

describe('shadow-paging cost model', () => {
  function pagingCpu(): { cpu: Cpu; stats: Float64Array } {
    const cpu = machine({ costs: cpuCostVector(VTX_GEN1) });
    buildTables(cpu);
    cpu.cr3 = PD; cpu.cr4 = CR4_PSE; cpu.cr0 = CR0_PE | CR0_PG | CR0_WP; cpu.pagingOn = true;
    return { cpu, stats: new Float64Array(SV_SLOTS) };
  }

  const techniques = [
    ['vtx', [COST_VM_EXIT, COST_EMULATION, COST_SHADOW_SYNC, COST_VM_ENTRY]],
    ['trap', [COST_TRAP_TO_VMM, COST_EMULATION, COST_SHADOW_SYNC]],
    ['bt', [COST_BT_CALLOUT, COST_SHADOW_SYNC]],
  ] as const;

  for (const [technique, kinds] of techniques) {
    it(`${technique}: a guest store to a traced page table is charged ${kinds.length} events and counted`, () => {
      const { cpu, stats } = pagingCpu();
      const m = new ShadowPagingModel(cpu, technique, stats);
      cpu.pageWriteHook = (_c, p, bytes) => { m.onPageWrite(p, bytes); };
      m.onPagingState(true, PD, true);
      const before = cpu.cycles;
      writePhys32(cpu, PT0 + 8, 0); // a PTE write
      writePhys32(cpu, 0x300000, 1); // ordinary data: no hook, no charge
      const expected = kinds.reduce((s, k) => s + cpu.costs![k]!, 0);
      expect(cpu.cycles - before).toBe(expected);
      expect(stats[SV.ptWrites]).toBe(1);
      for (const k of kinds) expect(cpu.eventCounts[k]).toBe(1);
    });
  }

  it('accessed and dirty bits the page walk stores are not guest page-table writes', () => {
    const { cpu, stats } = pagingCpu();
    const m = new ShadowPagingModel(cpu, 'vtx', stats);
    cpu.pageWriteHook = (_c, p, bytes) => { m.onPageWrite(p, bytes); };
    m.onPagingState(true, PD, true);
    expect(translate(cpu, 0x3000, ACC_WRITE)).toBe(0x3000); // sets A in PDE0, A and D in the PTE
    expect(cpu.ram32[(PT0 >>> 2) + 3]! & 0x60).toBe(0x60);
    expect(stats[SV.ptWrites]).toBe(0);
    expect(cpu.eventCounts[COST_VM_EXIT]).toBe(0);
  });

  it('a guest page fault is walked in software (charged) and is a true fault; a CR3 load re-traces', () => {
    const { cpu, stats } = pagingCpu();
    const m = new ShadowPagingModel(cpu, 'trap', stats);
    m.onPagingState(true, PD, true);
    expect(m.onGuestPageFault(0x800000, 7)).toBe(true);
    expect(cpu.eventCounts[COST_VMM_PAGE_WALK]).toBe(1);
    expect([m.lastWalk.fault, m.lastWalk.errorCode]).toEqual([true, 7]);
    m.onCr3Load(PD_B);
    expect(m.tracer.cr3).toBe(PD_B);
    expect(watched(cpu, PT_B)).toBe(true);
    m.onPagingState(false, PD_B, true);
    m.onCr3Load(PD); // paging off: remembered by the VMM, nothing traced
    expect(m.tracer.tracedPages).toBe(0);
  });
});

describe('software guest walk', () => {
  it('agrees with the hardware walk on translations and #PF error codes', () => {
    const cpu = machine();
    buildTables(cpu);
    cpu.cr3 = PD; cpu.cr4 = CR4_PSE; cpu.cr0 = CR0_PE | CR0_PG | CR0_WP; cpu.pagingOn = true;
    const out = new GuestWalk();
    const cases: [number, number][] = [];
    for (const lin of [0x1234, 0x3ff000, 0x401234, 0x7fffff, 0x800010, 0x801000, 0xc00000, 0xfff0_0000]) {
      for (const acc of [ACC_READ, ACC_WRITE, ACC_USER, ACC_USER | ACC_WRITE]) cases.push([lin, acc]);
    }
    for (const [lin, acc] of cases) {
      cpu.exc = -1;
      cpu.flushTlb(false);
      const hw = translate(cpu, lin, acc);
      const code = ((acc & ACC_WRITE) !== 0 ? 2 : 0) | ((acc & ACC_USER) !== 0 ? 4 : 0);
      walkGuest(cpu, PD, true, true, lin, code, out);
      if (hw >= 0) expect({ lin, acc, phys: out.phys, fault: out.fault }).toEqual({ lin, acc, phys: hw, fault: false });
      else expect({ lin, acc, fault: out.fault, code: out.errorCode }).toEqual({ lin, acc, fault: true, code: cpu.excCode });
    }
    // Supervisor write to a read-only page: allowed without CR0.WP.
    expect(walkGuest(cpu, PD, true, false, 0x800000, 2, out).fault).toBe(false);
  });
});
