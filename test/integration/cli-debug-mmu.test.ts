/**
 * The MMU inspector end to end: `page ADDR` and `info tlb` in `virtlab debug` on a paging guest (native and
 * under the built-in VMMs), and the MMU counters in the stats JSON and the live snapshot.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { assembleFromDisk } from '../support/assemble-file';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
import type { VmStats } from '../../src-main/engine/vm-stats';

const EXAMPLES = join(__dirname, '../../resources/examples');
const PAGING = join(EXAMPLES, 'paging.asm');
/** The line of paging.asm that writes the not-present page: VIRT_A is mapped (and used), VIRT_B is not yet. */
const BEFORE_FAULT = readFileSync(PAGING, 'utf8').split('\n').findIndex((l) => l.trim().startsWith('mov dword [VIRT_B], 0x12345678')) + 1;
const EXIT_OK = (0 << 1) | 1;

const tmp = mkdtempSync(join(tmpdir(), 'virtlab-mmu-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function frameA(out: string): number {
  const m = /^(0x[0-9a-f]{8}) \(\d+\)$/m.exec(out);
  expect(m).not.toBeNull();
  return Number(m![1]);
}

const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

describe('virtlab debug: page and info tlb', () => {
  it('native: each entry of the walk, the not-present PTE, the TLB entry and the TLB counters', async () => {
    const input = [`break ${BEFORE_FAULT}`, 'continue', 'print frame_a', 'page 0x40000000', 'page 0x40001000', 'info tlb 2', 'delete', 'continue'].join('\n');
    const r = await runCli(['debug', PAGING], { input });
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT_OK);
    const frame = frameA(r.out);
    expect(r.out).toContain(`vCPU 0: 0x40000000 → ${hex8(frame)} (4 KiB page, 2 table references per TLB miss)`);
    expect(r.out).toMatch(/page tables \(CR3 (0x[0-9a-f]{8})\): 0x40000000 → 0x[0-9a-f]{8} \(supervisor, read\/write\), 2 references\n {2}PDE +\1\[256\] @ 0x[0-9a-f]{8} = 0x[0-9a-f]{8} \[P RW[^\]]*\] → table (0x[0-9a-f]{8})\n {2}PTE +\2\[ {2}0\] @ \2 = 0x[0-9a-f]{8} \[P RW A D\] → 4 KiB page /);
    expect(r.out).toContain(`TLB: 0x40000000 → ${hex8(frame)} (supervisor read, supervisor write)`);
    expect(r.out).toMatch(/PTE +0x[0-9a-f]{8}\[ {2}1\] @ 0x[0-9a-f]{8} = 0x00000000 \[\] ✗ not-present: P = 0: #PF\nTLB: no entry for this page/);
    const tlb = /vCPU 0: TLB holds (\d+) page\(s\); (\d+) hits, (\d+) misses \(page walks\), (\d+) table references \(2\.00 per walk\), (\d+) flushes/.exec(r.out);
    expect(tlb).not.toBeNull();
    const [filled, , misses, refs] = tlb!.slice(1).map(Number);
    expect(filled).toBeGreaterThan(2);
    expect(refs).toBe(2 * misses!);
    expect(r.out).toMatch(/\n {2}… \d+ more\n/);
  });

  // (Not bt: the guest kernel runs as translated code there, at other addresses than its breakpoints.)
  it.each([['trap'], ['vtx']])('--mode %s: the guest\'s tables and the tables the CPU walks lead to the same frame', async (mode) => {
    const input = [`break ${BEFORE_FAULT}`, 'continue', 'print frame_a', 'page 0x40000000', 'page 0x40001000', 'info tlb 0', 'delete', 'continue'].join('\n');
    const r = await runCli(['debug', PAGING, '--mode', mode], { input });
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT_OK);
    const frame = frameA(r.out);
    // The guest's own tree from its virtual CR3, then the tree the CPU walks (shadow, or the guest's under EPT).
    expect(r.out).toMatch(new RegExp(`guest's page tables \\(CR3 0x[0-9a-f]{8}\\): 0x40000000 → ${hex8(frame)}`));
    expect(r.out).toMatch(new RegExp(`vCPU 0: 0x40000000 → guest-physical ${hex8(frame)} → (host-physical )?${hex8(frame)}`));
    expect(r.out).toMatch(/vCPU 0: 0x40001000: the guest's (tables say|walk stops: )/);
    expect(r.out).toMatch(/vCPU 0: TLB holds \d+ page\(s\); \d+ hits, \d+ misses/);
  });
});

