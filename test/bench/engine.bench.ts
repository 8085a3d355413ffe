/**
 * The multi-vCPU engine: aggregate MIPS of independent compute loops on 1, 2 and 4 vCPU worker threads (and
 * on one thread), the round trip of an exit to a device in the main process, pause latency. Prints figures.
 */
import { buildSmpGuest, runGuest } from '../unit/engine/support/smp-guest';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';

const K = 20_000_000; // loop iterations per vCPU, 5 instructions each

async function mips(vcpus: number, threading: 'workers' | 'single'): Promise<number> {
  const r = await runGuest(buildSmpGuest('compute.asm', { K: String(K) }), { vcpus, threading, timeoutMs: 600_000 });
  const insns = r.stats.vcpus.reduce((s, v) => s + v.instructions, 0);
  return insns / (r.stats.outcome.wall_ms * 1000);
}

export default async function run(): Promise<void> {
  const single = await mips(1, 'single');
  console.log(`1 vCPU, VMM thread      ${single.toFixed(1)} MIPS`);
  const one = await mips(1, 'workers');
  console.log(`1 vCPU worker           ${one.toFixed(1)} MIPS`);
  const two = await mips(2, 'workers');
  console.log(`2 vCPU workers          ${two.toFixed(1)} MIPS aggregate (${(two / one).toFixed(2)}× one; goal ≥ 1.8×)`);
  const four = await mips(4, 'workers');
  console.log(`4 vCPU workers          ${four.toFixed(1)} MIPS aggregate (${(four / one).toFixed(2)}× one, on this host's cores)`);

  const exits = 200_000;
  const io = await runGuest(buildSmpGuest('port-loop.asm', { K: String(exits) }), { vcpus: 1, threading: 'workers' });
  const ioNs = (io.stats.outcome.wall_ms * 1e6) / io.stats.vcpus[0]!.exits["io_in"]!;
  console.log(`exit round trip         ${(ioNs / 1000).toFixed(2)} µs per port read to the VMM thread (mean over ${exits} exits, guest loop included; goal ≤ 5 µs)`);

  const spin = buildSmpGuest('compute.asm', { K: '0x7fffffff' });
  const vm = await VirtualMachine.create({ image: spin.image, imageName: 'spin', loadAddress: spin.origin, vcpus: 2, threading: 'workers' });
  vm.start();
  await new Promise((r) => setTimeout(r, 200));
  const pauses: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await vm.pause();
    pauses.push(performance.now() - t);
    vm.resume();
    await new Promise((r) => setTimeout(r, 20));
  }
  await vm.stop();
  pauses.sort((a, b) => a - b);
  console.log(`pause of 2 vCPUs        median ${pauses[5]!.toFixed(2)} ms, max ${pauses[9]!.toFixed(2)} ms (goal ≤ 50 ms)`);
  console.log('NUMA accounting         not measured here: the CPU has no memory-access hook yet (see numa.bench for NumaMemory.access)');
}
