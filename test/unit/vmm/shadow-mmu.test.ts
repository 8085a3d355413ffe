/**
 * The shadow MMU (core/vmm/mmu/shadow-mmu.ts) on bare CPUs: a vCPU whose real CR3 is a shadow root in VMM
 * memory, driven the way trap/bt drive it (each #PF to onPageFault, guest page-table stores through the
 * page-write hook, INVLPG and CR3 loads), side by side with a native vCPU on an identical copy of guest RAM.
 * The native vCPU is the oracle: every access must give the same physical address or the same #PF error code,
 * and the guest's page tables (their accessed and dirty bits) must end up byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { Cpu, createSharedCodeState } from '../../../src-main/core/cpu/cpu';
import { writePhys32 } from '../../../src-main/core/cpu/memory';
import { ACC_READ, ACC_USER, ACC_WRITE, invalidatePage, translate } from '../../../src-main/core/cpu/paging';
import { writeControlRegister } from '../../../src-main/core/cpu/control-regs';
import { COST_SHADOW_SYNC, COST_TRAP_TO_VMM } from '../../../src-main/core/cpu/costs';
import { CR0_PE, CR0_PG, CR0_WP, CR4_PSE } from '../../../src-main/core/cpu/state';
import { FLOOD_WRITES, ROOT_CACHE, ShadowMmu, shadowPool } from '../../../src-main/core/vmm/mmu';
import { SHADOW_POOL, SHADOW_POOL_BYTES, VMM_WINDOW_BASE, VMM_WINDOW_BYTES } from '../../../src-main/core/vmm/soft/vmm-area';
import { SV, SV_SLOTS } from '../../../src-main/core/vmm/soft/vmm-stats';
import { TestBus } from '../cpu/harness';

const MEM = 16 << 20;
const P = 1, RW = 2, US = 4, A = 0x20, D = 0x40, PS = 0x80;
const PD = 0x10000, PT0 = 0x11000, PT2 = 0x12000, PD_B = 0x20000;
/** #PF error-code bits. */
const EP = 1, EW = 2, EU = 4;

/** Guest tables: 0–4 MiB identity by PT0 (page 0x7000 supervisor-only, 0x8000 read-only user), 4 MiB page at 4 MiB, PT2 for 8 MiB (0x800000 → 0x900000 read-only), nothing at 12 MiB. */
function buildTables(ram32: Int32Array): void {
  const w = (a: number, v: number): void => { ram32[a >>> 2] = v; };
  w(PD, PT0 | P | RW | US);
  w(PD + 4, 0x400000 | P | RW | US | PS);
  w(PD + 8, PT2 | P | RW | US);
  for (let i = 0; i < 1024; i++) w(PT0 + 4 * i, (i << 12) | P | RW | US);
  w(PT0 + 7 * 4, 0x7000 | P | RW);
  w(PT0 + 8 * 4, 0x8000 | P | US);
  w(PT2, 0x900000 | P | US);
  w(PD_B, PT0 | P | RW | US);
}

interface Pair {
  readonly native: Cpu;
  readonly cpu: Cpu;
  readonly mmu: ShadowMmu;
  readonly stats: Float64Array;
  readonly vmm: Uint8Array;
}

