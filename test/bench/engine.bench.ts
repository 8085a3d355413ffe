/**
 * The multi-vCPU engine: aggregate MIPS of independent compute loops on 1, 2 and 4 vCPU worker threads (and
 * on one thread), the round trip of an exit to a device in the main process (median of per-exit samples),
 * pause latency, and the cost of NUMA accounting. Prints figures (with the load average: the host is shared).
 */
import { loadavg } from 'node:os';
import { hostCeiling } from './host-ceiling';
import { buildSmpGuest, runGuest, type BuiltGuest } from '../unit/engine/support/smp-guest';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
import { RH65 } from '../../src-main/core/numa';
import type { VmConfig } from '../../src-main/engine/vm-config';

const K = 20_000_000; // loop iterations per vCPU, 5 instructions each
const REPEATS = 3;

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(', ');
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function mipsOnce(guest: BuiltGuest, config: Partial<VmConfig>): Promise<number> {
  const r = await runGuest(guest, { timeoutMs: 600_000, ...config });
  const insns = r.stats.vcpus.reduce((s, v) => s + v.instructions, 0);
  return insns / (r.stats.outcome.wall_ms * 1000);
}

/**
 * Instructions per CPU-microsecond of this process, on one thread (threading 'single'): unlike wall-clock
 * MIPS it does not drop when other processes take the host's cores, so on/off comparisons stay fair.
 */
async function cpuMipsOnce(guest: BuiltGuest, config: Partial<VmConfig>): Promise<number> {
  const before = process.cpuUsage();
  const r = await runGuest(guest, { timeoutMs: 600_000, vcpus: 1, threading: 'single', ...config });
  const used = process.cpuUsage(before);
  const insns = r.stats.vcpus.reduce((s, v) => s + v.instructions, 0);
  return insns / (used.user + used.system);
}

/** Median of REPEATS runs (the host is shared: single runs are noisy). */
async function mips(guest: BuiltGuest, config: Partial<VmConfig>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < REPEATS; i++) xs.push(await mipsOnce(guest, config));
  return median(xs);
}

export default async function run(): Promise<void> {
  console.log(`load average at start   ${load()}`);
  const ceiling = await hostCeiling();
  console.log(`host ceiling            a plain JS loop on 2 threads at once runs ${ceiling.toFixed(2)}× one thread (what 2 vCPUs can reach here)`);
  const compute = buildSmpGuest('compute.asm', { K: String(K) });
  const single = await mips(compute, { vcpus: 1, threading: 'single' });
  console.log(`1 vCPU, VMM thread      ${single.toFixed(1)} MIPS (${(await cpuMipsOnce(compute, {})).toFixed(1)} per CPU-second)`);
  const one = await mips(compute, { vcpus: 1, threading: 'workers' });
  console.log(`1 vCPU worker           ${one.toFixed(1)} MIPS`);
  const two = await mips(compute, { vcpus: 2, threading: 'workers' });
  console.log(`2 vCPU workers          ${two.toFixed(1)} MIPS aggregate (${(two / one).toFixed(2)}× one; goal ≥ 1.8×; host ceiling ${ceiling.toFixed(2)}×)`);
  const four = await mips(compute, { vcpus: 4, threading: 'workers' });
  console.log(`4 vCPU workers          ${four.toFixed(1)} MIPS aggregate (${(four / one).toFixed(2)}× one, on this host's cores)`);
  console.log(`load average            ${load()}`);

  const exits = 200_000;
  const portLoop = buildSmpGuest('port-loop.asm', { K: String(exits) });
  const vm = await VirtualMachine.create({ image: portLoop.image, imageName: 'port-loop', loadAddress: portLoop.origin, vcpus: 1, threading: 'workers', exitTimingSamples: exits + 16 });
  vm.start();
  const io = await vm.wait();
  const samples = vm.exitRoundTrips()[0] ?? new Float64Array(0);
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number): number => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN) / 1000;
  const perExit = (io.stats.outcome.wall_ms * 1e3) / io.stats.vcpus[0]!.exits['io_in']!;
  console.log(
    `exit round trip         median ${at(0.5).toFixed(2)} µs (p10 ${at(0.1).toFixed(2)}, p90 ${at(0.9).toFixed(2)}, p99 ${at(0.99).toFixed(2)}) over ${sorted.length} port reads ` +
      `to the VMM thread; goal ≤ 5 µs median. Wall time per exit, guest loop included: ${perExit.toFixed(2)} µs`,
  );

  const spin = buildSmpGuest('compute.asm', { K: '0x7fffffff' });
  const pvm = await VirtualMachine.create({ image: spin.image, imageName: 'spin', loadAddress: spin.origin, vcpus: 2, threading: 'workers' });
  pvm.start();
  await new Promise((r) => setTimeout(r, 200));
  const pauses: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await pvm.pause();
    pauses.push(performance.now() - t);
    pvm.resume();
    await new Promise((r) => setTimeout(r, 20));
  }
  await pvm.stop();
  console.log(`pause of 2 vCPUs        median ${median(pauses).toFixed(2)} ms, max ${Math.max(...pauses).toFixed(2)} ms (goal ≤ 50 ms)`);

  // NUMA accounting: a memory-bound guest (2 accesses per 4 instructions) and the compute loop, with the
  // per-page cost table and page placement on and off, alternating runs, medians of MIPS per CPU-second.
  const touch = buildSmpGuest('numa-touch.asm', { PAGES: '256', PASSES: '60' });
  for (const [name, guest] of [['memory-bound (numa-touch)', touch], ['compute loop', compute]] as const) {
    const on: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      on.push(await cpuMipsOnce(guest, { topology: RH65, numaAccounting: true }));
      off.push(await cpuMipsOnce(guest, { topology: RH65, numaAccounting: false }));
    }
    const a = median(on), b = median(off);
    console.log(`NUMA accounting         ${name}: ${a.toFixed(1)} MIPS on, ${b.toFixed(1)} MIPS off (per CPU-second, one thread): ${((1 - a / b) * 100).toFixed(1)}% cost (goal ≤ 10%)`);
  }
  console.log(`load average at end     ${load()}`);
}
