/**
 * The EPT walk describer (core/mmu-view/ept-walk.ts) against hand-built EPT tables in a byte array: 4 KiB,
 * 2 MiB and 1 GiB leaves, not-present entries (EPT violations) and the misconfigurations of SDM 29.3.3.1.
 */
import { describe, expect, it } from 'vitest';
import { bytesReader, describeEptWalk, eptSupportOf, EPT_SUPPORT_ALL } from '../../../src-main/core/mmu-view';

const R = 1, W = 2, X = 4, LARGE = 0x80, WB = 6 << 3, IPAT = 0x40;
const PML4 = 0x20000, PDPT = 0x21000, PD = 0x22000, PT = 0x23000;
const EPTP = PML4 | (3 << 3) | 6;

function memory(): { bytes: Uint8Array; w: (a: number, lo: number, hi?: number) => void } {
  const bytes = new Uint8Array(0x30000);
  const dv = new DataView(bytes.buffer);
  return { bytes, w: (a, lo, hi = 0) => { dv.setUint32(a, lo >>> 0, true); dv.setUint32(a + 4, hi >>> 0, true); } };
}

/** gpa 0x40605abc: PDPTE 1, PDE 3, PTE 5. */
const GPA = 0x40605abc;

function fourLevel(): ReturnType<typeof memory> {
  const m = memory();
  m.w(PML4, PDPT | R | W | X);
  m.w(PDPT + 1 * 8, PD | R | W | X);
  m.w(PD + 3 * 8, PT | R | X);
  m.w(PT + 5 * 8, 0x00777000 | R | W | WB | IPAT | 0x100 | 0x200);
  return m;
}

