/**
 * The microbenchmark guests of resources/kernel/bench (after Adams & Agesen, ASPLOS 2006) run under a mode
 * and a cost preset, deterministically: cycles of one operation = (cycles(N2) − cycles(N1)) / (N2 − N1), the
 * vCPU's cycle counter (RDTSC's, without the cost of guest memory accesses, which is the same under every
 * technique), so boot and printing cancel out. Used by the Adams & Agesen bench and its integration test.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
import { UnavailableError, type VmConfig, type VmMode } from '../../src-main/engine/vm-config';

/** The VT-x of Adams & Agesen's measurements (2006): neither EPT nor VPID; other modes take no such options. */
export function gen1Config(mode: VmMode): Partial<VmConfig> {
  return mode === 'vtx' ? { ept: false, vpid: false } : {};
}
import { assembleFromDisk } from './assemble-file';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const MICROBENCH_DIR = join(root, 'resources/kernel/bench');
const INCLUDE = [MICROBENCH_DIR, join(root, 'resources/include')];

/** The guests, in the order of the paper's figure where it has them, then the others. */
export const MICROBENCHES = ['syscall', 'in', 'out', 'cr3', 'callret', 'pgfault', 'divzero', 'ptemod', 'fork'] as const;
export type Microbench = (typeof MICROBENCHES)[number];

const images = new Map<string, Uint8Array>();

export function microbenchImage(name: Microbench): Uint8Array {
  let image = images.get(name);
  if (image === undefined) images.set(name, image = assembleFromDisk(join(MICROBENCH_DIR, `${name}.asm`), INCLUDE).bytes);
  return image;
}

export interface MicrobenchRun {
  readonly cycles: number;
  readonly serial: string;
  readonly exitsByReason: Readonly<Record<string, number>>;
}

/** One run with `iterations` (the guest's `iterations=` argument); throws unless it ended with isa-debug-exit 0. */
export async function runMicrobench(name: Microbench, mode: VmMode, iterations: number, cost = 'vtx-gen1', config: Partial<VmConfig> = {}): Promise<MicrobenchRun> {
  const vm = await VirtualMachine.create({
    ...config,
    image: microbenchImage(name), imageName: `${name}.bin`, mode, cost, append: `iterations=${iterations}`,
    deterministic: true, numaAccounting: false, timeoutMs: 120_000, maxInsns: 200_000_000,
  });
  const chunks: Uint8Array[] = [];
  vm.onSerial((b) => chunks.push(b));
  vm.start();
  const r = await vm.wait();
  const serial = Buffer.concat(chunks).toString('latin1');
  if (r.outcome !== 'debug-exit' || r.exitValue !== 0) {
    throw new Error(`${name} under --mode ${mode} ended with ${r.outcome} ${r.exitValue ?? ''}: ${r.reports.map((x) => x.text).join('; ')}\n${serial}`);
  }
  return { cycles: r.stats.vcpus[0]!.cycles, serial, exitsByReason: r.stats.vcpus[0]!.vmx.exits_by_reason };
}

/** Cycles of one operation under `mode`, or the reason the mode is not available in this build. */
export async function cyclesPerOperation(name: Microbench, mode: VmMode, n1: number, n2: number, cost = 'vtx-gen1', config: Partial<VmConfig> = {}): Promise<number | string> {
  try {
    const a = await runMicrobench(name, mode, n1, cost, config);
    const b = await runMicrobench(name, mode, n2, cost, config);
    return (b.cycles - a.cycles) / (n2 - n1);
  } catch (e) {
    if (e instanceof UnavailableError) return e.message;
    throw e;
  }
}
