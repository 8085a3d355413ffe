/**
 * kvm-unit-tests-style kernels (test/guests/kut) run unchanged under `qemu-system-i386 -kernel` and
 * `virtlab run` (machine.md §2, §4): each kernel is built by nasm and by virtlab's assembler (the bytes must
 * match), run on both machines with the same -append / -initrd / -smp / -m, and must print the same serial
 * bytes, end with the same exit status and report no unexpected failure.
 *
 * Kept out of the differential runs with `skip=GROUP` (both machines print the same SKIP line instead):
 * - where QEMU 7.2 departs from the SDM (apic: illegal-vector IPIs are delivered and ESR stays 0; software
 *   disable does not mask the LVT; no #GP for reserved IA32_APIC_BASE bits; a disabled APIC keeps its MMIO
 *   page and cannot be re-enabled). virtlab alone runs those groups and must pass them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { assemble } from '../../src-main/core/asm';
import { requireOracle } from '../support/oracles';
import { runCli, type CliResult } from '../support/cli';
import { runInQemu } from '../support/qemu';

const KUT_DIR = join(__dirname, '../guests/kut');
const hasTools = requireOracle('nasm') && requireOracle('qemu-system-i386');
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-kut-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const APIC_QEMU_DEPARTURES = 'skip=esr skip=svr-disable skip=apicbase-reserved skip=apic-disable';

/** The initrd kernel's modules: an environment naming the size and byte sum of a binary module. */
const BLOB = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff);
const ENV_FILE = join(tmp, 'env.txt');
const BLOB_FILE = join(tmp, 'blob.bin');
writeFileSync(ENV_FILE, `MODULE_SIZE=${BLOB.length}\nMODULE_SUM=${BLOB.reduce((a, b) => a + b, 0)}\n`);
writeFileSync(BLOB_FILE, BLOB);

interface KutRun {
  readonly kernel: string;
  readonly append?: string;
  readonly initrd?: string;
  readonly smp?: number;
  readonly memMiB?: number;
  /** virtlab only: all vCPUs on one thread (spares the worker threads' start-up, ~4 s here). */
  readonly deterministic?: boolean;
  /** virtlab only: `--ap-start sipi`, the APs wait for INIT-SIPI-SIPI as QEMU's do. */
  readonly apStart?: 'sipi';
}

const DIFFERENTIAL: readonly KutRun[] = [
  { kernel: 'fwcfg', append: 'mem=96 smp=3', memMiB: 96, smp: 3, deterministic: true },
  { kernel: 'cmdline', append: 'alpha  beta=2 gamma=0x1F --flag' },
  { kernel: 'initrd', append: 'mods=2', initrd: `${ENV_FILE},${BLOB_FILE} blob args` },
  { kernel: 'testdev' },
  { kernel: 'exceptions' },
  { kernel: 'ioapic' },
  // the same on the BSP while an AP idles: virtlab's vCPUs on worker threads, the I/O APIC on the main thread
  { kernel: 'ioapic', smp: 2 },
  { kernel: 'apic', append: APIC_QEMU_DEPARTURES },
  { kernel: 'smp', append: 'smp=2', smp: 2 },
  { kernel: 'eventinj' },
  { kernel: 'taskswitch2' },
  // the APs come up through the real-mode trampoline on both machines, then again by the kernel's own INIT-SIPI-SIPI
  { kernel: 'smp-sipi', append: 'smp=2', smp: 2, apStart: 'sipi' },
  { kernel: 'smp-sipi', append: 'smp=3', smp: 3, apStart: 'sipi', deterministic: true },
];

const runName = (r: KutRun): string =>
  [r.kernel, r.smp ? `-smp ${r.smp}` : '', r.memMiB ? `-m ${r.memMiB}` : '', r.append ? `-append "${r.append}"` : '']
    .concat(r.apStart ? [`(virtlab --ap-start ${r.apStart}${r.deterministic ? ' --deterministic' : ''})`] : [])
    .filter(Boolean)
    .join(' ');

