/**
 * The multi-vCPU form of the compute benchmark guest (test/bench/guests/compute.asm, `npm run bench -- cpu`):
 * on 2 vCPUs every vCPU runs the loop and the last one prints the same result as a lone vCPU — under virtlab
 * (worker threads, every vCPU at the entry point) and under `qemu-system-i386 -smp 2` with MTTCG, where the
 * guest built with START_APS wakes the AP with INIT-SIPI-SIPI.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleFromDisk } from '../support/assemble-file';
import { requireOracle } from '../support/oracles';
import { runInQemu } from '../support/qemu';
import { runGuest } from '../unit/engine/support/smp-guest';

const GUESTS = fileURLToPath(new URL('../bench/guests/', import.meta.url));
const hasQemu = requireOracle('qemu-system-i386');
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-bench-smp-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const build = (defines: Record<string, string>) => assembleFromDisk(join(GUESTS, 'compute.asm'), [GUESTS], { ITERATIONS: '20000', ...defines });

describe('the compute benchmark guest on 2 vCPUs', () => {
  it('virtlab: both vCPUs run the loop on worker threads; the output is that of one vCPU', async () => {
    const g = build({});
    const run = (vcpus: number) => runGuest({ image: g.bytes, origin: g.origin }, { vcpus, threading: 'workers' });
    const [one, two] = [await run(1), await run(2)];
    expect(two.outcome).toBe('debug-exit');
    expect(two.serial).toBe(one.serial);
    expect(one.serial).toMatch(/^[0-9A-F]{8}\n$/);
    // Each vCPU did the whole loop (9 instructions per iteration).
    for (const v of two.stats.vcpus) expect(v.instructions).toBeGreaterThan(9 * 20000);
  });

  it.skipIf(!hasQemu)('QEMU -smp 2 with MTTCG: the APs started by INIT-SIPI-SIPI, the same output', async () => {
    const g = build({ START_APS: '1' });
    const file = join(tmp, 'compute-smp.bin');
    writeFileSync(file, g.bytes);
    const q = await runInQemu(file, { smp: 2, timeoutMs: 20_000, extraArgs: ['-accel', 'tcg,thread=multi'] });
    const v = await runGuest({ image: g.bytes, origin: g.origin }, { vcpus: 2, threading: 'workers', apStart: 'sipi' });
    expect(q.exitCode).toBe(0);
    expect(v.outcome).toBe('debug-exit');
    expect(v.serial).toBe(q.serial.toString());
  });
});
