/**
 * Shadow coherence under guest PTE writes (test/guests/cpu/shadow-coherence.asm): a kernel that remaps,
 * unmaps, write-protects and self-maps its page tables, switches address spaces and PDEs, uses a 4 MiB page,
 * and reads back through every mapping. The hardware is the oracle: virtlab native prints what QEMU prints, and
 * trap, bt and vtx --ept off — running on the shadow MMU (core/vmm/mmu/shadow-mmu.ts) — and vtx with EPT print
 * what native prints, while their
 * counters show the shadow MMU at work: hidden faults filling the shadow, page-table writes syncing it, INVLPG
 * resyncs, root switches and misses, and exactly the guest's own page faults as true ones.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { requireOracle } from '../support/oracles';
import { runInQemu } from '../support/qemu';
import { ending, runInMode, type ModeRun } from '../support/run-mode';
import { buildCpuGuest } from '../unit/cpu/guest';

const hasTools = requireOracle('nasm') && requireOracle('qemu-system-i386');
/** What the guest prints when every read is right (the three page faults it provokes are among the lines). */
const PAGE_FAULTS = 3;

describe.skipIf(!hasTools)('shadow coherence under guest PTE writes', () => {
  let bin = '';
  let native: ModeRun;
  beforeAll(async () => {
    bin = await buildCpuGuest('shadow-coherence.asm');
    native = await runInMode(readFileSync(bin), 'native');
  });

  it('native: the same serial bytes and exit as qemu-system-i386', async () => {
    const q = await runInQemu(bin, { timeoutMs: 20_000 });
    expect(q.timedOut).toBe(false);
    expect(native.serial).toBe(q.serial.toString('latin1'));
    expect([native.outcome, native.exitValue]).toEqual(['debug-exit', 0]);
    expect(native.serial.match(/#0000000e/g)?.length).toBe(PAGE_FAULTS);
  });

  it.each(['trap', 'bt'] as const)('%s: what native prints, with the shadow MMU\'s work counted', async (mode) => {
    const r = await runInMode(readFileSync(bin), mode);
    expect(ending(r)).toEqual(ending(native));
    const c = r.stats.vcpus[0]!.vmm!.counters;
    expect(c['true_faults']).toBe(PAGE_FAULTS);
    expect(c['page_faults_seen']).toBe(c['hidden_faults']! + PAGE_FAULTS);
    expect(c['hidden_faults']).toBeGreaterThan(30); // every page the guest touches with paging on, and each refill
    expect(c['pt_writes']).toBeGreaterThan(80); // the 64-iteration remap loop, the demand loop, each case
    expect(c['shadow_syncs']).toBeGreaterThan(60); // most of those rewrote a shadow entry in place
    expect(c['invlpg_resyncs']).toBeGreaterThanOrEqual(64); // (only INVLPGs of a shadowed page count)
    // Paging on (PDA: a miss), PDB (a miss), PDA (a hit), two reloads, and after CR4.PSE is set (every shadow
    // page zapped) PDA once more, a miss.
    expect([c['cr3_loads'], c['shadow_root_switches'], c['shadow_root_misses'], c['shadow_zap_all']]).toEqual([5, 6, 3, 1]);
    expect(c['shadow_pages_in_use']).toBeGreaterThan(0);
  });

  it('vtx --ept off: what native prints; the shadow MMU behind #PF, CR3 and INVLPG exits', async () => {
    const r = await runInMode(readFileSync(bin), 'vtx', { ept: false });
    expect(ending(r)).toEqual(ending(native));
    const c = r.stats.vcpus[0]!.vmm!.counters;
    expect(c['true_faults']).toBe(PAGE_FAULTS);
    expect(c['page_faults_seen']).toBe(c['hidden_faults']! + PAGE_FAULTS);
    expect(c['hidden_faults']).toBeGreaterThan(30);
    expect(c['pt_writes']).toBeGreaterThan(80);
    expect(c['invlpg_resyncs']).toBeGreaterThanOrEqual(64);
    expect(c['cr3_loads']).toBe(5);
    const exits = r.stats.vcpus[0]!.vmx.exits_by_reason;
    expect(exits['EXCEPTION_NMI']).toBe(c['page_faults_seen']);
    expect(exits['CR_ACCESS']).toBeGreaterThanOrEqual(5);
    expect(exits['INVLPG']).toBeGreaterThanOrEqual(64);
  });

  it('vtx with EPT: what native prints, with no #PF exit and no shadow work', async () => {
    const r = await runInMode(readFileSync(bin), 'vtx', { ept: true });
    expect(ending(r)).toEqual(ending(native));
    const c = r.stats.vcpus[0]!.vmm!.counters;
    expect([c['page_faults_seen'], c['pt_writes'], c['hidden_faults'] ?? 0]).toEqual([0, 0, 0]);
    const exits = r.stats.vcpus[0]!.vmx.exits_by_reason;
    expect(exits['EXCEPTION_NMI'] ?? 0).toBe(0);
    expect(exits['INVLPG'] ?? 0).toBe(0);
    expect(exits['EPT_VIOLATION']).toBeGreaterThan(0);
  });
});
