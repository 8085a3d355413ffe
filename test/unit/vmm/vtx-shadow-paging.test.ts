/**
 * `--mode vtx --ept off` does what first-generation VT-x hypervisors did: the CPU walks shadow page tables
 * in the VMM's memory; every guest #PF is a VM exit the VMM walks in the guest's tables (a hidden fault fills
 * the shadow, a true one goes back to the guest with CR2 right), every MOV to CR3 exits and switches shadow
 * roots, every store to a shadowed page table is the write-protection exit it would be. A guest with exact counts of each, run natively
 * and under the VMM on the platform's PC.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../src-main/core/asm';
import { Cpu, type CpuOptions } from '../../../src-main/core/cpu/cpu';
import { Engine, EXIT_BUDGET, EXIT_REQUESTED } from '../../../src-main/core/cpu/engine';
import { STOP_EXIT_REQUEST } from '../../../src-main/core/cpu/exceptions';
import { applyEntryState } from '../../../src-main/core/cpu/reset';
import { COST_EMULATION, COST_SHADOW_SYNC, COST_VM_ENTRY, COST_VM_EXIT, COST_VMM_PAGE_WALK } from '../../../src-main/core/cpu/costs';
import { cpuCostVector, VTX_GEN1 } from '../../../src-main/core/cost';
import { PcPlatform } from '../../../src-main/core/machine/pc';
import { ExitReason } from '../../../src-main/core/vmx/exit-reasons';
import { VtxVcpu, VTX_GEN1_OPTIONS, VTX_GUEST_CPU } from '../../../src-main/core/vmm/vtx';
import { SV } from '../../../src-main/core/vmm/soft/vmm-stats';
import { PAGE_WATCHED } from '../../../src-main/core/cpu/cpu';

const GUEST = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../guests/vmm/shadow-paging.asm'), 'utf8');

interface Run { cpu: Cpu; vtx: VtxVcpu | null; exit: number; result: number[] }

function run(image: Uint8Array, underVtx: boolean): Run {
  let cpu: Cpu | null = null;
  const pc = new PcPlatform({
    ramSize: 64 << 20, sharedRam: false, serialSink: () => {},
    run: { requestExit: () => { if (cpu) cpu.stopReason = STOP_EXIT_REQUEST; } },
  });
  const loaded = pc.loadKernel(image, { kernelName: 'guest.bin' });
  const options: CpuOptions = { apicId: 0, costs: cpuCostVector(VTX_GEN1), ...(underVtx ? VTX_GUEST_CPU : {}) };
  cpu = new Cpu(pc.ram, pc.busFor(0), pc.lapics[0]!, null, options);
  applyEntryState(cpu, loaded.entry);
  const vtx = underVtx ? new VtxVcpu(cpu, 0, VTX_GEN1_OPTIONS) : null;
  vtx?.launch();
  const engine = new Engine(cpu);
  let exit: number = EXIT_BUDGET;
  while (exit === EXIT_BUDGET && cpu.instructions < 10_000_000) exit = engine.run(100_000);
  const r32 = new Int32Array(pc.ram.u8.buffer, pc.ram.u8.byteOffset + 0x5000, 3);
  return { cpu, vtx, exit, result: Array.from(r32, (x) => x >>> 0) };
}

describe('--mode vtx: shadow paging without EPT', () => {
  const image = assemble({ mainFile: 'guest.asm', readFile: () => GUEST }).bytes;

  it('the guest sees the same page faults (count, CR2, error code) as natively', () => {
    const native = run(image, false), vtx = run(image, true);
    expect(native.exit).toBe(EXIT_REQUESTED);
    expect(vtx.exit).toBe(EXIT_REQUESTED);
    expect(native.result).toEqual([3, 0x800008, 2]); // the last one a supervisor write to a not-present page
    expect(vtx.result).toEqual(native.result);
  });

  it('each guest #PF is a VM exit: hidden ones fill the shadow, true ones (the guest\'s three) are injected; each MOV to CR3 exits', () => {
    const { cpu, vtx } = run(image, true);
    const s = vtx!.stats;
    expect(s[SV.trueFaults]).toBe(3);
    expect(s[SV.hiddenFaults]).toBeGreaterThan(0);
    expect(s[SV.pageFaultsSeen]).toBe(s[SV.hiddenFaults]! + s[SV.trueFaults]!);
    expect(cpu.vmx.exitsByReason[ExitReason.EXCEPTION_NMI]).toBe(s[SV.pageFaultsSeen]);
    expect(cpu.eventCounts[COST_VMM_PAGE_WALK]).toBe(s[SV.pageFaultsSeen]);
    expect(s[SV.cr3Loads]).toBe(3);
    // Paging on (PD), then PD2 and PD again: the last one found its cached root.
    expect([s[SV.shadowRootSwitches], s[SV.shadowRootMisses]]).toEqual([3, 2]);
    // The real CR3 is a shadow root in the VMM's memory, the guest sees its own.
    expect(cpu.cr3 >>> 0).toBeGreaterThanOrEqual(0xffc00000);
    expect(cpu.peekCr3).toBe(0x200000);
    // Both address spaces stay shadowed: their directories and the page table they share are write-protected.
    for (const a of [0x200000, 0x201000, 0x202000]) expect(cpu.pageKind[a >>> 12]).toBe(PAGE_WATCHED);
  });

  it('each store to a shadowed page table is charged as a VM exit, an emulation, a shadow sync and a VM entry', () => {
    const { cpu, vtx } = run(image, true);
    const s = vtx!.stats;
    expect(s[SV.ptWrites]).toBe(6);
    // Shadow syncs: each page-table write, each hidden fault, each root switch and each root built.
    expect(cpu.eventCounts[COST_SHADOW_SYNC]).toBe(6 + s[SV.hiddenFaults]! + s[SV.shadowRootSwitches]! + s[SV.shadowRootMisses]!);
    expect(cpu.eventCounts[COST_EMULATION]).toBe(6);
    // Real exits and entries (counted by the VMX implementation) plus the six charged write-protection round trips.
    expect(cpu.eventCounts[COST_VM_EXIT]).toBe(cpu.vmx.exits + 6);
    expect(cpu.eventCounts[COST_VM_ENTRY]).toBe(cpu.vmx.entries + 6);
    const native = run(image, false);
    expect(native.cpu.eventCounts[COST_SHADOW_SYNC]).toBe(0);
  });
});
