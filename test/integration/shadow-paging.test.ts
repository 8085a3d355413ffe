/**
 * Shadow paging's costs as each built-in VMM pays them, on a guest with exact counts
 * (test/guests/vmm/shadow-paging.asm: 6 stores to traced page tables, 3 page faults, 3 MOV to CR3): the guest
 * sees what it sees natively; the stats count the same events under every VMM; the cost report charges them
 * per technique (vtx: a VM exit round trip, an emulation and a shadow sync per page-table store; trap: a trap,
 * an emulation and a sync; bt: a callout and a sync; the page faults a VMM page walk each). Trap, bt and vtx
 * --ept off run on the shadow MMU (core/vmm/mmu/shadow-mmu.ts): their shadow starts empty, so they also take
 * hidden faults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src-main/core/asm';
import { VirtualMachine, type VmResult } from '../../src-main/engine/virtual-machine';
import type { VmConfig, VmMode } from '../../src-main/engine/vm-config';

const SOURCE = readFileSync(join(__dirname, '../guests/vmm/shadow-paging.asm'), 'utf8');
const image = assemble({ mainFile: 'shadow-paging.asm', readFile: () => SOURCE }).bytes;

async function run(mode: VmMode, config: Partial<VmConfig> = {}): Promise<VmResult> {
  const vm = await VirtualMachine.create({ image, imageName: 'shadow-paging.bin', mode, cost: 'vtx-gen1', deterministic: true, timeoutMs: 20_000, ...config });
  vm.start();
  return vm.wait();
}

const events = (r: VmResult, kind: string): number => r.stats.cost.total.find((row) => row.kind === kind)?.count ?? 0;

describe('shadow paging under the built-in VMMs (vtx-gen1)', () => {
  it('native: the guest takes 3 page faults with the right CR2 and error code; nothing is charged for shadow paging', async () => {
    const r = await run('native');
    expect([r.outcome, r.exitValue]).toEqual(['debug-exit', 0x33]);
    expect(events(r, 'ShadowSync')).toBe(0);
    expect(events(r, 'PageWalk')).toBe(0);
  });

  it('vtx --ept off: real shadow page tables — the guest\'s 3 true faults among the hidden ones, 6 page-table writes, 3 CR3 loads, counted and charged', async () => {
    const r = await run('vtx', { ept: false, vpid: false });
    expect([r.outcome, r.exitValue]).toEqual(['debug-exit', 0x33]);
    const c = r.stats.vcpus[0]!.vmm!.counters;
    expect([c['pt_writes'], c['true_faults'], c['cr3_loads']]).toEqual([6, 3, 3]);
    expect(c['hidden_faults']).toBeGreaterThan(0);
    expect(c['page_faults_seen']).toBe(c['hidden_faults']! + c['true_faults']!);
    // A sync per page-table write, per hidden fault, per root switch and per root built.
    expect(events(r, 'ShadowSync')).toBe(6 + c['hidden_faults']! + c['shadow_root_switches']! + c['shadow_root_misses']!);
    expect(events(r, 'PageWalk')).toBe(c['page_faults_seen']);
    const vmx = r.stats.vcpus[0]!.vmx;
    expect(vmx.exits_by_reason['EXCEPTION_NMI']).toBe(c['page_faults_seen']);
    expect(events(r, 'VmExit')).toBe(vmx.exits + 6); // the 6 write-protection round trips are charged, not real exits
    expect(events(r, 'TrapToVmm')).toBe(0);
  });

  it('vtx with EPT: the guest\'s paging is its own — its page faults and page-table writes cost no exit and no shadow sync', async () => {
    const r = await run('vtx', { ept: true });
    expect([r.outcome, r.exitValue]).toEqual(['debug-exit', 0x33]);
    const c = r.stats.vcpus[0]!.vmm!.counters;
    expect([c['pt_writes'], c['page_faults_seen']]).toEqual([0, 0]);
    expect(events(r, 'ShadowSync')).toBe(0);
    const vmx = r.stats.vcpus[0]!.vmx;
    expect(vmx.exits_by_reason['EXCEPTION_NMI'] ?? 0).toBe(0);
    expect(vmx.exits_by_reason['EPT_VIOLATION']).toBe(c['ept_violations_ram']! + c['ept_violations_mmio']!);
  });

  it.each(['trap', 'bt'] as const)('%s (shadow MMU): same guest behaviour; 6 page-table writes, 3 true faults among the hidden ones, 3 root switches', async (mode) => {
    const r = await run(mode);
    expect([r.outcome, r.exitValue]).toEqual(['debug-exit', 0x33]);
    const c = r.stats.vcpus[0]!.vmm!.counters;
    expect([c['pt_writes'], c['true_faults'], c['cr3_loads']]).toEqual([6, 3, 3]);
    // Every page the guest touches with paging on is first a hidden fault (the shadow starts empty).
    expect(c['hidden_faults']).toBeGreaterThan(3);
    expect(c['page_faults_seen']).toBe(c['hidden_faults']! + c['true_faults']!);
    // Paging turned on (PD: a miss), CR3 = PD2 (a miss), CR3 = PD again (cached: a hit).
    expect([c['shadow_root_switches'], c['shadow_root_misses'], c['shadow_zap_all']]).toEqual([3, 2, 0]);
    expect(c['shadow_pages_in_use']).toBe(3); // the two roots and the page table they share
    // Shadow syncs charged: the 6 write-protection faults, each hidden fault's fill, each root switch and miss
    // (a software VMM also syncs shadow GDT descriptors, charged as the same kind).
    expect(events(r, 'ShadowSync')).toBe(6 + c['hidden_faults']! + 3 + 2 + c['shadow_descriptor_syncs']!);
    expect(events(r, 'PageWalk')).toBe(c['page_faults_seen']);
    expect(events(r, 'VmExit')).toBe(0);
    if (mode === 'trap') expect(events(r, 'TrapToVmm')).toBe(c['traps']! + 6);
    else { // bt: a page-table store is a callout (adaptive translation), no trap; the page faults still trap
      expect(events(r, 'TrapToVmm')).toBe(c['traps']!);
      expect(events(r, 'Callout')).toBe(c['bt_callouts']! + 6);
    }
  });
});
