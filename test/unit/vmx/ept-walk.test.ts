/**
 * The two-dimensional walk (cpu/ept.ts) on a bare vCPU in VMX non-root with EPT: how many paging-structure
 * entries a TLB miss reads ((2 + 1) × (4 + 1) − 1 = 14 for a 2-level guest over 4-level EPT with 4 KiB pages,
 * fewer with 2 MiB EPT pages or 4 MiB guest pages), what the TLB caches, and the EPT violations (qualification
 * bits of SDM table 28-7, guest-physical and guest-linear addresses) and misconfigurations (SDM 29.3.3.1) a
 * walk raises. EPT here maps guest-physical G to host-physical G + 16 MiB, so a result that skipped EPT shows.
 */
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { COST_EPT_WALK, COST_PAGE_WALK } from '../../../src-main/core/cpu/costs';
import { EXC_EPT_MISCONFIG, EXC_EPT_VIOLATION } from '../../../src-main/core/cpu/ept';
import { ACC_FETCH, ACC_WRITE, peekTranslate, translate } from '../../../src-main/core/cpu/paging';
import { CR0_PE, CR0_PG, CR0_WP, CR4_PSE } from '../../../src-main/core/cpu/state';
import { VMX_NON_ROOT } from '../../../src-main/core/vmx/vmx-state';
import { TestBus } from '../cpu/harness';

const MiB = 1 << 20;
const SHIFT = 16 * MiB;                      // host-physical = guest-physical + 16 MiB
const EPT_PML4 = 0x10000, EPT_PDPT = 0x11000, EPT_PD = 0x12000, EPT_PT = 0x13000; // host-physical, 8 PTs
const GUEST_PD = 0x100000, GUEST_PT = 0x101000;  // guest-physical
const RWX = 7, WB = 6 << 3;

interface Setup { cpu: Cpu; ept2M: boolean }

function setup(options: { ept2M?: boolean; guest4M?: boolean } = {}): Setup {
  const size = 64 * MiB;
  const ram = { u8: new Uint8Array(size), size };
  const cpu = new Cpu(ram, new TestBus(), null, null);
  const w32 = (p: number, v: number): void => { cpu.ram32[p >>> 2] = v | 0; };
  w32(EPT_PML4, EPT_PDPT | RWX);
  w32(EPT_PDPT, EPT_PD | RWX);
  for (let i = 0; i < 8; i++) { // guest-physical 0–16 MiB
    if (options.ept2M) w32(EPT_PD + 8 * i, (SHIFT + i * 2 * MiB) | 0x80 | WB | RWX);
    else {
      w32(EPT_PD + 8 * i, (EPT_PT + i * 0x1000) | RWX);
      for (let j = 0; j < 512; j++) w32(EPT_PT + i * 0x1000 + 8 * j, (SHIFT + i * 2 * MiB + j * 0x1000) | WB | RWX);
    }
  }
  // The guest: 0x400000–0x7fffff through GUEST_PT (linear = guest-physical), or one 4 MiB page.
  if (options.guest4M) w32(SHIFT + GUEST_PD + 4, 0x400000 | 0x87);
  else {
    w32(SHIFT + GUEST_PD + 4, GUEST_PT | 7);
    for (let j = 0; j < 1024; j++) w32(SHIFT + GUEST_PT + 4 * j, (0x400000 + j * 0x1000) | 7);
  }
  cpu.cr0 = CR0_PE | CR0_PG | CR0_WP;
  cpu.cr4 = options.guest4M ? CR4_PSE : 0;
  cpu.cr3 = GUEST_PD;
  cpu.pagingOn = true;
  cpu.vmxMode = VMX_NON_ROOT;
  cpu.eptRoot = EPT_PML4;
  return { cpu, ept2M: options.ept2M ?? false };
}

/** Host-physical address of the 8-byte EPT PTE that maps guest-physical `gpa` (4 KiB EPT pages). */
const eptPte = (gpa: number): number => EPT_PT + (gpa >>> 21) * 0x1000 + ((gpa >>> 12) & 0x1ff) * 8;

function refsOf(cpu: Cpu, lin: number, access = 0): { phys: number; refs: number; eptRefs: number } {
  const r0 = cpu.walkRefs, e0 = cpu.eptWalkRefs;
  const phys = translate(cpu, lin, access);
  return { phys, refs: cpu.walkRefs - r0, eptRefs: cpu.eptWalkRefs - e0 };
}

