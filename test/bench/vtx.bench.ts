/**
 * The VM exit round trip of `--mode vtx`: a guest that loops on CPUID (which always exits in VMX non-root),
 * so every iteration is one VM exit, the VMM's CPUID handling and one VM entry. Prints exits per second of
 * wall clock and of this process's CPU time, beside the same loop in native mode (no exit) for scale.
 */
import { assemble } from '../../src-main/core/asm';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
import type { VmMode } from '../../src-main/engine/vm-config';

const N = 200_000;
const REPEATS = 3;

const SOURCE = `bits 32
org 0x100000
  mov esi, ${N}
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

async function once(image: Uint8Array, mode: VmMode): Promise<{ wallRate: number; cpuRate: number; exits: number }> {
  const vm = await VirtualMachine.create({ image, imageName: 'cpuid-loop', mode, loadAddress: 0x100000, numaAccounting: false });
  const before = process.cpuUsage();
  const t0 = performance.now();
  vm.start();
  const r = await vm.wait();
  const wall = performance.now() - t0;
  const used = process.cpuUsage(before);
  if (r.outcome !== 'debug-exit') throw new Error(`the CPUID loop under --mode ${mode} ended with ${r.outcome}: ${r.reports.map((x) => x.text).join('; ')}`);
  const exits = r.stats.vcpus[0]!.vmx.exits_by_reason['CPUID'] ?? 0;
  return { wallRate: (N / wall) * 1000, cpuRate: (N / (used.user + used.system)) * 1e6, exits };
}

export default async function main(): Promise<void> {
  const r = assemble({ mainFile: 'cpuid-loop.asm', readFile: () => SOURCE });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  for (const mode of ['native', 'vtx'] as const) {
    const runs = [];
    for (let i = 0; i < REPEATS; i++) runs.push(await once(r.bytes, mode));
    const wall = median(runs.map((x) => x.wallRate));
    const cpu = median(runs.map((x) => x.cpuRate));
    const what = mode === 'vtx' ? `VM exit round trips (CPUID exits: ${runs[0]!.exits})` : 'CPUID loop iterations, no exit';
    console.log(`${mode.padEnd(6)} ${(wall / 1e3).toFixed(1).padStart(8)} k/s wall, ${(cpu / 1e3).toFixed(1).padStart(8)} k/s CPU — ${what}, median of ${REPEATS}`);
  }
}