/** Builds test/guests/kut/NAME.asm with nasm and with virtlab's assembler; returns the ELF's path. */
const built = new Map<string, Promise<string>>();
function buildKernel(kernel: string): Promise<string> {
  let p = built.get(kernel);
  if (!p) {
    p = (async () => {
      const source = join(KUT_DIR, `${kernel}.asm`);
      const nasmOut = join(tmp, `${kernel}.nasm.elf`);
      await promisify(execFile)('nasm', ['-f', 'bin', '-I', `${KUT_DIR}/`, '-o', nasmOut, source]);
      const ours = assemble({
        mainFile: source,
        includePaths: [KUT_DIR],
        readFile: (path) => readOrUndefined(() => readFileSync(path, 'utf8')),
      });
      expect(ours.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(Buffer.from(ours.bytes).equals(readFileSync(nasmOut)), `${kernel}: virtlab's bytes differ from nasm's`).toBe(true);
      const elf = join(tmp, `${kernel}.elf`); // one path for both machines: it is argv[0]
      writeFileSync(elf, ours.bytes);
      return elf;
    })();
    built.set(kernel, p);
  }
  return p;
}

function readOrUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

async function runVirtlab(elf: string, r: KutRun): Promise<CliResult> {
  const argv = ['run', elf, '--timeout', '20'];
  if (r.append !== undefined) argv.push('--append', r.append);
  if (r.initrd !== undefined) argv.push('--initrd', r.initrd);
  if (r.smp !== undefined) argv.push('--vcpus', String(r.smp));
  if (r.memMiB !== undefined) argv.push('--mem', `${r.memMiB}M`);
  if (r.deterministic) argv.push('--deterministic');
  if (r.apStart !== undefined) argv.push('--ap-start', r.apStart);
  return runCli(argv, { encoding: 'latin1' });
}

async function runQemu(elf: string, r: KutRun): Promise<{ status: number; out: string }> {
  const q = await runInQemu(elf, {
    timeoutMs: 20_000,
    testdev: true,
    ...(r.append === undefined ? {} : { append: r.append }),
    ...(r.initrd === undefined ? {} : { initrd: r.initrd }),
    ...(r.smp === undefined ? {} : { smp: r.smp }),
    ...(r.memMiB === undefined ? {} : { memMiB: r.memMiB }),
  });
  expect(q.timedOut, `qemu timed out; serial so far:\n${q.serial.toString('latin1')}`).toBe(false);
  return { status: q.status, out: q.serial.toString('latin1') };
}

/** The run passed as kvm-unit-tests judges it: a summary with no unexpected failure, exit(0) → status 1. */
function expectAllPassed(out: string, status: number): void {
  expect(out).toMatch(/^PASS: /m);
  expect(out).not.toMatch(/^FAIL: /m);
  expect(out).toMatch(/^SUMMARY: \d+ tests, 0 unexpected failures(, \d+ skipped)?\n$/m);
  expect(status).toBe(1);
}

describe.skipIf(!hasTools)('kvm-unit-tests-style kernels: QEMU and virtlab', () => {
  describe.concurrent('same serial output and exit status', () => {
    for (const r of DIFFERENTIAL) {
      it(runName(r), async () => {
        const elf = await buildKernel(r.kernel);
        const [q, v] = await Promise.all([runQemu(elf, r), runVirtlab(elf, r)]);
        expect(v.out).toBe(q.out);
        expect(v.code).toBe(q.status);
        expectAllPassed(v.out, v.code);
      }, 60_000); // a guard only: the rows run at once, and vCPU worker threads start slowly on a loaded machine
    }
  });

  it('virtlab passes the apic groups where QEMU departs from the SDM', async () => {
    const elf = await buildKernel('apic');
    const v = await runVirtlab(elf, { kernel: 'apic' });
    for (const check of [
      'an IPI with an illegal vector sets ESR bit 5',
      'LVT entries cannot be unmasked while software-disabled',
      'a reserved bit in IA32_APIC_BASE raises #GP',
      'CPUID.1:EDX.APIC set again when re-enabled',
    ]) {
      expect(v.out).toContain(`PASS: ${check}\n`);
    }
    expectAllPassed(v.out, v.code);
  }, 30_000);
});
