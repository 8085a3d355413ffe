/** The built-in VMM's EPT builder: tables read back by an independent 4-level walk (SDM 29.3.2). */
import { describe, expect, it } from 'vitest';
import { EPT_LARGE, EPT_MT_UC, EPT_MT_WB, EPT_R, EPT_RWX, EPT_W, EptBuilder, type EptPool } from '../../../src-main/core/vmm/vtx/ept-builder';

const BASE = 0xffc00000;

function pool(pages: number): EptPool {
  return { mem: new Uint8Array(0x2000 + pages * 0x1000), offset: 0x2000, pages, physBase: BASE + 0x2000 };
}

/** A walk over the pool's bytes as the processor does it: host-physical address and the entries read, or why not. */
function walk(p: EptPool, eptp: number, gpa: number): { hpa: number; refs: number; leaf: number } | { fault: string; refs: number } {
  const view = new DataView(p.mem.buffer);
  const read = (hpa: number): [number, number] => {
    const o = hpa - p.physBase + p.offset;
    return [view.getUint32(o, true), view.getUint32(o + 4, true)];
  };
  let table = (eptp & ~0xfff) >>> 0;
  let refs = 0;
  for (const [shift, level] of [[39, 4], [30, 3], [21, 2], [12, 1]] as const) {
    const i = shift >= 32 ? 0 : Math.floor(gpa / 2 ** shift) % 512;
    const [lo, hi] = read(table + i * 8);
    refs++;
    if ((lo & 7) === 0) return { fault: `not present at level ${level}`, refs };
    if (hi !== 0) return { fault: 'address above 4 GiB', refs };
    if (level === 1 || (level === 2 && (lo & EPT_LARGE) !== 0)) {
      const size = level === 1 ? 0x1000 : 0x200000;
      return { hpa: ((lo & ~(size - 1) & ~0xfff) >>> 0) + (gpa % size), refs, leaf: lo >>> 0 };
    }
    if ((lo & EPT_LARGE) !== 0) return { fault: `bit 7 set at level ${level}`, refs };
    table = (lo & ~0xfff) >>> 0;
  }
  throw new Error('unreachable');
}

describe('EptBuilder', () => {
  it('starts empty: one PML4 page, every address unmapped; the EPTP says WB and a 4-level walk', () => {
    const p = pool(8);
    const b = new EptBuilder(p);
    expect(b.pagesInUse).toBe(1);
    expect(b.eptp).toBe(((BASE + 0x2000) | 6 | (3 << 3)) >>> 0);
    expect(walk(p, b.eptp, 0x1234)).toEqual({ fault: 'not present at level 4', refs: 1 });
  });

  it('maps 4 KiB pages identity and elsewhere: the walk reads four entries and finds the frame, type and permissions', () => {
    const p = pool(8);
    const b = new EptBuilder(p);
    expect(b.map4k(0x00105000, 0x00105000, EPT_RWX, EPT_MT_WB)).toBe(true);
    expect(b.pagesInUse).toBe(4); // PML4, PDPT, PD, PT
    const r = walk(p, b.eptp, 0x00105abc);
    expect(r).toMatchObject({ hpa: 0x00105abc, refs: 4 });
    if (!('leaf' in r)) throw new Error('mapped');
    expect(r.leaf & 7).toBe(EPT_RWX);
    expect(r.leaf & 0x38).toBe(EPT_MT_WB);
    expect(r.leaf & 0x40).toBe(0x40); // ignore PAT
    // A neighbour in the same table needs no new page; another GiB needs a PD and a PT.
    expect(b.map4k(0x00106000, 0xfffbf000, EPT_R | EPT_W, EPT_MT_UC)).toBe(true);
    expect(b.pagesInUse).toBe(4);
    expect(walk(p, b.eptp, 0x00106004)).toMatchObject({ hpa: 0xfffbf004 });
    expect(walk(p, b.eptp, 0x00107000)).toEqual({ fault: 'not present at level 1', refs: 4 });
    expect(b.map4k(0xfee00000, 0xfee00000, EPT_RWX, EPT_MT_UC)).toBe(true);
    expect(b.pagesInUse).toBe(6);
    expect(walk(p, b.eptp, 0xfee000f0)).toMatchObject({ hpa: 0xfee000f0, refs: 4 });
    expect(b.pages4k).toBe(3);
    expect(b.leaf(0xfee00123)).toEqual({ entry: (0xfee00000 | EPT_MT_UC | 0x40 | EPT_RWX) | 0, level: 1 });
  });

  it('maps 2 MiB pages: the walk stops at the PDE (three references)', () => {
    const p = pool(8);
    const b = new EptBuilder(p);
    expect(b.map2m(0x00345678, 0x00345678, EPT_RWX, EPT_MT_WB)).toBe(true);
    expect(b.pagesInUse).toBe(3);
    expect(walk(p, b.eptp, 0x00345678)).toMatchObject({ hpa: 0x00345678, refs: 3 });
    expect(walk(p, b.eptp, 0x00200000)).toMatchObject({ hpa: 0x00200000, refs: 3 });
    expect(walk(p, b.eptp, 0x003fffff)).toMatchObject({ hpa: 0x003fffff, refs: 3 });
    expect(walk(p, b.eptp, 0x00400000)).toEqual({ fault: 'not present at level 2', refs: 3 });
    // A 4 KiB map inside the large page changes nothing; a region with a page table keeps 4 KiB pages.
    expect(b.map4k(0x00201000, 0x00201000, EPT_RWX, EPT_MT_WB)).toBe(true);
    expect(b.leaf(0x00201000).level).toBe(2);
    expect(b.map4k(0x00600000, 0x00600000, EPT_RWX, EPT_MT_WB)).toBe(true);
    expect(b.map2m(0x00600000, 0x00600000, EPT_RWX, EPT_MT_WB)).toBe(false);
    expect(b.pages2m).toBe(1);
  });

  it('refuses a map when the pool is full, and reset() empties it', () => {
    const p = pool(4);
    const b = new EptBuilder(p);
    expect(b.map4k(0x1000, 0x1000, EPT_RWX, EPT_MT_WB)).toBe(true);
    expect(b.map4k(0x40001000, 0x1000, EPT_RWX, EPT_MT_WB)).toBe(false); // needs a second PD and PT
    b.reset();
    expect(b.pagesInUse).toBe(1);
    expect(walk(p, b.eptp, 0x1000)).toEqual({ fault: 'not present at level 4', refs: 1 });
    expect(b.map4k(0x40001000, 0x1000, EPT_RWX, EPT_MT_WB)).toBe(true);
    expect(walk(p, b.eptp, 0x40001008)).toMatchObject({ hpa: 0x1008, refs: 4 });
  });
});