describe('MMU counters', () => {
  it('stats JSON: walks = TLB misses, 2 references per walk for a 4 KiB-page guest, no shadow or EPT counters natively', async () => {
    const file = join(tmp, 'native.json');
    const r = await runCli(['run', PAGING, '--stats', file]);
    expect(r.code).toBe(EXIT_OK);
    const s = JSON.parse(readFileSync(file, 'utf8')) as VmStats;
    const mmu = s.vcpus[0]!.mmu;
    expect(Object.keys(mmu)).toEqual(['tlb_hits', 'tlb_misses', 'walks', 'walk_refs', 'refs_per_walk', 'ept_walk_refs', 'tlb_flushes', 'shadow', 'ept']);
    expect(mmu.walks).toBe(mmu.tlb_misses);
    expect(mmu.walks).toBeGreaterThan(0);
    const walkRow = s.cost.vcpus[0]!.find((row) => row.kind === 'TlbMiss')!;
    expect(mmu.walks).toBe(walkRow.count);
    expect(mmu.refs_per_walk).toBe(2);
    expect(mmu.walk_refs).toBe(2 * mmu.walks);
    expect(mmu.tlb_hits).toBeGreaterThan(mmu.tlb_misses);
    expect(mmu.ept_walk_refs).toBe(0);
    expect(mmu.shadow).toBeNull();
    expect(mmu.ept).toBeNull();
  });

  it('stats JSON under --mode trap carries the shadow-paging counters by name', async () => {
    const file = join(tmp, 'trap.json');
    const r = await runCli(['run', PAGING, '--mode', 'trap', '--stats', file]);
    expect(r.code).toBe(EXIT_OK);
    const mmu = (JSON.parse(readFileSync(file, 'utf8')) as VmStats).vcpus[0]!.mmu;
    expect(mmu.walks).toBe(mmu.tlb_misses);
    expect(mmu.shadow).not.toBeNull();
    expect(mmu.shadow!['cr3_loads']).toBeGreaterThan(0);
    expect(mmu.shadow!['page_faults_seen']).toBeGreaterThan(0);
  });

  it('the live snapshot and the lifecycle log carry each vCPU\'s MMU counters', async () => {
    const image = assembleFromDisk(PAGING, [EXAMPLES]).bytes;
    const vm = await VirtualMachine.create({ image, imageName: 'paging.asm', deterministic: true, timeoutMs: 20_000 });
    vm.start();
    const r = await vm.wait();
    expect(r.outcome).toBe('debug-exit');
    const mmu = vm.snapshot().vcpus[0]!.mmu!;
    expect(mmu).toMatchObject({ tlbMisses: r.stats.vcpus[0]!.mmu.walks, walkRefs: r.stats.vcpus[0]!.mmu.walk_refs, refsPerWalk: 2 });
    // The lifecycle log closes with the same figures.
    const line = vm.lifecycleLog().find((e) => e.event === 'MMU totals' && e.vcpu === 0);
    expect(line?.detail).toBe(`TLB ${mmu.tlbHits} hits, ${mmu.tlbMisses} misses (page walks) reading ${mmu.walkRefs} paging-structure entries (2.00 per walk), ${mmu.tlbFlushes} flushes`);
  });
});