/** A native vCPU and a shadowed one on identical guest RAM, guest paging on at PD with CR4.PSE and CR0.WP = `wp`. */
function pair(wp = true, poolPages = SHADOW_POOL_BYTES >>> 12): Pair {
  const native = new Cpu({ u8: new Uint8Array(MEM), size: MEM }, new TestBus(), null, null, {});
  const cpu = new Cpu({ u8: new Uint8Array(MEM), size: MEM }, new TestBus(), null, null, {});
  buildTables(native.ram32);
  buildTables(cpu.ram32);
  const guestCr0 = CR0_PE | CR0_PG | (wp ? CR0_WP : 0);
  writeControlRegister(native, 4, CR4_PSE);
  writeControlRegister(native, 0, guestCr0);
  writeControlRegister(native, 3, PD);
  const vmm = new Uint8Array(VMM_WINDOW_BYTES);
  cpu.vmmMemory = vmm;
  const stats = new Float64Array(SV_SLOTS);
  const mmu = new ShadowMmu(cpu, 'trap', stats, shadowPool(vmm, SHADOW_POOL, poolPages, VMM_WINDOW_BASE + SHADOW_POOL));
  cpu.pageWriteHook = (_c, p, bytes) => { mmu.onPageWrite(p, bytes); };
  writeControlRegister(cpu, 4, CR4_PSE);
  writeControlRegister(cpu, 0, CR0_PE | CR0_PG | CR0_WP); // the real WP is always 1
  writeControlRegister(cpu, 3, mmu.setGuestPaging(true, PD, CR4_PSE, guestCr0));
  return { native, cpu, mmu, stats, vmm };
}

/** Physical address, or -1 - error code of the #PF the guest sees. */
function nativeAccess(cpu: Cpu, lin: number, access: number): number {
  const p = translate(cpu, lin, access);
  if (p >= 0) return p;
  const code = cpu.excCode;
  cpu.exc = -1; cpu.excCode = -1;
  return -1 - code;
}

/** The same under the shadow MMU: each hardware #PF goes to the VMM; a hidden one restarts the access. */
function shadowAccess(t: Pair, lin: number, access: number): number {
  const cpu = t.cpu;
  for (let tries = 0; tries < 4; tries++) {
    const p = translate(cpu, lin, access);
    if (p >= 0) return p;
    const code = cpu.excCode;
    cpu.exc = -1; cpu.excCode = -1;
    expect(cpu.cr2 >>> 0).toBe(lin >>> 0);
    if (t.mmu.onPageFault(lin, code)) return -1 - t.mmu.guestErrorCode;
  }
  throw new Error(`no progress at ${lin.toString(16)}`);
}

/** One access on both vCPUs: the same outcome. */
function both(t: Pair, lin: number, access: number): number {
  const n = nativeAccess(t.native, lin, access);
  expect(shadowAccess(t, lin, access), `access ${access} at ${lin.toString(16)}`).toBe(n);
  return n;
}

/** A guest store to its page tables on both (the shadow's through the page-write hook). */
function guestStore(t: Pair, addr: number, v: number): void {
  writePhys32(t.native, addr, v);
  writePhys32(t.cpu, addr, v);
}

function invlpg(t: Pair, lin: number): void {
  invalidatePage(t.native, lin);
  t.mmu.onInvlpg(lin);
}

/** The guest's tables (directory, both page tables, the second directory) identical on both vCPUs. */
function expectSameTables(t: Pair): void {
  for (const base of [PD, PT0, PT2, PD_B]) {
    expect(Array.from(t.cpu.ram32.subarray(base >>> 2, (base >>> 2) + 1024)), `table at ${base.toString(16)}`)
      .toEqual(Array.from(t.native.ram32.subarray(base >>> 2, (base >>> 2) + 1024)));
  }
}

/** The shadow PDE and (for a 4 KiB page) PTE the CPU walks for `lin`. */
function shadowEntries(t: Pair, lin: number): { pde: number; pte: number } {
  const vmm32 = new Int32Array(t.vmm.buffer);
  const at = (phys: number): number => vmm32[(phys - VMM_WINDOW_BASE) >>> 2]!;
  const pde = at(((t.cpu.cr3 & ~0xfff) >>> 0) + (lin >>> 22) * 4);
  if ((pde & P) === 0 || (pde & PS) !== 0) return { pde, pte: 0 };
  return { pde, pte: at(((pde & ~0xfff) >>> 0) + ((lin >>> 12) & 1023) * 4) };
}

