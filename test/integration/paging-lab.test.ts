/**
 * The page-table lab (resources/examples/paging-lab.asm) as a cross-technique differential test: a guest
 * that builds and rewrites page tables, switches CR3, checks the A and D bits, takes and serves page faults
 * (reported, demand paging, copy-on-write, from ring 3) and prints what it saw. What it prints on the bare
 * virtlab machine must be byte for byte what it prints under qemu-system-i386; every virtualization mode must
 * print exactly that too (a VMM that gets a translation, an A/D bit or a fault wrong shows up as a different
 * line), and the PV port (paging-lab-pv.asm) must print the same apart from the 4 MiB-page lines, which a PV
 * kernel cannot have (docs/pv.md, rule 4: its directory entries point at pinned L1 tables).
 * With two vCPUs, test/guests/smp/tlb-shootdown.asm changes a mapping one vCPU has cached from the other and
 * has it invalidated (a TLB shootdown): the same bytes under qemu-system-i386 -smp 2 and in every mode.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleFromDisk } from '../support/assemble-file';
import { runCli, type CliResult } from '../support/cli';
import { requireOracle } from '../support/oracles';
import { runInQemu } from '../support/qemu';

const root = resolve(__dirname, '../..');
const LAB = join(root, 'resources/examples/paging-lab.asm');
const LAB_PV = join(root, 'resources/examples/paging-lab-pv.asm');
const SMP_DIR = join(root, 'test/guests/smp');
const INCLUDE = join(root, 'resources/include');
const GUARD = ['--max-insns', '100000000', '--timeout', '60'];
/** isa-debug-exit with 0: every check passed. */
const PASSED = 1;

