/**
 * Adams & Agesen (ASPLOS 2006) on virtlab: each microbenchmark guest (resources/kernel/bench) under native,
 * trap, bt and vtx with the first-generation VT-x cost preset (`--cost vtx-gen1`), deterministic, at two pairs
 * of iteration counts; cycles per operation = (cycles(N2) − cycles(N1)) / (N2 − N1) from the vCPU's cycle
 * counter (RDTSC's; guest memory accesses are not in it, they cost the same under every technique). Printed
 * next to the paper's figures (src-main/core/cost/adams-agesen-2006.ts), then as a markdown table for the
 * README. Cycle counts are deterministic: the two pairs must agree (the loop is linear in N).
 *
 *     npm run bench -- adams-agesen
 */
import { ADAMS_AGESEN_2006, adamsAgesenNanobenchmark, type NanobenchmarkName, type PaperCycles } from '../../src-main/core/cost';
import type { VmMode } from '../../src-main/engine/vm-config';
import { cyclesPerOperation, gen1Config, MICROBENCHES, type Microbench } from '../support/microbench';

const MODES: readonly VmMode[] = ['native', 'trap', 'bt', 'vtx'];
const PAIRS: readonly (readonly [number, number])[] = [[20, 60], [100, 300]];

/** The guest that measures each of the paper's nanobenchmarks (cr8wr has none: virtlab's CPU has no CR8). */
const PAPER_NAME: Readonly<Partial<Record<Microbench, NanobenchmarkName>>> = {
  syscall: 'syscall', in: 'in', callret: 'call/ret', pgfault: 'pgfault', divzero: 'divzero', ptemod: 'ptemod',
};

const fmt = (v: number | string): string => (typeof v === 'number' ? Math.round(v).toLocaleString('en-US') : '—');
const paper = (p: PaperCycles | null): string => (p === null ? '—' : `${p.cycles.toLocaleString('en-US')}${p.exact ? '' : '*'}`);

interface Row { readonly bench: Microbench; readonly cycles: Readonly<Record<string, number | string>> }

export default async function adamsAgesen(): Promise<void> {
  const rows: Row[] = [];
  for (const bench of MICROBENCHES) {
    const cycles: Record<string, number | string> = {};
    for (const mode of MODES) {
      const figures: (number | string)[] = [];
      for (const [n1, n2] of PAIRS) figures.push(await cyclesPerOperation(bench, mode, n1, n2, 'vtx-gen1', gen1Config(mode)));
      const [a, b] = figures;
      if (typeof a === 'number' && typeof b === 'number' && a !== b) {
        console.log(`  note: ${bench} under ${mode}: ${a} cycles/op at N = ${PAIRS[0]!.join('/')} but ${b} at N = ${PAIRS[1]!.join('/')}`);
      }
      cycles[mode] = b!;
    }
    rows.push({ bench, cycles });
  }

  console.log(`cycles per operation, --cost vtx-gen1, deterministic (N = ${PAIRS.map((p) => p.join('/')).join(' and ')}); paper: ${ADAMS_AGESEN_2006.machine}`);
  const head = ['bench', ...MODES.map((m) => `virtlab ${m}`), 'paper native', 'paper bt', 'paper vtx'];
  const widths = [9, 15, 15, 15, 15, 13, 10, 10];
  console.log(head.map((h, i) => (i === 0 ? h.padEnd(widths[i]!) : h.padStart(widths[i]!))).join(''));
  for (const { bench, cycles } of rows) {
    const p = PAPER_NAME[bench] ? adamsAgesenNanobenchmark(PAPER_NAME[bench]) : null;
    const cells = [bench, ...MODES.map((m) => fmt(cycles[m]!)), paper(p?.native ?? null), paper(p?.bt ?? null), paper(p?.vtx ?? null)];
    console.log(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(''));
  }
  const unavailable = MODES.filter((m) => rows.some((r) => typeof r.cycles[m] === 'string'));
  for (const m of unavailable) console.log(`  ${m}: ${rows.find((r) => typeof r.cycles[m] === 'string')!.cycles[m]}`);
  console.log('  * computed from a ratio the paper states; — not measured / no figure\n');

  console.log('markdown:\n');
  console.log(`| bench | ${MODES.join(' | ')} | paper native | paper bt | paper vtx |`);
  console.log(`|---|${MODES.map(() => '---:').join('|')}|---:|---:|---:|`);
  for (const { bench, cycles } of rows) {
    const p = PAPER_NAME[bench] ? adamsAgesenNanobenchmark(PAPER_NAME[bench]) : null;
    console.log(`| ${bench} | ${MODES.map((m) => fmt(cycles[m]!)).join(' | ')} | ${paper(p?.native ?? null)} | ${paper(p?.bt ?? null)} | ${paper(p?.vtx ?? null)} |`);
  }
}