describe('shadow MMU: hidden and true faults', () => {
  it('fills the empty shadow on hidden faults and gives the guest its own error code on true ones', () => {
    const t = pair();
    expect(both(t, 0x3004, ACC_READ)).toBe(0x3004);
    expect([t.stats[SV.hiddenFaults], t.stats[SV.trueFaults]]).toEqual([1, 0]);
    expect(both(t, 0x3008, ACC_READ)).toBe(0x3008); // the TLB (or the filled shadow): no fault
    expect(t.stats[SV.hiddenFaults]).toBe(1);
    expect(both(t, 0xc00000, ACC_READ)).toBe(-1 - 0); // no PDE: not present, read, supervisor
    expect(both(t, 0x7000, ACC_USER)).toBe(-1 - (EP | EU)); // supervisor-only page from user mode
    expect(both(t, 0x8000, ACC_WRITE | ACC_USER)).toBe(-1 - (EP | EW | EU));
    expect(both(t, 0x8000, ACC_WRITE)).toBe(-1 - (EP | EW)); // CR0.WP = 1: a supervisor write to a read-only page faults
    // The shadow had none of those pages ("not present" to the hardware); the error codes are the guest's.
    expect([t.stats[SV.hiddenFaults], t.stats[SV.trueFaults]]).toEqual([1, 4]);
    expectSameTables(t);
  });

  it('sets the accessed and dirty bits exactly as the native walk, also on faulting walks', () => {
    const t = pair();
    const script: [number, number][] = [
      [0x1000, ACC_READ], [0x2000, ACC_WRITE], [0x2004, ACC_READ], [0x1000, ACC_WRITE], [0x8000, ACC_USER],
      [0x8000, ACC_WRITE], [0x800000, ACC_READ], [0x800000, ACC_WRITE], [0x7000, ACC_USER], [0x450000, ACC_READ],
      [0x460000, ACC_WRITE], [0x5000, ACC_WRITE | ACC_USER], [0x5000, ACC_READ],
    ];
    for (const [lin, acc] of script) both(t, lin, acc);
    expectSameTables(t);
    // The guest now clears A and D of two PTEs and flushes them: the next uses set them again, natively and here.
    guestStore(t, PT0 + 4, 0x1000 | P | RW | US);
    guestStore(t, PT0 + 8, (0x2000 | P | RW | US | A));
    guestStore(t, PD + 4, 0x400000 | P | RW | US | PS); // the 4 MiB page clean again
    for (const lin of [0x1000, 0x2000, 0x400000]) invlpg(t, lin);
    for (const [lin, acc] of script) both(t, lin, acc);
    expectSameTables(t);
  });

  it('shadows a clean page read-only, and sets D on the first write (a hidden fault)', () => {
    const t = pair();
    both(t, 0x3000, ACC_READ);
    expect(t.cpu.ram32[(PT0 + 12) >>> 2]! & (A | D)).toBe(A);
    expect(shadowEntries(t, 0x3000).pte & (P | RW | D)).toBe(P);
    const hidden = t.stats[SV.hiddenFaults]!;
    both(t, 0x3000, ACC_WRITE);
    expect(t.stats[SV.hiddenFaults]).toBe(hidden + 1);
    expect(t.cpu.ram32[(PT0 + 12) >>> 2]! & (A | D)).toBe(A | D);
    expect(shadowEntries(t, 0x3000).pte & (P | RW | D)).toBe(P | RW | D);
    // Shadow entries always carry A (and D when writable): the walk never stores into VMM memory.
    expect(t.cpu.vmmWritesIgnored).toBe(0);
    expectSameTables(t);
  });
});

describe('shadow MMU: accesses the VMM makes for the guest', () => {
  it('touch (bt translating guest code) sets the accessed bits a fetch would, filling and counting nothing', () => {
    const t = pair();
    guestStore(t, PD + 12, 0x13000 | P | RW | US); // a fresh page table: PDE and PTE without A
    guestStore(t, 0x13000 + 4, 0x5000 | P | RW | US);
    nativeAccess(t.native, 0xc01000, ACC_READ);
    t.mmu.touch(0xc01000);
    expectSameTables(t);
    expect(t.cpu.ram32[(0x13000 + 4) >>> 2]! & (A | D)).toBe(A);
    expect(t.cpu.ram32[(0x13000 + 4) >>> 2]).toBe(t.native.ram32[(0x13000 + 4) >>> 2]);
    expect([t.stats[SV.hiddenFaults], t.stats[SV.trueFaults]]).toEqual([0, 0]);
    expect(shadowEntries(t, 0xc01000).pde).toBe(0);
  });
});

