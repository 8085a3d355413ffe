import { describe, expect, it } from 'vitest';
import { ADAMS_AGESEN_NANOBENCHMARKS, adamsAgesenNanobenchmark, COST_PRESETS, EVENT_KIND_NAMES, VTX_GEN1 } from '../../../src-main/core/cost';

describe('Adams & Agesen 2006 nanobenchmarks', () => {
  it('hold the seven benchmarks, each value stated or computed from a stated ratio', () => {
    expect(ADAMS_AGESEN_NANOBENCHMARKS.map((b) => b.name)).toEqual(['syscall', 'in', 'cr8wr', 'call/ret', 'pgfault', 'divzero', 'ptemod']);
    for (const b of ADAMS_AGESEN_NANOBENCHMARKS) {
      expect(b.source).toMatch(/^text: /);
      for (const f of [b.native, b.bt, b.vtx]) if (f !== null) expect(Number.isInteger(f.cycles) && f.cycles > 0).toBe(true);
    }
    // "fifteen times faster than native" and "about four times faster than native".
    expect(adamsAgesenNanobenchmark('in').bt).toEqual({ cycles: Math.round(3209 / 15), exact: false });
    expect(adamsAgesenNanobenchmark('cr8wr').native).toEqual({ cycles: 4 * 35, exact: false });
    expect(adamsAgesenNanobenchmark('ptemod').vtx).toEqual({ cycles: 12733, exact: true });
  });
});

describe('the vtx-gen1 preset', () => {
  const c = VTX_GEN1.cycles;
  const paper = (name: Parameters<typeof adamsAgesenNanobenchmark>[0], col: 'native' | 'bt' | 'vtx'): number => adamsAgesenNanobenchmark(name)[col]!.cycles;

  it('adds up, event by event, to what the paper measured', () => {
    expect(paper('call/ret', 'native') + c.Callout).toBe(paper('call/ret', 'bt'));
    expect(c.Callout + c.ShadowSync).toBe(paper('ptemod', 'bt'));
    expect(c.Callout + c.Emulation + c.IoExit).toBe(paper('in', 'bt'));
    expect(paper('pgfault', 'native') + c.TrapToVmm + c.PageWalk).toBe(paper('pgfault', 'bt'));
    expect(c.VmExit + c.Emulation + c.ShadowSync + c.VmEntry).toBe(paper('ptemod', 'vtx'));
    expect(c.Interrupt).toBe(paper('divzero', 'native'));
    // A callout is far cheaper than a trap, a trap cheaper than a VM exit + entry on this part.
    expect(c.Callout * 10).toBeLessThan(c.TrapToVmm);
    expect(c.TrapToVmm).toBeLessThan(c.VmExit + c.VmEntry);
  });

  it('says of every number whether it is stated, computed, an estimate or a model rule', () => {
    for (const p of Object.values(COST_PRESETS)) {
      for (const kind of EVENT_KIND_NAMES) expect(p.sources[kind], `${p.name} ${kind}`).toMatch(/^(stated|computed|estimate|model)\b/);
    }
    expect(VTX_GEN1.sources.VmExit).toMatch(/ptemod/);
    expect(VTX_GEN1.sources.VmExit).toMatch(/not found/);
  });
});

describe('the paper\'s table as text', () => {
  it('lists every benchmark with its three columns, marking computed and missing values', async () => {
    const { formatAdamsAgesenTable } = await import('../../../src-main/core/cost');
    const lines = formatAdamsAgesenTable().trimEnd().split('\n');
    expect(lines[0]).toMatch(/ASPLOS 2006/);
    expect(lines[2]!.trim().split(/\s+/)).toEqual(['native', 'BT', 'VT-x']);
    expect(lines).toContainEqual(expect.stringMatching(/^in\s+3,209\s+≈214\s+15,826$/));
    expect(lines).toContainEqual(expect.stringMatching(/^syscall\s+—\s+—\s+—\s+BT ≈ native \+ 2,000; VT-x ≈ native$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ptemod\s+1\s+391\s+12,733$/));
    expect(lines).toHaveLength(3 + 7);
  });
});
