/**
 * A microbenchmark guest (resources/kernel/bench) on one vCPU run directly — CPU, engine and the mode's VMM on
 * this thread — so the MMU counters of the CPU can be read: cycles, VM exits, TLB misses, paging-structure
 * references (guest + EPT). For the mmu bench and the tests of the figures it prints.
 */
import { Cpu } from '../../src-main/core/cpu/cpu';
import { Engine, EXIT_BUDGET, EXIT_REQUESTED } from '../../src-main/core/cpu/engine';
import { STOP_EXIT_REQUEST } from '../../src-main/core/cpu/exceptions';
import { applyEntryState } from '../../src-main/core/cpu/reset';
import { COST_PAGE_WALK } from '../../src-main/core/cpu/costs';
import { cpuCostVector, costPreset } from '../../src-main/core/cost';
import { PcPlatform } from '../../src-main/core/machine/pc';
import { BUILT_IN_VMM_GUEST_CPU, type BuiltInVmmVcpu } from '../../src-main/core/vmm/modes';
import { softVmmFactory } from '../../src-main/core/vmm/soft-vmm';
import { VtxVcpu, type VtxOptions } from '../../src-main/core/vmm/vtx';
import { microbenchImage, type Microbench } from './microbench';

export type MmuBenchMode = 'native' | 'trap' | 'bt' | 'vtx';

export interface MmuFigures {
  readonly cycles: number;
  readonly exits: number;
  readonly tlbMisses: number;
  readonly walkRefs: number;
  readonly eptWalkRefs: number;
  readonly ms: number;
}

/** One run of `bench` with `iterations`; throws unless the guest ended with isa-debug-exit 0. */
export function runMmuBench(bench: Microbench, mode: MmuBenchMode, options: VtxOptions | null, iterations: number, cost = 'modern'): MmuFigures {
  let cpu: Cpu | null = null;
  let exitValue = -1;
  const pc = new PcPlatform({
    ramSize: 64 << 20, sharedRam: false, serialSink: () => {},
    run: { requestExit: (v) => { exitValue = v; if (cpu) cpu.stopReason = STOP_EXIT_REQUEST; } },
  });
  const loaded = pc.loadKernel(microbenchImage(bench), { kernelName: `${bench}.bin`, append: `iterations=${iterations}` });
  cpu = new Cpu(pc.ram, pc.busFor(0), pc.lapics[0]!, null, {
    apicId: 0, costs: cpuCostVector(costPreset(cost)!), ...(mode !== 'native' ? BUILT_IN_VMM_GUEST_CPU : {}),
  });
  applyEntryState(cpu, loaded.entry);
  const start = performance.now();
  let vmm: BuiltInVmmVcpu | null = null;
  if (mode === 'vtx') vmm = new VtxVcpu(cpu, 0, options!);
  else if (mode !== 'native') vmm = softVmmFactory(mode)!(cpu, 0, null);
  vmm?.launch();
  const engine = new Engine(cpu);
  let exit: number = EXIT_BUDGET;
  while (exit === EXIT_BUDGET && cpu.instructions < 500_000_000) exit = engine.run(1_000_000);
  const ms = performance.now() - start;
  if (exit !== EXIT_REQUESTED || exitValue !== 0) throw new Error(`${bench} under ${mode}: engine exit ${exit}, isa-debug-exit ${exitValue}`);
  return {
    cycles: cpu.cycles, exits: cpu.vmx.exits, tlbMisses: cpu.eventCounts[COST_PAGE_WALK]!,
    walkRefs: cpu.walkRefs, eptWalkRefs: cpu.eptWalkRefs, ms,
  };
}

