/**
 * CPU benchmarks (issue 4), each guest run under virtlab (`virtlab run`) and under `qemu-system-i386` (TCG) in
 * the same session. Start-up is subtracted the same way for both: every guest runs twice, with a small and a
 * large ITERATIONS, and the rate is the difference in work over the difference in wall time.
 *   compute — integer ALU, loads and stores (9 instructions per iteration): guest MIPS
 *   ring    — INT 0x80 from ring 3 through a TSS and IRET back: round trips per second
 *   paging  — PTE write + INVLPG + a read through the remapped page: iterations per second
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
}

const GUESTS: Guest[] = [
  { name: 'compute', unit: 'MIPS', perIteration: 9, small: 10_000, large: 20_000_000 },
  // Large enough that the guest's work (seconds) outweighs the noise in virtlab's start-up (tsx compiling the
  // sources in the main thread and the vCPU worker), which the small run cannot subtract exactly.
  { name: 'ring', unit: 'round trips/s', perIteration: 1, small: 1_000, large: 4_000_000 },
  { name: 'paging', unit: 'PTE updates/s', perIteration: 1, small: 1_000, large: 8_000_000 },
];

function build(guest: Guest, iterations: number): string {
  const out = join(work, `${guest.name}-${iterations}.bin`);
  execFileSync('nasm', ['-f', 'bin', `-DITERATIONS=${iterations}`, '-I', guests, '-o', out, join(guests, `${guest.name}.asm`)]);
  return out;
}

function timed(command: string, args: string[]): { seconds: number; status: number | null; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000 });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, status: r.status, stdout: r.stdout };
}

const runners = {
  virtlab: (bin: string) => timed(process.execPath, [join(root, 'src-main/cli/virtlab.mjs'), 'run', bin, '--timeout', '600']),
  qemu: (bin: string) =>
    timed('qemu-system-i386', ['-kernel', bin, '-display', 'none', '-vga', 'none', '-nic', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04', '-m', '64']),
};

/** Median of three runs: rate in units per second with start-up subtracted, and the guest's output. */
function rate(runner: keyof typeof runners, guest: Guest): { perSecond: number; output: string } {
  const small = build(guest, guest.small);
  const large = build(guest, guest.large);
  const rates: number[] = [];
  let output = '';
  for (let i = 0; i < 3; i++) {
    const a = runners[runner](small);
    const b = runners[runner](large);
    if (a.status !== 1 || b.status !== 1) throw new Error(`${runner} ${guest.name}: exit status ${a.status}/${b.status}, output ${b.stdout}`);
    output = b.stdout.trim();
    rates.push(((guest.large - guest.small) * guest.perIteration) / Math.max(1e-6, b.seconds - a.seconds));
  }
  rates.sort((x, y) => x - y);
  return { perSecond: rates[1]!, output };
}

export default async function run(): Promise<void> {
  for (const guest of GUESTS) {
    const qemu = rate('qemu', guest);
    let line = `${guest.name.padEnd(8)} qemu-system-i386 TCG: ${format(qemu.perSecond, guest)}`;
    try {
      const ours = rate('virtlab', guest);
      const same = ours.output === qemu.output ? 'same output' : `OUTPUT DIFFERS (${ours.output} vs ${qemu.output})`;
      line += ` | virtlab: ${format(ours.perSecond, guest)} | ratio ${(ours.perSecond / qemu.perSecond).toFixed(2)}× QEMU, ${same}`;
    } catch (err) {
      line += ` | virtlab: failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
    }
    console.log(line);
  }
}

function format(perSecond: number, guest: Guest): string {
  return guest.unit === 'MIPS' ? `${(perSecond / 1e6).toFixed(1)} MIPS` : `${Math.round(perSecond).toLocaleString('en-US')} ${guest.unit}`;
}