describe('the two-dimensional walk: references per TLB miss', () => {
  it('2-level guest over 4-level EPT with 4 KiB pages: 14 references (12 of them EPT), then a TLB hit', () => {
    const { cpu } = setup();
    const miss = refsOf(cpu, 0x412345);
    expect(miss).toEqual({ phys: SHIFT + 0x412345, refs: 14, eptRefs: 12 });
    expect(cpu.eventCounts[COST_PAGE_WALK]).toBe(1);
    expect(cpu.eventCounts[COST_EPT_WALK]).toBe(1); // the cost model's EPT walk, on top of the TLB miss
    const hits = cpu.tlbHits;
    expect(refsOf(cpu, 0x412ffc)).toEqual({ phys: SHIFT + 0x412ffc, refs: 0, eptRefs: 0 });
    expect(cpu.tlbHits).toBe(hits + 1);
  });

  it('2 MiB EPT pages: each EPT walk has 3 levels — 3 + 1 + 3 + 1 + 3 = 11', () => {
    const { cpu } = setup({ ept2M: true });
    expect(refsOf(cpu, 0x412345)).toEqual({ phys: SHIFT + 0x412345, refs: 11, eptRefs: 9 });
  });

  it('a 4 MiB guest page: no guest PTE — 4 + 1 + 4 = 9; with 2 MiB EPT pages 3 + 1 + 3 = 7', () => {
    expect(refsOf(setup({ guest4M: true }).cpu, 0x412345)).toEqual({ phys: SHIFT + 0x412345, refs: 9, eptRefs: 8 });
    expect(refsOf(setup({ guest4M: true, ept2M: true }).cpu, 0x412345)).toEqual({ phys: SHIFT + 0x412345, refs: 7, eptRefs: 6 });
  });

  it('sets the guest A/D bits in guest-physical memory (host-physical + 16 MiB)', () => {
    const { cpu } = setup();
    translate(cpu, 0x413000, ACC_WRITE);
    expect(cpu.ram32[(SHIFT + GUEST_PD + 4) >>> 2]! & 0x20).toBe(0x20);
    expect(cpu.ram32[(SHIFT + GUEST_PT + 0x13 * 4) >>> 2]! & 0x60).toBe(0x60);
  });

  it('peekTranslate goes through EPT too, without counting', () => {
    const { cpu } = setup();
    expect(peekTranslate(cpu, 0x412345)).toBe(SHIFT + 0x412345);
    expect(cpu.walkRefs).toBe(0);
  });
});

describe('the combined translation in the TLB', () => {
  it('a read-only EPT page is cached without write permission: a write walks again and violates', () => {
    const { cpu } = setup();
    cpu.ram32[eptPte(0x412000) >>> 2] = (SHIFT + 0x412000) | WB | 5; // R and X
    expect(translate(cpu, 0x412000, 0)).toBe(SHIFT + 0x412000);
    const walks = cpu.eventCounts[COST_PAGE_WALK]!;
    expect(translate(cpu, 0x412000, ACC_WRITE)).toBe(-1);
    expect(cpu.eventCounts[COST_PAGE_WALK]).toBe(walks + 1);
    expect(cpu.exc).toBe(EXC_EPT_VIOLATION);
    // write (bit 1) | readable, executable (bits 3, 5) | linear address valid (7) | the translation (8)
    expect(cpu.vmx.eptQualification).toBe(0x2 | (5 << 3) | 0x180);
    expect(cpu.vmx.eptGpa).toBe(0x412000);
    expect(cpu.vmx.eptLinear).toBe(0x412000);
  });

  it('a page EPT does not make executable is not cached: reads walk every time, a fetch violates', () => {
    const { cpu } = setup();
    cpu.ram32[eptPte(0x412000) >>> 2] = (SHIFT + 0x412000) | WB | 3; // R and W
    expect(refsOf(cpu, 0x412010).refs).toBe(14);
    expect(refsOf(cpu, 0x412010).refs).toBe(14);
    expect(translate(cpu, 0x412010, ACC_FETCH)).toBe(-1);
    expect(cpu.exc).toBe(EXC_EPT_VIOLATION);
    expect(cpu.vmx.eptQualification).toBe(0x4 | (3 << 3) | 0x180);
    expect(cpu.vmx.eptGpa).toBe(0x412010);
  });
});

