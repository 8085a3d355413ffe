/**
 * The 32-bit walk describer (core/mmu-view/walk32.ts) against hand-built page tables in a byte array, and
 * against the CPU's own walker (core/cpu/paging.ts) on the same tables.
 */
import { describe, expect, it } from 'vitest';
import { bytesReader, describeWalk32 } from '../../../src-main/core/mmu-view';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { peekTranslate } from '../../../src-main/core/cpu/paging';
import { TestBus } from '../cpu/harness';

const P = 1, RW = 2, US = 4, A = 0x20, D = 0x40, PS = 0x80, G = 0x100;
const CR4_PSE = 0x10;
const PD = 0x10000, PT = 0x11000;

function memory(size = 0x40000): { bytes: Uint8Array; w: (a: number, v: number) => void } {
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  return { bytes, w: (a, v) => dv.setUint32(a, v >>> 0, true) };
}

describe('describeWalk32', () => {
  it('walks a 4 KiB page: PDE then PTE, each step with its table, index, entry address, value and flags', () => {
    const { bytes, w } = memory();
    w(PD + 1 * 4, PT | P | RW | US | A);
    w(PT + 5 * 4, 0x123000 | P | US | A | D | G);
    const v = describeWalk32(bytesReader(bytes), PD | 0x18, CR4_PSE, 0x00405abc);
    expect(v.structure).toBe('native');
    expect(v.root).toBe(PD | 0x18);
    expect(v.steps.map((s) => [s.level, s.table, s.index, s.entryAddress, s.outcome, s.next])).toEqual([
      ['PDE', PD, 1, PD + 4, 'table', PT],
      ['PTE', PT, 5, PT + 20, 'frame', 0x123000],
    ]);
    expect(v.steps[0]!.flags).toEqual(['P', 'RW', 'US', 'A']);
    expect(v.steps[1]!.flags).toEqual(['P', 'US', 'A', 'D', 'G']);
    expect(v.steps[1]!.value).toBe(0x123000 | P | US | A | D | G);
    expect(v.steps[1]!.hex).toBe('0x00123165');
    expect(v.steps[1]!.pageSize).toBe(0x1000);
    expect(v.output).toBe(0x123abc);
    expect(v.pageSize).toBe(0x1000);
    expect(v.outcome).toBe('frame');
    expect(v.refs).toBe(2);
    // R/W is the AND of both levels (the PTE is read-only), U/S too.
    expect(v.rights).toEqual({ read: true, write: false, user: true, execute: true });
  });

  it('walks a 4 MiB page in one step when CR4.PSE is set, and ignores PS without it', () => {
    const { bytes, w } = memory();
    w(PD + 3 * 4, 0x00c00000 | P | RW | PS | A | D);
    const big = describeWalk32(bytesReader(bytes), PD, CR4_PSE, 0x00e12345);
    expect(big.steps).toHaveLength(1);
    expect(big.steps[0]).toMatchObject({ level: 'PDE', outcome: 'frame', next: 0x00c00000, pageSize: 0x400000 });
    expect(big.steps[0]!.flags).toEqual(['P', 'RW', 'A', 'D', 'PS']);
    expect(big.output).toBe(0x00e12345);
    expect(big.refs).toBe(1);
    expect(big.rights).toEqual({ read: true, write: true, user: false, execute: true });
    // CR4.PSE = 0: the PDE points to a page table at 0x00c00000 (outside this memory).
    const small = describeWalk32(bytesReader(bytes), PD, 0, 0x00e12345);
    expect(small.steps.map((s) => s.outcome)).toEqual(['table', 'no-memory']);
    expect(small.steps[1]!.entryAddress).toBe(0x00c00000 + 0x212 * 4);
    expect(small.output).toBeNull();
  });

  it('stops at a not-present PDE or PTE', () => {
    const { bytes, w } = memory();
    w(PD, PT | P | RW);
    w(PT + 4, 0x5000 | RW); // P = 0
    const noPde = describeWalk32(bytesReader(bytes), PD, 0, 0x00800000);
    expect(noPde.steps.map((s) => s.outcome)).toEqual(['not-present']);
    expect(noPde.outcome).toBe('not-present');
    expect(noPde.rights).toBeNull();
    const noPte = describeWalk32(bytesReader(bytes), PD, 0, 0x1000);
    expect(noPte.steps.map((s) => s.outcome)).toEqual(['table', 'not-present']);
    expect(noPte.steps[1]!.reason).toMatch(/P = 0/);
    expect(noPte.output).toBeNull();
    expect(noPte.refs).toBe(2);
  });

  it('reports reserved bits 21:13 of a 4 MiB PDE (no PSE-36: MAXPHYADDR 32)', () => {
    const { bytes, w } = memory();
    w(PD, 0x00400000 | 0x2000 | P | PS);
    w(PD + 4, 0x00400000 | 0x200000 | P | PS);
    for (const lin of [0, 0x00400000]) {
      const v = describeWalk32(bytesReader(bytes), PD, CR4_PSE, lin);
      expect(v.outcome).toBe('reserved');
      expect(v.steps[0]!.reason).toMatch(/reserved bits 21:13/);
      expect(v.output).toBeNull();
    }
  });

  it('answers what the CPU walker answers on the same tables (4 KiB and 4 MiB pages, holes)', () => {
    const mem = 8 << 20;
    const cpu = new Cpu({ u8: new Uint8Array(mem), size: mem }, new TestBus(), null, null);
    const w = (a: number, v: number): void => { cpu.ram32[a >>> 2] = v; };
    let seed = 12345;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) >>> 0; return (seed >>> 8) % n; };
    for (let i = 0; i < 1024; i++) {
      const kind = rnd(4);
      if (kind === 0) continue; // not present
      if (kind === 1) { w(PD + 4 * i, ((rnd(2) << 22) | P | RW | PS) >>> 0); continue; }
      w(PD + 4 * i, (0x100000 + (i & 7) * 0x1000) | P | RW | US);
    }
    for (let t = 0; t < 8; t++) for (let j = 0; j < 1024; j++) if (rnd(3) !== 0) w(0x100000 + t * 0x1000 + 4 * j, (rnd(0x800) << 12) | P);
    cpu.cr3 = PD;
    cpu.cr4 = CR4_PSE;
    cpu.cr0 |= 0x80000001;
    cpu.pagingOn = true;
    const reader = bytesReader(cpu.ram);
    for (let k = 0; k < 2000; k++) {
      const lin = ((rnd(1024) << 22) | (rnd(1024) << 12) | rnd(4096)) >>> 0;
      const v = describeWalk32(reader, cpu.cr3, cpu.cr4, lin);
      const p = peekTranslate(cpu, lin);
      expect(v.output ?? -1).toBe(p);
    }
  });
});