describe('shadow MMU: structure', () => {
  it('shadows a guest 4 MiB page with a 4 MiB shadow PDE: one table reference per walk, as natively', () => {
    const t = pair();
    both(t, 0x512345, ACC_WRITE);
    expect(shadowEntries(t, 0x512345).pde & (P | PS | RW)).toBe(P | PS | RW);
    const refs = t.cpu.walkRefs, nativeRefs = t.native.walkRefs;
    both(t, 0x6ff000, ACC_READ); // another 4 KiB piece of the same 4 MiB page: a TLB miss, no fault
    expect(t.cpu.walkRefs - refs).toBe(1);
    expect(t.native.walkRefs - nativeRefs).toBe(1);
    const refs2 = t.cpu.walkRefs;
    both(t, 0x4000, ACC_READ); // a 4 KiB page: two (its first walk faulted, so count the refill's walk)
    t.cpu.flushTlb(false);
    const refs3 = t.cpu.walkRefs;
    both(t, 0x4000, ACC_READ);
    expect(t.cpu.walkRefs - refs3).toBe(2);
    expect(refs3).toBeGreaterThan(refs2);
  });

  it('keeps shadow roots per guest CR3: a miss builds one, a reload of a cached one is a hit, the oldest goes', () => {
    const t = pair();
    const rootA = t.cpu.cr3 >>> 0;
    expect([t.stats[SV.shadowRootSwitches], t.stats[SV.shadowRootMisses]]).toEqual([1, 1]);
    both(t, 0x3000, ACC_READ);
    const rootB = t.mmu.onCr3Load(PD_B);
    expect(rootB).not.toBe(rootA);
    expect(t.mmu.onCr3Load(PD)).toBe(rootA);
    expect([t.stats[SV.shadowRootSwitches], t.stats[SV.shadowRootMisses]]).toEqual([3, 2]);
    expect(shadowEntries(t, 0x3000).pte & P).toBe(P); // the cached root kept what it had
    // PD_B's directory shares PT0 with PD: one shadow page table for both.
    expect(t.stats[SV.shadowPagesInUse]).toBe(3);
    // More address spaces than the cache holds: the least recently loaded root is dropped.
    const dirs = [0x30000, 0x31000, 0x32000, 0x33000].slice(0, ROOT_CACHE);
    for (const d of dirs) t.mmu.onCr3Load(d);
    expect(t.stats[SV.shadowRootMisses]).toBe(2 + dirs.length);
    t.mmu.onCr3Load(PD);
    expect(t.stats[SV.shadowRootMisses]).toBe(3 + dirs.length); // PD's root was the oldest
  });

  it('drops a cached root whose directory is overwritten while another is loaded (write flooding)', () => {
    const t = pair();
    t.mmu.onCr3Load(PD_B);
    t.mmu.onCr3Load(PD);
    const before = t.stats[SV.shadowPagesInUse]!;
    for (let i = 0; i < FLOOD_WRITES; i++) writePhys32(t.cpu, PD_B + 64 + 4 * i, 0);
    expect(t.stats[SV.shadowPagesInUse]).toBe(before - 1);
    expect(t.stats[SV.ptWrites]).toBe(FLOOD_WRITES);
    writePhys32(t.cpu, PD_B + 128, 0); // no longer watched by this shadow
    expect(t.stats[SV.ptWrites]).toBe(FLOOD_WRITES);
  });

  it('syncs shadow entries at once on guest page-table writes (charged as the technique\'s write fault), leaving the hardware TLB to INVLPG', () => {
    const t = pair();
    both(t, 0x6000, ACC_WRITE);
    const trapCycles = t.cpu.eventCounts[COST_TRAP_TO_VMM]!, syncs = t.cpu.eventCounts[COST_SHADOW_SYNC]!;
    guestStore(t, PT0 + 6 * 4, 0xa000 | P | RW | US | A); // remap 0x6000 → 0xa000 (clean)
    expect([t.stats[SV.ptWrites], t.stats[SV.shadowSyncs]]).toEqual([1, 1]);
    expect(t.cpu.eventCounts[COST_TRAP_TO_VMM]! - trapCycles).toBe(1);
    expect(t.cpu.eventCounts[COST_SHADOW_SYNC]! - syncs).toBe(1);
    expect(shadowEntries(t, 0x6000).pte & ~0xfff).toBe(0xa000);
    // A changed present entry is used only after INVLPG: the TLB still has the old one, natively too.
    expect(both(t, 0x6010, ACC_READ)).toBe(0x6010);
    invlpg(t, 0x6000);
    expect(t.stats[SV.invlpgResyncs]).toBe(1);
    expect(both(t, 0x6010, ACC_READ)).toBe(0xa010);
    expect(both(t, 0x6010, ACC_WRITE)).toBe(0xa010); // clean: D set by a hidden fault
    guestStore(t, PT0 + 6 * 4, 0); // unmapped
    invlpg(t, 0x6000);
    expect(both(t, 0x6010, ACC_READ)).toBe(-1 - 0);
    expectSameTables(t);
  });

  it('zaps every shadow page when the pool runs out, keeping the loaded root where the real CR3 points', () => {
    const t = pair(true, 4); // the identity root, the root, two page tables
    const root = t.cpu.cr3 >>> 0;
    // Four page tables: PT0 (0–4 MiB), PT2 (8 MiB), and two more the guest adds at 12 and 16 MiB.
    guestStore(t, PD + 12, 0x13000 | P | RW | US);
    guestStore(t, PD + 16, 0x14000 | P | RW | US);
    guestStore(t, 0x13000, 0x5000 | P | RW | US);
    guestStore(t, 0x14000, 0x6000 | P | RW | US);
    expect(both(t, 0x1000, ACC_READ)).toBe(0x1000);
    expect(both(t, 0x800000, ACC_READ)).toBe(0x900000);
    expect(t.stats[SV.shadowZapAll]).toBe(0);
    expect(both(t, 0xc00000, ACC_READ)).toBe(0x5000);
    expect(t.stats[SV.shadowZapAll]).toBe(1);
    expect(t.cpu.cr3 >>> 0).toBe(root);
    expect(both(t, 0x1000000, ACC_WRITE)).toBe(0x6000);
    t.cpu.flushTlb(false);
    t.native.flushTlb(false);
    for (const lin of [0x1000, 0x800000, 0xc00000, 0x1000000]) both(t, lin, ACC_READ);
    expect(t.stats[SV.shadowZapAll]).toBeGreaterThan(1);
    expectSameTables(t);
  });
});