describe('EPT violations: qualification, guest-physical and guest-linear address', () => {
  it('the final page not present: a read, permissions 0, bits 7 and 8', () => {
    const { cpu } = setup();
    cpu.ram32[eptPte(0x412000) >>> 2] = 0;
    expect(translate(cpu, 0x412abc, 0)).toBe(-1);
    expect(cpu.exc).toBe(EXC_EPT_VIOLATION);
    expect(cpu.vmx.eptQualification).toBe(0x1 | 0x180);
    expect(cpu.vmx.eptGpa).toBe(0x412abc);
    expect(cpu.vmx.eptLinear).toBe(0x412abc);
  });

  it('the guest page table not present in EPT: a read of the PTE, bit 7 without bit 8, the PTE address', () => {
    const { cpu } = setup();
    cpu.ram32[eptPte(GUEST_PT) >>> 2] = 0;
    expect(translate(cpu, 0x412abc, ACC_WRITE)).toBe(-1);
    expect(cpu.vmx.eptQualification).toBe(0x1 | 0x80);
    expect(cpu.vmx.eptGpa).toBe(GUEST_PT + 0x12 * 4);
    expect(cpu.vmx.eptLinear).toBe(0x412abc);
  });

  it('an accessed-bit store into a read-only guest page table is an EPT write', () => {
    const { cpu } = setup();
    cpu.ram32[eptPte(GUEST_PT) >>> 2] = (SHIFT + GUEST_PT) | WB | 5;
    expect(translate(cpu, 0x412000, 0)).toBe(-1);
    expect(cpu.vmx.eptQualification).toBe(0x2 | (5 << 3) | 0x80);
    expect(cpu.vmx.eptGpa).toBe(GUEST_PT + 0x12 * 4);
  });

  it('a guest #PF comes before the final access is translated', () => {
    const { cpu } = setup();
    cpu.ram32[(SHIFT + GUEST_PT + 0x12 * 4) >>> 2] = 0;
    cpu.ram32[eptPte(0x412000) >>> 2] = 0;
    expect(translate(cpu, 0x412000, 0)).toBe(-1);
    expect(cpu.exc).toBe(14);
    expect(cpu.cr2).toBe(0x412000);
  });

  it('a not-present upper EPT level: permissions 0 whatever the levels above allowed', () => {
    const { cpu } = setup();
    cpu.ram32[(EPT_PD + 8 * 2) >>> 2] = 0; // guest-physical 4–6 MiB
    expect(translate(cpu, 0x412000, ACC_WRITE)).toBe(-1);
    expect(cpu.vmx.eptQualification).toBe(0x2 | 0x180);
  });
});

describe('EPT misconfigurations (SDM 29.3.3.1)', () => {
  // [name, poke, guest-physical address reported (default: the final access's)]
  const cases: [string, (cpu: Cpu) => void, number?][] = [
    ['write without read (010b)', (cpu) => { cpu.ram32[eptPte(0x412000) >>> 2] = (SHIFT + 0x412000) | WB | 2; }],
    ['write/execute without read (110b)', (cpu) => { cpu.ram32[(EPT_PD + 16) >>> 2] = (EPT_PT + 0x2000) | 6; }],
    ['execute-only (100b), which IA32_VMX_EPT_VPID_CAP bit 0 does not offer', (cpu) => { cpu.ram32[eptPte(0x412000) >>> 2] = (SHIFT + 0x412000) | WB | 4; }],
    // The upper levels serve the guest PDE's address too, which is translated first.
    ['reserved bit 3 in the PML4E', (cpu) => { cpu.ram32[EPT_PML4 >>> 2] = EPT_PDPT | RWX | 8; }, GUEST_PD + 4],
    ['bit 7 in a PDPTE (no 1 GiB pages)', (cpu) => { cpu.ram32[EPT_PDPT >>> 2] = EPT_PD | RWX | 0x80; }, GUEST_PD + 4],
    ['reserved bits 6:3 in a PDE that references a table', (cpu) => { cpu.ram32[(EPT_PD + 16) >>> 2] = (EPT_PT + 0x2000) | RWX | 0x40; }],
    ['reserved bits 20:12 in a 2 MiB PDE', (cpu) => { cpu.ram32[(EPT_PD + 16) >>> 2] = (SHIFT + 4 * MiB) | 0x1000 | 0x80 | WB | RWX; }],
    ['an address beyond the 32-bit physical-address width', (cpu) => { cpu.ram32[(eptPte(0x412000) + 4) >>> 2] = 1; }],
    ['memory type 2 in the leaf', (cpu) => { cpu.ram32[eptPte(0x412000) >>> 2] = (SHIFT + 0x412000) | (2 << 3) | RWX; }],
    ['memory type 3 in the leaf', (cpu) => { cpu.ram32[eptPte(0x412000) >>> 2] = (SHIFT + 0x412000) | (3 << 3) | RWX; }],
    ['memory type 7 in a 2 MiB leaf', (cpu) => { cpu.ram32[(EPT_PD + 16) >>> 2] = (SHIFT + 4 * MiB) | 0x80 | (7 << 3) | RWX; }],
  ];
  for (const [name, poke, gpa] of cases) {
    it(name, () => {
      const { cpu } = setup();
      poke(cpu);
      expect(translate(cpu, 0x412abc, 0)).toBe(-1);
      expect(cpu.exc).toBe(EXC_EPT_MISCONFIG);
      expect(cpu.vmx.eptGpa).toBe(gpa ?? 0x412abc);
    });
  }

  it('a not-present entry with reserved bits set is a violation, not a misconfiguration', () => {
    const { cpu } = setup();
    cpu.ram32[eptPte(0x412000) >>> 2] = 0x78;
    expect(translate(cpu, 0x412000, 0)).toBe(-1);
    expect(cpu.exc).toBe(EXC_EPT_VIOLATION);
  });

  it('memory type UC (0) and the ignored bits are accepted', () => {
    const { cpu } = setup();
    cpu.ram32[eptPte(0x412000) >>> 2] = (SHIFT + 0x412000) | 0x40 | 0x80 | RWX; // IPAT, bit 7 ignored in a PTE
    cpu.ram32[(eptPte(0x412000) + 4) >>> 2] = 0xfff00000 | 0; // bits 63:52 ignored
    expect(translate(cpu, 0x412abc, 0)).toBe(SHIFT + 0x412abc);
  });
});

