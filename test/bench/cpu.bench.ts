/**
 * CPU benchmarks (issues 4 and 14), each guest run under virtlab (`virtlab run`, interpreted with `--jit off` and
 * with the translator, `--jit on`), under `qemu-system-i386` (TCG) and under v86 (the npm package, booted by
 * v86-boot.ts) in the same session. Start-up is subtracted the same way for all: every guest runs twice, with a
 * small and a large ITERATIONS, and the rate is the difference in work over the difference in wall time. v86
 * needs SeaBIOS from Debian's `seabios` package; without it v86 is skipped.
 *   compute — integer ALU, loads and stores (9 instructions per iteration, code and data in separate pages): MIPS
 *   ring    — INT 0x80 from ring 3 through a TSS and IRET back: round trips per second
 *   paging  — PTE write + INVLPG + a read through the remapped page: iterations per second
 *   cr3     — MOV CR3 between two page directories + a read that needs a fresh walk: switches per second
 *   smc     — self-modifying code: a store rewrites the next iteration's instruction (5 per iteration): MIPS
 * Then multi-vCPU scaling: the compute guest on 1 and 2 vCPUs, every vCPU running the whole loop on its own
 * data page (virtlab: one worker thread per vCPU, translator on; QEMU: -smp N with MTTCG, one host thread per
 * vCPU), aggregate MIPS at steady state per second of wall time — scaling is about wall time — and of CPU
 * time, with each side's start-up and warm-up printed apart.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostCeiling } from './host-ceiling';

const root = fileURLToPath(new URL('../../', import.meta.url));
const guests = fileURLToPath(new URL('./guests/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'virtlab-bench-cpu-'));

interface Guest {
  readonly name: string;
  readonly unit: string;
  /** Work units per iteration (instructions for compute, round trips for ring, iterations for paging). */
  readonly perIteration: number;
  readonly small: number;
  readonly large: number;
  /**
   * Per runner, a multiple of `large`: fast engines get a longer run, so that the difference between the two
   * runs is seconds, not the noise of start-up (QEMU runs the compute guest's `large` in tens of milliseconds).
   */
  readonly scale?: Partial<Record<keyof typeof runners, number>>;
}

const GUESTS: Guest[] = [
  { name: 'compute', unit: 'MIPS', perIteration: 9, small: 10_000, large: 20_000_000, scale: { qemu: 20, v86: 8, virtlabJit: 8 } },
  // Large enough that the guest's work (seconds) outweighs the noise in virtlab's start-up (tsx compiling the
  // sources in the main thread and the vCPU worker), which the small run cannot subtract exactly.
  { name: 'ring', unit: 'round trips/s', perIteration: 1, small: 1_000, large: 4_000_000 },
  { name: 'paging', unit: 'PTE updates/s', perIteration: 1, small: 1_000, large: 8_000_000 },
  { name: 'cr3', unit: 'CR3 switches/s', perIteration: 1, small: 1_000, large: 4_000_000 },
  // Reported apart: every iteration invalidates code (QEMU's translated block, virtlab's decode and block).
  { name: 'smc', unit: 'MIPS', perIteration: 5, small: 1_000, large: 1_000_000 },
];

function build(guest: Guest, iterations: number, defines: readonly string[] = []): string {
  const out = join(work, `${guest.name}-${iterations}${defines.map((d) => `-${d}`).join('')}.bin`);
  execFileSync('nasm', ['-f', 'bin', `-DITERATIONS=${iterations}`, ...defines.map((d) => `-D${d}`), '-I', guests, '-o', out, join(guests, `${guest.name}.asm`)]);
  return out;
}

/** A peer's run: wall time, CPU time (user + system, all threads; NaN without GNU time), whether the guest got to its end, and its COM1 output. */
interface Run {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly finished: boolean;
  readonly status: number | null;
  readonly stdout: string;
}

/**
 * GNU time reports a child's CPU time: on a machine shared with others, wall time measures the load as much as
 * the emulator, CPU time much less so. Both are printed.
 */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs a command to its exit; `endStatus` is the exit status that says the guest reached its end. */