describe('shadow MMU: guest CR0.WP = 0', () => {
  it('lets supervisor writes through read-only pages (writable, supervisor-only shadow), flipping back on a user access', () => {
    const t = pair(false);
    expect(both(t, 0x8010, ACC_WRITE)).toBe(0x8010); // read-only user page, supervisor write: allowed
    expect(shadowEntries(t, 0x8010).pte & (RW | US)).toBe(RW);
    expect(both(t, 0x8010, ACC_USER)).toBe(0x8010); // user read: a hidden fault makes it user-readable, read-only
    expect(shadowEntries(t, 0x8010).pte & (RW | US)).toBe(US);
    expect(both(t, 0x8010, ACC_USER | ACC_WRITE)).toBe(-1 - (EP | EW | EU)); // a user write stays a true fault
    expect(both(t, 0x8014, ACC_WRITE)).toBe(0x8014); // and the kernel can write it again
    expect(both(t, 0x800000, ACC_WRITE)).toBe(0x900000);
    expectSameTables(t);
  });

  it('drops the whole shadow (and the TLB) when the guest changes CR0.WP', () => {
    const t = pair(false);
    both(t, 0x8010, ACC_WRITE);
    const root = t.mmu.setGuestPaging(true, PD, CR4_PSE, CR0_PE | CR0_PG | CR0_WP);
    writeControlRegister(t.cpu, 3, root);
    writeControlRegister(t.native, 0, CR0_PE | CR0_PG | CR0_WP);
    expect(t.stats[SV.shadowZapAll]).toBe(1);
    expect(both(t, 0x8010, ACC_WRITE)).toBe(-1 - (EP | EW));
  });
});