describe('the two-dimensional walk agrees with the native walk', () => {
  /** A deterministic pseudo-random sequence (xorshift32). */
  function rng(seed: number): () => number {
    let x = seed | 0;
    return () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x >>> 0; };
  }

  /** The same random guest tables at `base` + guest-physical: PDEs 1–3 (4–16 MiB) are 4 MiB pages or tables at 0x103000–0x105000. */
  function randomTables(cpu: Cpu, base: number, seed: number): void {
    const g = rng(seed);
    const w = (p: number, v: number): void => { cpu.ram32[(base + p) >>> 2] = v | 0; };
    for (let i = 1; i < 4; i++) {
      const flags = (g() & 7) | 1; // present, random R/W and U/S
      w(GUEST_PD + 4 * i, (g() & 3) === 0 ? (i << 22) | 0x80 | flags : (0x102000 + 0x1000 * i) | flags);
      for (let j = 0; j < 1024; j++) {
        const r = g();
        w(0x102000 + 0x1000 * i + 4 * j, (r & 7) === 0 ? 0 : (0x400000 + ((r >>> 8) & 0x7ff) * 0x1000) | (r & 7) | 1);
      }
    }
  }

  for (const wp of [false, true]) {
    it(`over an EPT mapping everything RWX at +16 MiB (CR0.WP = ${wp ? 1 : 0}): same frames, #PF codes, CR2, A/D bits`, () => {
      const ept = setup().cpu;
      const size = 64 * MiB;
      const nat = new Cpu({ u8: new Uint8Array(size), size }, new TestBus(), null, null);
      randomTables(ept, SHIFT, 777);
      randomTables(nat, 0, 777);
      for (const cpu of [ept, nat]) {
        cpu.cr0 = CR0_PE | CR0_PG | (wp ? CR0_WP : 0); cpu.cr4 = CR4_PSE; cpu.cr3 = GUEST_PD; cpu.pagingOn = true;
      }
      const next = rng(wp ? 99 : 42);
      let faults = 0;
      for (let n = 0; n < 3000; n++) {
        const lin = (0x400000 + (next() % (12 * MiB))) & ~3;
        const access = next() & 7; // write, user, fetch
        const a = translate(ept, lin, access), b = translate(nat, lin, access);
        expect(ept.exc, `access ${access} at ${lin.toString(16)}`).toBe(nat.exc);
        if (b >= 0) expect(a).toBe(b + SHIFT);
        else { faults++; expect(a).toBe(-1); expect(ept.excCode).toBe(nat.excCode); expect(ept.cr2).toBe(nat.cr2); }
        ept.exc = nat.exc = -1;
      }
      expect(faults).toBeGreaterThan(300); // both outcomes were exercised
      expect(faults).toBeLessThan(2700);
      // The same accessed/dirty bits were set in both copies of the tables; the same TLB misses.
      const words = (cpu: Cpu, base: number, from: number, to: number): number[] =>
        Array.from(cpu.ram32.subarray((base + from) >>> 2, (base + to) >>> 2));
      expect(words(ept, SHIFT, GUEST_PD, GUEST_PD + 16)).toEqual(words(nat, 0, GUEST_PD, GUEST_PD + 16));
      expect(words(ept, SHIFT, 0x103000, 0x106000)).toEqual(words(nat, 0, 0x103000, 0x106000));
      expect(ept.eventCounts[COST_PAGE_WALK]).toBe(nat.eventCounts[COST_PAGE_WALK]);
      expect(nat.eventCounts[COST_PAGE_WALK]).toBeGreaterThan(100);
    });
  }
});
