/**
 * The VM exit round trip of `--mode vtx`: a guest that loops on CPUID (which always exits in VMX non-root),
 * so every iteration is one VM exit, the VMM's CPUID handling and one VM entry. The same loop in native mode
 * (CPUID without an exit) is the cost of the loop itself; the difference is what an exit adds. Only the guest
 * part is timed: each mode runs with N = SMALL and N = LARGE in this process (no tsx start-up), and the rate is
 * (LARGE − SMALL) over the difference in wall clock and in this process's CPU time (one vCPU runs on the main
 * thread), median of REPEATS pairs. The guest has code only (no data, no stack): nothing it stores shares a
 * page with its code. The run fails unless the VMM counted exactly N CPUID exits.
 */
import { loadavg } from 'node:os';
import { assemble } from '../../src-main/core/asm';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
import type { VmMode } from '../../src-main/engine/vm-config';

const SMALL = 1_000;
const LARGE = 1_000_000;
const REPEATS = 3;

const source = (n: number): string => `bits 32
org 0x100000
  mov esi, ${n}
.loop:
  xor eax, eax
  cpuid
  dec esi
  jnz .loop
  mov al, 0
  out 0xf4, al
  cli
  hlt
`;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Wall and CPU milliseconds of one run from start to end, after checking it made exactly `n` CPUID exits in vtx. */
async function once(n: number, mode: VmMode): Promise<{ wall: number; cpu: number }> {
  const r = assemble({ mainFile: 'cpuid-loop.asm', readFile: () => source(n) });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const vm = await VirtualMachine.create({ image: r.bytes, imageName: 'cpuid-loop', mode, loadAddress: 0x100000, vcpus: 1, numaAccounting: false });
  const before = process.cpuUsage();
  const t0 = performance.now();
  vm.start();
  const result = await vm.wait();
  const wall = performance.now() - t0;
  const used = process.cpuUsage(before);
  if (result.outcome !== 'debug-exit') throw new Error(`the CPUID loop under --mode ${mode} ended with ${result.outcome}: ${result.reports.map((x) => x.text).join('; ')}`);
  const exits = result.stats.vcpus[0]!.vmx.exits_by_reason['CPUID'] ?? 0;
  if (exits !== (mode === 'vtx' ? n : 0)) throw new Error(`--mode ${mode} with N = ${n}: ${exits} CPUID exits`);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/** Iterations per second of wall clock and of CPU time, start-up subtracted. */
async function rate(mode: VmMode): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const a = await once(SMALL, mode);
    const b = await once(LARGE, mode);
    wall.push(((LARGE - SMALL) / Math.max(1e-3, b.wall - a.wall)) * 1000);
    cpu.push(((LARGE - SMALL) / Math.max(1e-3, b.cpu - a.cpu)) * 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const kps = (x: number): string => `${(x / 1e3).toFixed(1).padStart(8)} k/s`;

export default async function main(): Promise<void> {
  console.log(`load average at start   ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  const native = await rate('native');
  const vtx = await rate('vtx');
  console.log(`native ${kps(native.wall)} wall, ${kps(native.cpu)} CPU — CPUID loop iterations (4 instructions, no exit)`);
  console.log(`vtx    ${kps(vtx.wall)} wall, ${kps(vtx.cpu)} CPU — VM exit round trips (CPUID exit, VMM, VM entry), loop included`);
  const extra = (r: { wall: number; cpu: number }, k: 'wall' | 'cpu'): string => (1e6 / r[k]).toFixed(2);
  console.log(
    `an exit adds           ${(1e6 / vtx.wall - 1e6 / native.wall).toFixed(2)} µs wall, ${(1e6 / vtx.cpu - 1e6 / native.cpu).toFixed(2)} µs CPU over the plain loop ` +
      `(${extra(vtx, 'wall')} vs ${extra(native, 'wall')} µs per iteration); N = ${SMALL.toLocaleString('en-US')} and ${LARGE.toLocaleString('en-US')}, rate from the difference, median of ${REPEATS}`,
  );
  console.log(`load average at end     ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
}
