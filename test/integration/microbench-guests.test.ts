/**
 * The microbenchmark guests (resources/kernel/bench, after Adams & Agesen): each reads its iteration count N
 * from the multiboot command line, runs its operation N times and ends with isa-debug-exit 0.
 * - Under `virtlab run --mode native` and `qemu-system-i386 -kernel` (same -append) they print the same bytes
 *   and end with the same status; `--mode vtx` and `--mode trap` run them unmodified to the same bytes.
 * - The loop costs exactly the same cycles each round: cycles(N) is linear in N, so
 *   (cycles(N2) - cycles(N1)) / (N2 - N1) is the cost of one operation (and of the loop's DEC/JNZ).
 * - No store reaches a page holding code (they measure their operation, not self-modifying code).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSharedCodeState } from '../../src-main/core/cpu/cpu';
import { assembleFromDisk } from '../support/assemble-file';
import { runCli, type CliResult } from '../support/cli';
import { requireOracle } from '../support/oracles';
import { runInQemu } from '../support/qemu';
import { runImage } from '../unit/cpu/harness';

const root = resolve(__dirname, '../..');
const BENCH_DIR = join(root, 'resources/kernel/bench');
const INCLUDE = [BENCH_DIR, join(root, 'resources/include')];
const guests = readdirSync(BENCH_DIR).filter((f) => f.endsWith('.asm')).sort();
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-microbench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The guests whose handler counts its events, and what it prints for them. */
const EVENTS: Record<string, string> = { divzero: 'divide errors handled', pgfault: 'page faults handled' };
const GUARD = ['--max-insns', '10000000', '--timeout', '30'];
const N = 60;

function build(file: string): { bin: string; image: Uint8Array } {
  const image = assembleFromDisk(join(BENCH_DIR, file), INCLUDE).bytes;
  const bin = join(tmp, file.replace(/\.asm$/, '.bin'));
  writeFileSync(bin, image);
  return { bin, image };
}

/** `virtlab run` of the guest with N iterations on one thread; its output and its vCPU's cycles. */
async function runNative(bin: string, iterations: number, mode = 'native'): Promise<CliResult & { cycles: number }> {
  const stats = join(tmp, `${bin.split('/').pop()}-${mode}-${iterations}.json`);
  const argv = ['run', bin, '--mode', mode, '--append', `iterations=${iterations}`, '--deterministic', '--stats', stats, ...GUARD];
  const r = await runCli(argv, { encoding: 'latin1' });
  const cycles = r.code === 1 ? (JSON.parse(readFileSync(stats, 'utf8')) as { vcpus: { cycles: number }[] }).vcpus[0]!.cycles : NaN;
  return { ...r, cycles };
}

function expectedOutput(name: string, iterations: number): string {
  const events = EVENTS[name] === undefined ? '' : `bench ${name}: ${iterations} ${EVENTS[name]}\n`;
  return `bench ${name}: ${iterations} iterations\n${events}bench ${name}: done\n`;
}

describe('microbenchmark guests', () => {
  it('are all there', () => {
    expect(guests).toEqual(['callret.asm', 'cr3.asm', 'divzero.asm', 'fork.asm', 'in.asm', 'out.asm', 'pgfault.asm', 'ptemod.asm', 'syscall.asm']);
  });

  describe.each(guests)('%s', (file) => {
    const name = file.replace(/\.asm$/, '');
    const { bin, image } = build(file);

    it.each(['native', 'vtx', 'trap'])(`runs N = ${N} iterations in --mode %s, prints its name, N and its events, ends with value 0; cycles are linear in N`, async (mode) => {
      const [a, b, c] = await Promise.all([runNative(bin, N - 40, mode), runNative(bin, N - 20, mode), runNative(bin, N, mode)]);
      for (const [r, n] of [[a, N - 40], [b, N - 20], [c, N]] as const) {
        expect(r.err).toBe('');
        expect(r.code).toBe(1);
        expect(r.out).toBe(expectedOutput(name, n));
      }
      const perOp = (b.cycles - a.cycles) / 20;
      expect(perOp).toBeGreaterThan(0);
      expect((c.cycles - b.cycles) / 20, 'the same cost per round').toBe(perOp);
    });

    it('without iterations= on the command line it runs 1000, and stores into no page that holds code', () => {
      const shared = createSharedCodeState(64 << 20);
      const r = runImage(image, 5_000_000, file, { sharedCode: shared });
      expect(r.exitCode, `${file} ended with ${r.exit}`).toBe(0);
      expect(r.serial.toString('latin1')).toBe(expectedOutput(name, 1000));
      const written = [...shared.codeGen.keys()].filter((page) => shared.codeGen[page] !== 0).map((page) => `0x${(page << 12).toString(16)}`);
      expect(written, 'code pages the guest stored into').toEqual([]);
    });

    it.skipIf(!requireOracle('qemu-system-i386'))('qemu-system-i386 -kernel -append prints the same bytes and ends with the same status', async () => {
      const [q, v] = await Promise.all([runInQemu(bin, { append: `iterations=${N}`, timeoutMs: 20_000 }), runNative(bin, N)]);
      expect(q.timedOut, `qemu timed out; serial so far:\n${q.serial.toString('latin1')}`).toBe(false);
      expect(v.out).toBe(q.serial.toString('latin1'));
      expect(v.code).toBe(q.status);
    }, 30_000);
  });
});
