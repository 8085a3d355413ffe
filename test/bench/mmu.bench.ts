/**
 * Memory virtualization on virtlab: the page-fault and page-table-write microbenchmarks (resources/kernel/bench
 * pgfault and ptemod, after Adams & Agesen) under native, trap, bt and the VT-x VMM with EPT on and off, VPID on
 * and off (and 2 MiB EPT pages), with the `modern` cost preset. Per operation, from two runs (N1, N2 iterations;
 * (x(N2) − x(N1)) / (N2 − N1), so boot cancels out): cycles of the cost model, VM exits, TLB misses, and the
 * paging-structure references per TLB miss (guest + EPT: a 2-level guest over a 4-level EPT pays up to
 * (2+1)×(4+1)−1 = 14); wall-clock ms of the N2 run. The same guest under qemu-system-i386 (TCG) gives the peer's
 * wall clock. One vCPU on this thread, run directly (CPU, engine, VMM), so the MMU counters can be read.
 *
 *     npm run bench -- mmu
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { softVmmFactory } from '../../src-main/core/vmm/soft-vmm';
import { vtxOptions } from '../../src-main/core/vmm/vtx';
import { microbenchImage, type Microbench } from '../support/microbench';
import { runMmuBench, type MmuFigures } from '../support/mmu-run';

const BENCHES: readonly Microbench[] = ['pgfault', 'ptemod'];
const N1 = 50, N2 = 250;
const COST = 'modern';

interface Config {
  readonly name: string;
  readonly mode: 'native' | 'trap' | 'bt' | 'vtx';
  readonly vtx?: { readonly ept: boolean; readonly vpid: boolean; readonly eptLargePages?: boolean };
}

const CONFIGS: readonly Config[] = [
  { name: 'native', mode: 'native' },
  { name: 'trap', mode: 'trap' },
  { name: 'bt', mode: 'bt' },
  { name: 'vtx shadow, no VPID', mode: 'vtx', vtx: { ept: false, vpid: false } },
  { name: 'vtx shadow, VPID', mode: 'vtx', vtx: { ept: false, vpid: true } },
  { name: 'vtx EPT, no VPID', mode: 'vtx', vtx: { ept: true, vpid: false } },
  { name: 'vtx EPT, VPID', mode: 'vtx', vtx: { ept: true, vpid: true } },
  { name: 'vtx EPT 2M, VPID', mode: 'vtx', vtx: { ept: true, vpid: true, eptLargePages: true } },
];

/** Wall-clock ms of the guest under qemu-system-i386 (TCG), or null without QEMU. */
function qemuMs(bench: Microbench, iterations: number): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-mmu-'));
  try {
    const file = join(dir, `${bench}.bin`);
    writeFileSync(file, microbenchImage(bench));
    const start = performance.now();
    try {
      execFileSync('qemu-system-i386', ['-kernel', file, '-append', `iterations=${iterations}`, '-display', 'none', '-serial', 'null',
        '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04', '-m', '64'], { stdio: 'ignore', timeout: 60_000 });
    } catch (e) {
      // isa-debug-exit 0 makes QEMU exit with status 1: that is the guest's success.
      if ((e as { status?: number }).status !== 1) return null;
    }
    return performance.now() - start;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const int = (v: number): string => Math.round(v).toLocaleString('en-US');
const dec = (v: number): string => v.toFixed(2);

export default async function mmu(): Promise<void> {
  console.log(`per operation, --cost ${COST}, one vCPU, N = ${N1}/${N2}; refs/miss = paging-structure entries read per TLB miss (guest + EPT), ms = wall clock of the N = ${N2} run`);
  const head = ['bench', 'configuration', 'cycles/op', 'exits/op', 'TLB misses/op', 'refs/miss', 'EPT refs/miss', 'ms'];
  const rows: string[][] = [];
  for (const bench of BENCHES) {
    for (const c of CONFIGS) {
      const options = c.mode === 'vtx' ? vtxOptions(c.vtx!) : null;
      if (typeof options === 'string') { rows.push([bench, c.name, `n/a: ${options}`, '', '', '', '', '']); continue; }
      if (c.mode !== 'native' && c.mode !== 'vtx' && softVmmFactory(c.mode) === null) { rows.push([bench, c.name, 'n/a: not in this build', '', '', '', '', '']); continue; }
      const a = runMmuBench(bench, c.mode, options, N1, COST), b = runMmuBench(bench, c.mode, options, N2, COST);
      const per = (k: keyof MmuFigures): number => (b[k] - a[k]) / (N2 - N1);
      const misses = b.tlbMisses - a.tlbMisses;
      rows.push([bench, c.name, int(per('cycles')), dec(per('exits')), dec(per('tlbMisses')),
        misses > 0 ? dec((b.walkRefs - a.walkRefs) / misses) : '—', misses > 0 ? dec((b.eptWalkRefs - a.eptWalkRefs) / misses) : '—', int(b.ms)]);
    }
    const q = qemuMs(bench, N2);
    rows.push([bench, 'qemu-system-i386 (TCG)', '', '', '', '', '', q === null ? 'n/a' : int(q)]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log('\nmarkdown:\n');
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}