describe('shadow MMU: several vCPUs', () => {
  it('re-syncs on INVLPG or a CR3 load the shadow pages another vCPU wrote (their code generation moved)', () => {
    const shared = createSharedCodeState(MEM);
    const ram = new Uint8Array(new SharedArrayBuffer(MEM));
    const vcpu = (): { cpu: Cpu; mmu: ShadowMmu; stats: Float64Array } => {
      const cpu = new Cpu({ u8: ram, size: MEM }, new TestBus(), null, null, { sharedCode: shared });
      const vmm = new Uint8Array(VMM_WINDOW_BYTES);
      cpu.vmmMemory = vmm;
      const stats = new Float64Array(SV_SLOTS);
      const mmu = new ShadowMmu(cpu, 'bt', stats, shadowPool(vmm, SHADOW_POOL, SHADOW_POOL_BYTES >>> 12, VMM_WINDOW_BASE + SHADOW_POOL));
      cpu.pageWriteHook = (_c, p, bytes) => { mmu.onPageWrite(p, bytes); };
      writeControlRegister(cpu, 4, CR4_PSE);
      writeControlRegister(cpu, 0, CR0_PE | CR0_PG | CR0_WP);
      writeControlRegister(cpu, 3, mmu.setGuestPaging(true, PD, CR4_PSE, CR0_PE | CR0_PG | CR0_WP));
      return { cpu, mmu, stats };
    };
    const a = vcpu(), b = vcpu();
    buildTables(a.cpu.ram32);
    const read = (v: { cpu: Cpu; mmu: ShadowMmu }, lin: number): number => {
      for (;;) {
        const p = translate(v.cpu, lin, ACC_READ);
        if (p >= 0) return p;
        const code = v.cpu.excCode;
        v.cpu.exc = -1; v.cpu.excCode = -1;
        if (v.mmu.onPageFault(lin, code)) return -1;
      }
    };
    expect(read(a, 0x6000)).toBe(0x6000);
    expect(read(b, 0x6000)).toBe(0x6000);
    writePhys32(b.cpu, PT0 + 6 * 4, 0xa000 | P | RW | US | A); // B remaps the page (its own shadow syncs at once)
    expect(b.stats[SV.shadowSyncs]).toBe(1);
    expect(a.stats[SV.shadowSyncs]).toBe(0); // A's hook did not run: A's shadow is stale …
    a.cpu.flushTlb(false);
    expect(read(a, 0x6000)).toBe(0x6000); // … as a stale TLB entry of A would be natively, until A invalidates
    a.mmu.onInvlpg(0x6000); // the guest's TLB shootdown
    expect(a.stats[SV.shadowSyncs]).toBeGreaterThanOrEqual(1);
    expect(read(a, 0x6000)).toBe(0xa000);
    writePhys32(b.cpu, PT0 + 6 * 4, 0); // B unmaps it; A reloads CR3
    writeControlRegister(a.cpu, 3, a.mmu.onCr3Load(PD));
    expect(read(a, 0x6000)).toBe(-1);
    expect(a.mmu.guestErrorCode).toBe(0);
  });
});