const tmp = mkdtempSync(join(tmpdir(), 'virtlab-paging-lab-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (file: string, ...argv: string[]): Promise<CliResult> => runCli(['run', file, ...GUARD, ...argv], { encoding: 'latin1' });

/** The bare-machine run every other run is compared with. */
let native: CliResult;
beforeAll(async () => {
  native = await run(LAB, '--deterministic');
}, 60_000);

/** The page faults the guest counted itself (its "paging-lab: N page faults" line). */
function guestFaults(out: string): number {
  const m = /^paging-lab: (\d+) page faults, each one expected and handled$/m.exec(out);
  expect(m, 'the fault-count line').not.toBeNull();
  return Number(m![1]);
}

/**
 * The #PFs the VMM gave the guest are exactly the ones the guest saw. On shadow page tables (trap, bt, vtx
 * --ept off) those are the true faults, and every #PF the VMM took is one or the other; with EPT the guest's
 * faults never leave it (none seen).
 */
function expectDeliveredFaults(statsFile: string, out: string, ept: boolean): void {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { vcpus: { vmm: { counters: Record<string, number> } | null }[] };
  const c = stats.vcpus[0]!.vmm!.counters;
  const seen = c['page_faults_seen']!, hidden = c['hidden_faults']!, truth = c['true_faults']!;
  if (ept) {
    expect(seen).toBe(0); // no #PF exits with EPT: the guest's page faults are delivered by the CPU itself
    return;
  }
  expect(truth).toBe(guestFaults(out));
  expect(hidden).toBeGreaterThan(0); // the shadow starts empty: the first touch of each page is a hidden fault
  expect(seen).toBe(hidden + truth);
}

/**
 * The vtx variants: EPT and shadow paging, each with and without VPID (TLB entries kept or flushed across VM
 * entries and exits), and EPT with 2 MiB pages.
 */
const VTX_VARIANTS: readonly (readonly string[])[] = [
  ['--ept', 'on'], ['--ept', 'off'], ['--ept', 'on', '--vpid', 'off'], ['--ept', 'off', '--vpid', 'off'], ['--ept', 'on', '--ept-pages', '2m'],
];

describe('paging-lab.asm', () => {
  it('passes every check on the bare virtlab machine', () => {
    expect(native.err).toBe('');
    expect(native.out).toMatch(/^paging-lab: all checks passed$/m);
    expect(native.out).not.toMatch(/FAIL|unexpected/);
    expect(native.code).toBe(PASSED);
    // Every part ran: the lines of each step are there.
    for (const step of ['map:', 'remap:', 'unmap:', 'alias:', 'A/D:', 'read-only:', 'spaces:', 'large:', 'demand:', 'cow:', 'ring 3:']) {
      expect(native.out.split('\n').some((l) => l.startsWith(step)), step).toBe(true);
    }
  });

  it.skipIf(!requireOracle('qemu-system-i386'))('prints the same bytes under qemu-system-i386 -kernel and ends the same way', async () => {
    const bin = join(tmp, 'paging-lab.bin');
    writeFileSync(bin, assembleFromDisk(LAB, [INCLUDE]).bytes);
    const q = await runInQemu(bin, { timeoutMs: 30_000 });
    expect(q.timedOut, `qemu timed out; serial so far:\n${q.serial.toString('latin1')}`).toBe(false);
    expect(native.out).toBe(q.serial.toString('latin1'));
    expect(native.code).toBe(q.status);
  }, 40_000);

  it('native on 2 vCPUs (the second parks), on worker threads: the same output', async () => {
    const r = await run(LAB, '--vcpus', '2');
    expect(r.err).toBe('');
    expect(r.out).toBe(native.out);
    expect(r.code).toBe(PASSED);
  }, 60_000);

  const modes: { name: string; argv: readonly string[] }[] = [
    { name: 'trap', argv: ['--mode', 'trap'] },
    { name: 'bt', argv: ['--mode', 'bt'] },
    ...VTX_VARIANTS.map((v) => ({ name: ['vtx', ...v].join(' '), argv: ['--mode', 'vtx', ...v] })),
  ];
  for (const { name, argv } of modes) {
    for (const vcpus of [1, 2]) {
      it(`--mode ${name} --vcpus ${vcpus}: prints exactly what the bare machine prints; the guest got exactly its own page faults`, async () => {
        const stats = join(tmp, `${name.replace(/ /g, '-')}-${vcpus}.json`);
        const r = await run(LAB, ...argv, '--vcpus', String(vcpus), '--deterministic', '--stats', stats);
        expect(r.err).toBe('');
        expect(r.out).toBe(native.out);
        expect(r.code).toBe(PASSED);
        expectDeliveredFaults(stats, r.out, argv.join(' ').includes('--ept on'));
      }, 120_000);
    }
  }
});

/** The 4 MiB-page lines: the native program's, or the PV port's refusal. */
const LARGE = /^large: /;
const withoutLarge = (out: string): string[] => out.split('\n').filter((l) => !LARGE.test(l));

describe('paging-lab-pv.asm (--mode pv)', () => {
  it('prints what paging-lab.asm prints natively, except the 4 MiB-page lines, and passes every check', async () => {
    const pv = await run(LAB_PV, '--mode', 'pv', '--deterministic');
    expect(pv.err).toBe('');
    expect(pv.code).toBe(PASSED);
    expect(withoutLarge(pv.out)).toEqual(withoutLarge(native.out));
    expect(pv.out.split('\n').filter((l) => LARGE.test(l))).toEqual(['large: a 4 MiB directory entry is refused by the hypervisor: -22 (EINVAL)']);
    // The comparison keeps nearly all of the run.
    expect(withoutLarge(pv.out).length).toBeGreaterThanOrEqual(30);
  }, 120_000);

  it('the same on 2 vCPUs on worker threads (vCPU 1 stays down)', async () => {
    const pv = await run(LAB_PV, '--mode', 'pv', '--vcpus', '2');
    expect(pv.code, pv.err).toBe(PASSED);
    expect(withoutLarge(pv.out)).toEqual(withoutLarge(native.out));
  }, 120_000);
});

describe('tlb-shootdown.asm: two vCPUs on one set of page tables', () => {
  let image: string;
  let reference: { out: string; code: number } | null = null;
  const hasQemu = requireOracle('qemu-system-i386');
  beforeAll(async () => {
    image = join(tmp, 'tlb-shootdown.bin');
    writeFileSync(image, assembleFromDisk(join(SMP_DIR, 'tlb-shootdown.asm'), [SMP_DIR]).bytes);
    if (hasQemu) {
      const q = await runInQemu(image, { smp: 2, timeoutMs: 30_000 });
      expect(q.timedOut, `qemu timed out; serial so far:\n${q.serial.toString('latin1')}`).toBe(false);
      reference = { out: q.serial.toString('latin1'), code: q.status };
    }
  }, 40_000);

  it.skipIf(!hasQemu)('under qemu-system-i386 -smp 2: every result right (exit 0)', () => {
    expect(reference!.code).toBe(PASSED);
    expect(reference!.out).toMatch(/AP reads bbbb0002\n/);
    expect(reference!.out).toMatch(/done\n$/);
  });

  const modes = [['native'], ['trap'], ['bt'], ...VTX_VARIANTS.map((v) => ['vtx', ...v])];
  for (const [mode, ...extra] of modes) {
    for (const threading of ['workers', 'deterministic'] as const) {
      it(`--mode ${[mode, ...extra].join(' ')} --vcpus 2, ${threading}: the bytes QEMU prints`, async () => {
        const r = await run(image, '--mode', mode!, ...extra, '--vcpus', '2', ...(threading === 'deterministic' ? ['--deterministic'] : []));
        expect(r.err).toBe('');
        expect(r.code, r.out).toBe(PASSED);
        if (reference) expect(r.out).toBe(reference.out);
      }, 120_000);
    }
  }
});