function timed(command: string, args: string[], endStatus: number): Run {
  const cpuFile = join(work, 'cpu-time');
  const [cmd, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 600_000 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const times = GNU_TIME ? (readFileSync(cpuFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
  const cpuSeconds = times.length === 2 ? times[0]! + times[1]! : Number.NaN;
  return { seconds, cpuSeconds, finished: r.status === endStatus, status: r.status, stdout: r.stdout };
}

/** v86's WebAssembly module and SeaBIOS images (Debian's `seabios` package), or why v86 cannot run here. */
function findV86(): { wasm: string; bios: string; vgaBios: string } | string {
  let main: string;
  try {
    main = createRequire(import.meta.url).resolve('v86');
  } catch {
    return 'npm package v86 is not installed (npm install)';
  }
  const bios = '/usr/share/seabios/bios.bin';
  const vgaBios = '/usr/share/seabios/vgabios-stdvga.bin';
  const missing = [bios, vgaBios].filter((f) => !existsSync(f));
  if (missing.length > 0) return `no ${missing.join(', ')} (apt-get install seabios)`;
  return { wasm: join(dirname(main), 'v86.wasm'), bios, vgaBios };
}
const v86 = findV86();

// virtlab and QEMU exit through isa-debug-exit at 0xF4 (status 1 for the guests' value 0); v86-boot.ts exits 0
// after the guest's last line. Every bench guest prints one line.
const virtlabRun = (bin: string, ...options: string[]): Run =>
  timed(process.execPath, [join(root, 'src-main/cli/virtlab.mjs'), 'run', bin, '--timeout', '600', ...options], 1);
const qemuRun = (bin: string, ...options: string[]): Run =>
  timed('qemu-system-i386', ['-kernel', bin, '-display', 'none', '-vga', 'none', '-nic', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04', '-m', '64', ...options], 1);
const runners = {
  virtlab: (bin: string) => virtlabRun(bin, '--jit', 'off'),
  virtlabJit: (bin: string) => virtlabRun(bin, '--jit', 'on'),
  qemu: (bin: string) => qemuRun(bin),
  v86: (bin: string) => {
    if (typeof v86 === 'string') throw new Error(v86);
    return timed(process.execPath, ['--import', 'tsx', join(root, 'test/bench/v86-boot.ts'), v86.wasm, v86.bios, v86.vgaBios, bin, '1'], 0);
  },
};

/**
 * Units per second of wall time and of CPU time (median of three, start-up subtracted), the guest's output,
 * and the seconds of wall time the first run spent beyond that rate (start-up, and warm-up when it was long).
 */
interface Rate { readonly wall: number; readonly cpu: number; readonly output: string; readonly overhead: number }

/** Median of three runs: rates with start-up subtracted, and the guest's output. */
function rate(runner: keyof typeof runners, guest: Guest): Rate {
  return measure(runner, guest, guest.large * (guest.scale?.[runner] ?? 1), 1, [], runners[runner]);
}

/**
 * Median of three pairs of runs of `guest` built with `defines` (`from` iterations, then `iterations`) by
 * `run`, every one of `vcpus` vCPUs doing the iterations: the rate is the difference in work over the
 * difference in time. With `from` the guest's small count that subtracts start-up; with a `from` long enough
 * for every thread's code to be compiled it also subtracts warm-up, and measures the steady state.
 */
function measure(name: string, guest: Guest, iterations: number, vcpus: number, defines: readonly string[], run: (bin: string) => Run, from = guest.small): Rate {
  const small = build(guest, from, defines);
  const large = build(guest, iterations, defines);
  const wall: number[] = [], cpu: number[] = [], first: number[] = [];
  let output = '';
  const work = vcpus * (iterations - from) * guest.perIteration;
  for (let i = 0; i < 3; i++) {
    const a = run(small);
    const b = run(large);
    if (!a.finished || !b.finished) throw new Error(`${name} ${guest.name}: exit status ${a.status}/${b.status}, output ${b.stdout}`);
    output = a.stdout.trim(); // the first run: the same size for every runner, so outputs compare
    // A large run no slower than the small one (start-up noise on a loaded machine) measures nothing: NaN.
    wall.push(b.seconds > a.seconds ? work / (b.seconds - a.seconds) : Number.NaN);
    cpu.push(b.cpuSeconds > a.cpuSeconds ? work / (b.cpuSeconds - a.cpuSeconds) : Number.NaN);
    first.push(a.seconds);
  }
  const median = (xs: number[]): number => {
    const ok = xs.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
    return ok.length === 0 ? Number.NaN : ok[(ok.length - 1) >> 1]!;
  };
  const rateWall = median(wall);
  return { wall: rateWall, cpu: median(cpu), output, overhead: median(first) - (vcpus * from * guest.perIteration) / rateWall };
}

export default async function run(): Promise<void> {
  if (typeof v86 === 'string') console.log(`v86: skipped (${v86})`);
  console.log('Each figure: per second of wall time / per second of CPU time (user + system, all threads).');
  // CPU_BENCH_ONLY=compute,cr3 runs only those guests (`scaling`: the multi-vCPU table).
  const only = (process.env['CPU_BENCH_ONLY'] ?? '').split(',').filter((x) => x !== '');
  for (const guest of GUESTS.filter((g) => only.length === 0 || only.includes(g.name))) {
    const qemu = rate('qemu', guest);
    const peer = typeof v86 === 'string' ? undefined : attempt(() => rate('v86', guest));
    const cells = [`${guest.name.padEnd(8)} qemu-system-i386 TCG: ${format(qemu, guest)}`];
    if (peer) cells.push(`v86: ${typeof peer === 'string' ? `failed (${peer})` : format(peer, guest)}`);
    for (const [label, runner] of [['virtlab interpreter', 'virtlab'], ['virtlab translator', 'virtlabJit']] as const) {
      const ours = attempt(() => rate(runner, guest));
      if (typeof ours === 'string') { cells.push(`${label}: failed (${ours})`); continue; }
      const ratio = (of: Rate, name: string): string => `${(ours.wall / of.wall).toFixed(2)} / ${(ours.cpu / of.cpu).toFixed(2)}× ${name}`;
      const ratios = [ratio(qemu, 'QEMU')];
      if (peer && typeof peer !== 'string') ratios.push(ratio(peer, 'v86'));
      cells.push(`${label}: ${format(ours, guest)} (${ratios.join(', ')}, ${sameOutput(ours.output, { QEMU: qemu, v86: peer })})`);
    }
    console.log(cells.join(' | '));
  }
  if (only.length === 0 || only.includes('scaling')) await scaling();
}

/**
 * The compute guest on 1 and 2 vCPUs. virtlab starts every vCPU at the entry (--ap-start all, the default),
 * one worker thread each; QEMU's APs wait for INIT-SIPI-SIPI, which the guest built with START_APS sends, and
 * run on threads of their own with MTTCG (`-accel tcg,thread=multi`).
 *
 * Scaling is a steady-state figure: the rate comes from two long runs (a quarter and all of the iterations), so
 * both start-up and warm-up cancel. Warm-up is printed apart, as the wall time the shorter run spent beyond the
 * steady rate: each virtlab worker is a V8 isolate of its own that compiles the engine and the guest's
 * translated code again, on the same cores the vCPUs run on.
 */
export async function scaling(): Promise<void> {
  const compute = GUESTS.find((g) => g.name === 'compute')!;
  const iterations = compute.large * 40;
  const peers = [
    { label: 'virtlab translator (workers)', defines: [] as string[], run: (bin: string, n: number) => virtlabRun(bin, '--jit', 'on', '--vcpus', String(n)) },
    { label: 'qemu-system-i386 MTTCG', defines: ['START_APS'], run: (bin: string, n: number) => qemuRun(bin, '-smp', String(n), '-accel', 'tcg,thread=multi') },
  ];
  console.log(`\ncompute on N vCPUs, each running the whole loop (${iterations / 1e6} M iterations) on its own data page: aggregate MIPS at steady state, wall / CPU time`);
  console.log(`host ceiling: a plain JavaScript loop on 2 threads at once runs ${(await hostCeiling()).toFixed(2)}× one thread (what 2 vCPUs can reach by wall time now)`);
  for (const peer of peers) {
    const rates = [1, 2].map((n) => attempt(() => measure(`${peer.label} ${n} vCPUs`, compute, iterations, n, peer.defines, (bin) => peer.run(bin, n), iterations / 4)));
    const [one, two] = rates as [Rate | string, Rate | string];
    const cells = rates.map((r, i) => `${i + 1} vCPU${i === 0 ? '' : 's'}: ${typeof r === 'string' ? `failed (${r})` : `${format(r, compute)}, start-up and warm-up ${r.overhead.toFixed(2)} s`}`);
    if (typeof one !== 'string' && typeof two !== 'string') {
      // Per CPU-second 2 vCPUs should match 1 (twice the work for twice the CPU time): below 1.00 is what the
      // second vCPU costs in contention or overhead.
      cells.push(`2 vs 1: ${(two.wall / one.wall).toFixed(2)}× by wall time (goal ≥ 1.8×), ${(two.cpu / one.cpu).toFixed(2)}× per CPU-second (1.00: no overhead)`);
      if (two.output !== one.output) cells.push(`OUTPUT DIFFERS (${one.output} vs ${two.output})`);
    }
    console.log(`${peer.label.padEnd(30)} ${cells.join(' | ')}`);
  }
}

/** The result, or the first line of the error that stopped it. */
function attempt<T>(measure: () => T): T | string {
  try {
    return measure();
  } catch (err) {
    return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
  }
}

/** Whether each peer that ran printed the same guest output as virtlab. */
function sameOutput(ours: string, peers: Record<string, { output: string } | string | undefined>): string {
  const compared = Object.entries(peers).filter((e): e is [string, { output: string }] => typeof e[1] === 'object');
  const differs = compared.filter(([, p]) => p.output !== ours);
  if (differs.length === 0) return `same output as ${compared.map(([name]) => name).join(' and ')}`;
  return differs.map(([name, p]) => `OUTPUT DIFFERS from ${name} (${ours} vs ${p.output})`).join(', ');
}

function format(r: Rate, guest: Guest): string {
  const one = (perSecond: number): string => !Number.isFinite(perSecond) ? 'n/a'
    : guest.unit === 'MIPS' ? (perSecond / 1e6).toFixed(1) : Math.round(perSecond).toLocaleString('en-US');
  return `${one(r.wall)} / ${one(r.cpu)} ${guest.unit}`;
}
