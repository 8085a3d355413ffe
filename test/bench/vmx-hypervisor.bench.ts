/**
 * The VM exit round trip of a hypervisor written in NASM (guests/vmx-cpuid.asm, set up with vmx-setup.inc):
 * its guest loops on CPUID, every CPUID exits, and the handler at HOST_RIP advances GUEST_RIP and VMRESUMEs.
 * Run under `virtlab run` (one vCPU) and, as the peer, under Bochs (test/support/bochs.ts): QEMU's TCG has no
 * VMX, so Bochs is the only peer that runs it. The same loop without VMX (-DNATIVE) gives the cost of a plain
 * CPUID, so what an exit adds is the difference of the two.
 * Start-up (process, ROM/loader, VMX set-up) is subtracted: each guest runs with a small and a large N, and the
 * rate is (large − small) / (wall time difference); median of three such pairs. The guest's output (the exit
 * or iteration count) must be N, or the run fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInBochs } from '../support/bochs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const guests = fileURLToPath(new URL('./guests/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'virtlab-bench-vmx-'));
const REPEATS = 3;

interface Variant {
  readonly name: string;
  readonly native: boolean;
  readonly small: number;
  readonly large: number;
}
const HYPERVISOR: Variant = { name: 'hypervisor', native: false, small: 1_000, large: 1_000_000 };
const NATIVE: Variant = { name: 'native', native: true, small: 1_000, large: 20_000_000 };

function build(v: Variant, n: number): string {
  const out = join(work, `${v.name}-${n}.bin`);
  const defines = [`-DITERATIONS=${n}`, ...(v.native ? ['-DNATIVE'] : [])];
  execFileSync('nasm', ['-f', 'bin', ...defines, '-I', guests, '-I', join(root, 'resources/include/'), '-o', out, join(guests, 'vmx-cpuid.asm')]);
  return out;
}

/** One run: wall seconds and the guest's COM1 output; throws unless it ended with debug-exit 0 (status 1). */
type Runner = (bin: string) => Promise<{ seconds: number; output: string }>;

const runners: Record<'virtlab' | 'bochs', Runner> = {
  virtlab: async (bin) => {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [join(root, 'src-main/cli/virtlab.mjs'), 'run', bin, '--vcpus', '1', '--timeout', '600'], { encoding: 'utf8', timeout: 620_000 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 1) throw new Error(`virtlab run ${bin}: exit status ${r.status}, output ${r.stdout.trim()} ${r.stderr.trim()}`);
    return { seconds, output: r.stdout.trim() };
  },
  bochs: async (bin) => {
    const start = process.hrtime.bigint();
    const r = await runInBochs(bin, { timeoutMs: 600_000 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 1) throw new Error(`bochs ${bin}: ${r.timedOut ? 'timed out' : `exit status ${r.status}`}, output ${r.serial.toString('latin1').trim()}`);
    return { seconds, output: r.serial.toString('latin1').trim() };
  },
};

/** Iterations (exits, for the hypervisor) per second of guest time: median over REPEATS small/large pairs. */
async function rate(runner: Runner, v: Variant): Promise<number> {
  const small = build(v, v.small);
  const large = build(v, v.large);
  const rates: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const a = await runner(small);
    const b = await runner(large);
    for (const [run, n] of [[a, v.small], [b, v.large]] as const) {
      if (parseInt(run.output, 16) !== n) throw new Error(`${v.name} with N = ${n} reported ${run.output}`);
    }
    rates.push((v.large - v.small) / Math.max(1e-6, b.seconds - a.seconds));
  }
  return [...rates].sort((x, y) => x - y)[rates.length >> 1]!;
}

async function attempt(measure: () => Promise<number>): Promise<number | string> {
  try {
    return await measure();
  } catch (err) {
    return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
  }
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(', ');
const perSecond = (x: number | string): string => (typeof x === 'string' ? `failed (${x})` : `${Math.round(x).toLocaleString('en-US')}/s`);
const micros = (x: number): string => `${(1e6 / x).toFixed(2)} µs`;

export default async function run(): Promise<void> {
  console.log(`load average at start   ${load()}`);
  console.log('peer: Bochs (the only one that runs VMX here; qemu-system-i386 TCG has no VT-x)');
  console.log(`guest part only: rate = (N large − N small) / (wall time difference), N = ${HYPERVISOR.small.toLocaleString('en-US')} and ${HYPERVISOR.large.toLocaleString('en-US')} exits, ${NATIVE.small.toLocaleString('en-US')} and ${NATIVE.large.toLocaleString('en-US')} plain CPUIDs; median of ${REPEATS}`);
  const results: Record<string, { exits: number | string; plain: number | string }> = {};
  for (const name of ['virtlab', 'bochs'] as const) {
    results[name] = { exits: await attempt(() => rate(runners[name], HYPERVISOR)), plain: await attempt(() => rate(runners[name], NATIVE)) };
  }
  for (const [name, r] of Object.entries(results)) {
    const cells = [`${name.padEnd(8)} VM exit round trips (CPUID → handler → VMRESUME): ${perSecond(r.exits)}`, `plain CPUID loop: ${perSecond(r.plain)}`];
    if (typeof r.exits === 'number' && typeof r.plain === 'number') cells.push(`an exit costs ${micros(r.exits)} per iteration vs ${micros(r.plain)}: ${((1e6 / r.exits) - (1e6 / r.plain)).toFixed(2)} µs over a plain CPUID`);
    console.log(cells.join(' | '));
  }
  const [v, b] = [results['virtlab']!.exits, results['bochs']!.exits];
  if (typeof v === 'number' && typeof b === 'number') console.log(`ratio                    virtlab ${(v / b).toFixed(2)}× Bochs in VM exit round trips per second`);
  console.log(`load average at end     ${load()}`);
}