describe('describeEptWalk', () => {
  it('walks four levels to a 4 KiB page: PML4E, PDPTE, PDE, PTE, with 64-bit entries and decoded flags', () => {
    const { bytes } = fourLevel();
    const v = describeEptWalk(bytesReader(bytes), EPTP, GPA);
    expect(v.structure).toBe('ept');
    expect(v.root).toBe(PML4);
    expect(v.steps.map((s) => [s.level, s.table, s.index, s.entryAddress, s.outcome, s.next])).toEqual([
      ['EPT-PML4E', PML4, 0, PML4, 'table', PDPT],
      ['EPT-PDPTE', PDPT, 1, PDPT + 8, 'table', PD],
      ['EPT-PDE', PD, 3, PD + 24, 'table', PT],
      ['EPT-PTE', PT, 5, PT + 40, 'frame', 0x00777000],
    ]);
    expect(v.steps[3]!.flags).toEqual(['R', 'W', 'MT=WB', 'IPAT', 'A', 'D']);
    expect(v.steps[3]!.hex).toBe('0x0000000000777373');
    expect(v.output).toBe(0x00777abc);
    expect(v.pageSize).toBe(0x1000);
    expect(v.refs).toBe(4);
    // Rights are the AND of every level: the PDE has no W, the PTE no X.
    expect(v.rights).toEqual({ read: true, write: false, user: true, execute: false });
  });

  it('stops at a 2 MiB leaf (PDE bit 7) in three references and at a 1 GiB leaf (PDPTE bit 7) in two', () => {
    const m = fourLevel();
    m.w(PD + 3 * 8, 0x00e00000 | R | W | X | WB | LARGE);
    const two = describeEptWalk(bytesReader(m.bytes), EPTP, GPA);
    expect(two.steps.map((s) => s.outcome)).toEqual(['table', 'table', 'frame']);
    expect(two.steps[2]!.flags).toContain('LEAF');
    expect(two.output).toBe(0x00e00000 | (GPA & 0x1fffff));
    expect(two.pageSize).toBe(0x200000);
    expect(two.refs).toBe(3);
    m.w(PDPT + 1 * 8, 0x80000000 | R | W | X | WB | LARGE);
    const one = describeEptWalk(bytesReader(m.bytes), EPTP, GPA);
    expect(one.steps.map((s) => [s.level, s.outcome])).toEqual([['EPT-PML4E', 'table'], ['EPT-PDPTE', 'frame']]);
    expect(one.output).toBe((0x80000000 | (GPA & 0x3fffffff)) >>> 0);
    expect(one.pageSize).toBe(0x40000000);
    expect(one.refs).toBe(2);
  });

  it('large leaves the processor does not support are misconfigurations (IA32_VMX_EPT_VPID_CAP bits 16, 17)', () => {
    const m = fourLevel();
    m.w(PDPT + 1 * 8, 0x80000000 | R | W | X | WB | LARGE);
    const v = describeEptWalk(bytesReader(m.bytes), EPTP, GPA, eptSupportOf(1 << 16));
    expect(v.outcome).toBe('misconfig');
    expect(v.steps[1]!.reason).toMatch(/1 GiB pages are not supported/);
    m.w(PDPT + 1 * 8, PD | R | W | X);
    m.w(PD + 3 * 8, 0x00e00000 | R | W | X | WB | LARGE);
    expect(describeEptWalk(bytesReader(m.bytes), EPTP, GPA, eptSupportOf(0)).steps[2]!.reason).toMatch(/2 MiB pages are not supported/);
    expect(describeEptWalk(bytesReader(m.bytes), EPTP, GPA, eptSupportOf(1 << 16)).outcome).toBe('frame');
  });

  it('an entry with R = W = X = 0 is not present: an EPT violation, at any level', () => {
    for (const [addr, level] of [[PML4, 0], [PDPT + 8, 1], [PD + 24, 2], [PT + 40, 3]] as const) {
      const m = fourLevel();
      m.w(addr, 0x5000 | WB); // address bits and a memory type, but no permission
      const v = describeEptWalk(bytesReader(m.bytes), EPTP, GPA);
      expect(v.outcome).toBe('not-present');
      expect(v.steps).toHaveLength(level + 1);
      expect(v.steps[level]!.reason).toMatch(/EPT violation/);
      expect(v.output).toBeNull();
      expect(v.rights).toBeNull();
    }
  });

  it('reports each misconfiguration of SDM 29.3.3.1', () => {
    const cases: [string, (m: ReturnType<typeof memory>) => void, RegExp][] = [
      ['write without read', (m) => m.w(PD + 24, PT | W | X), /write access without read/],
      ['execute-only without support', (m) => m.w(PT + 40, 0x777000 | X | WB), /execute-only/],
      ['bits 51:32 (beyond MAXPHYADDR 32)', (m) => m.w(PDPT + 8, PD | R | W | X, 0x1), /reserved bits 51:32/],
      ['PML4E bits 7:3', (m) => m.w(PML4, PDPT | R | W | X | 0x8), /bits 7:3 of a PML4E/],
      ['non-leaf PDE bits 7:3', (m) => m.w(PD + 24, PT | R | W | X | 0x30), /non-leaf EPT-PDE/],
      ['leaf memory type 2', (m) => m.w(PT + 40, 0x777000 | R | (2 << 3)), /memory type 2/],
      ['leaf memory type 7', (m) => m.w(PT + 40, 0x777000 | R | (7 << 3)), /memory type 7/],
      ['2 MiB leaf bits 20:12', (m) => m.w(PD + 24, 0x00e01000 | R | WB | LARGE), /bits 20:12 of a 2 MiB/],
      ['1 GiB leaf bits 29:12', (m) => m.w(PDPT + 8, 0x80200000 | R | WB | LARGE), /bits 29:12 of a 1 GiB/],
    ];
    for (const [name, poke, reason] of cases) {
      const m = fourLevel();
      poke(m);
      const v = describeEptWalk(bytesReader(m.bytes), EPTP, GPA, EPT_SUPPORT_ALL);
      expect(v.outcome, name).toBe('misconfig');
      expect(v.steps[v.steps.length - 1]!.reason, name).toMatch(reason);
      expect(v.output, name).toBeNull();
    }
    // Execute-only is fine where IA32_VMX_EPT_VPID_CAP bit 0 allows it.
    const m = fourLevel();
    m.w(PT + 40, 0x777000 | X | WB);
    expect(describeEptWalk(bytesReader(m.bytes), EPTP, GPA, { ...EPT_SUPPORT_ALL, executeOnly: true }).outcome).toBe('frame');
  });

  it('a table outside memory stops the walk with no-memory', () => {
    const m = fourLevel();
    m.w(PD + 24, 0x00900000 | R | W | X);
    const v = describeEptWalk(bytesReader(m.bytes), EPTP, GPA);
    expect(v.outcome).toBe('no-memory');
    expect(v.steps[3]!.entryAddress).toBe(0x00900000 + 40);
  });
});
