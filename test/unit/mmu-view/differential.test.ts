/**
 * The inspector against the CPU's own walks (core/cpu/paging.ts, core/cpu/ept.ts) on random tables: for every
 * address, describeTranslation's host-physical result (or its failure) and its count of table references are
 * what a TLB miss on the CPU produces — natively and in the two-dimensional walk under EPT (4 KiB and 2 MiB EPT
 * pages, 4 KiB and 4 MiB guest pages, holes in both dimensions).
 */
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { ACC_READ, translate } from '../../../src-main/core/cpu/paging';
import { CR0_PE, CR0_PG, CR4_PSE } from '../../../src-main/core/cpu/state';
import { VMX_NON_ROOT } from '../../../src-main/core/vmx/vmx-state';
import { describeTranslation } from '../../../src-main/core/mmu-view';
import { TestBus } from '../cpu/harness';

const MiB = 1 << 20;
const SHIFT = 16 * MiB;
const EPT_PML4 = 0x10000, EPT_PDPT = 0x11000, EPT_PD = 0x12000, EPT_PT = 0x13000;
const GUEST_PD = 0x100000, GUEST_PT = 0x101000;

function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => { s = (s * 1103515245 + 12345) >>> 0; return (s >>> 8) % n; };
}

/** A vCPU whose guest maps 0–32 MiB at random (holes, 4 KiB and 4 MiB pages) over an EPT with holes and mixed page sizes. */
function machine(seed: number, ept: boolean): Cpu {
  const size = 64 * MiB;
  const cpu = new Cpu({ u8: new Uint8Array(size), size }, new TestBus(), null, null);
  const w = (p: number, v: number): void => { cpu.ram32[p >>> 2] = v | 0; };
  const rnd = random(seed);
  const base = ept ? SHIFT : 0;
  for (let i = 0; i < 8; i++) {
    const kind = rnd(5);
    if (kind === 0) continue;
    if (kind === 1) { w(base + GUEST_PD + 4 * i, (rnd(4) << 22) | 0x87); continue; }
    w(base + GUEST_PD + 4 * i, (GUEST_PT + i * 0x1000) | 7);
    for (let j = 0; j < 1024; j++) if (rnd(4) !== 0) w(base + GUEST_PT + i * 0x1000 + 4 * j, (rnd(8192) << 12) | 7);
  }
  if (ept) {
    setUpEpt(cpu, w, rnd);
  }
  cpu.cr0 = CR0_PE | CR0_PG;
  cpu.cr4 = CR4_PSE;
  cpu.cr3 = GUEST_PD;
  cpu.pagingOn = true;
  return cpu;
}

/** EPT over guest-physical 0–32 MiB (host = guest + 16 MiB), with holes and 2 MiB pages; the vCPU in VMX non-root. */
function setUpEpt(cpu: Cpu, w: (p: number, v: number) => void, rnd: (n: number) => number): void {
  {
    w(EPT_PML4, EPT_PDPT | 7);
    w(EPT_PDPT, EPT_PD | 7);
    for (let i = 0; i < 16; i++) { // guest-physical 0–32 MiB, a hole here and there
      const kind = i === 0 ? 2 : rnd(6);
      if (kind === 0) continue;
      if (kind === 1) { w(EPT_PD + 8 * i, (SHIFT + i * 2 * MiB) | 0x80 | (6 << 3) | 7); continue; }
      w(EPT_PD + 8 * i, (EPT_PT + i * 0x1000) | 7);
      for (let j = 0; j < 512; j++) if (i === 0 || rnd(8) !== 0) w(EPT_PT + i * 0x1000 + 8 * j, (SHIFT + i * 2 * MiB + j * 0x1000) | (6 << 3) | 7);
    }
    cpu.vmxMode = VMX_NON_ROOT;
    cpu.eptRoot = EPT_PML4;
    cpu.mmuContext = () => ({ guestPaging: true, guestCr3: GUEST_PD, guestCr4: CR4_PSE, eptp: EPT_PML4 | (3 << 3) | 6 });
  }
}

function compare(cpu: Cpu, seed: number): void {
  const rnd = random(seed);
  for (let k = 0; k < 400; k++) {
    const lin = ((rnd(8) << 22) | (rnd(1024) << 12) | rnd(4096)) >>> 0;
    const view = describeTranslation(cpu, lin);
    cpu.flushTlb(false);
    const refs0 = cpu.walkRefs;
    const phys = translate(cpu, lin, ACC_READ);
    cpu.exc = -1;
    expect(view.physical ?? -1, `0x${lin.toString(16)}`).toBe(phys);
    expect(view.refs, `0x${lin.toString(16)}`).toBe(cpu.walkRefs - refs0);
  }
}

describe('the inspector agrees with the CPU\'s walks', () => {
  it('native 32-bit paging', () => { for (const seed of [1, 2, 3]) compare(machine(seed, false), seed + 10); });
  it('two-dimensional walks under EPT', () => { for (const seed of [4, 5, 6]) compare(machine(seed, true), seed + 10); });
});
