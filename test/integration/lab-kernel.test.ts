/**
 * The lab kernel (resources/kernel/lab-kernel.asm, docs/lab-kernel.md): under `virtlab run --mode native` it
 * prints the same serial bytes and ends with the same status as under `qemu-system-i386 -kernel` (its output
 * is built to depend on nothing that takes time: virtlab's APIC timer counts cycles, QEMU's wall-clock time),
 * and `--mode vtx` runs it unmodified to the same bytes. Its self-check lines show the ring-0 values natively.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExampleHeader } from '../../src-main/core/examples/example-header';
import { assembleFromDisk } from '../support/assemble-file';
import { runCli, type CliResult } from '../support/cli';
import { requireOracle } from '../support/oracles';
import { runInQemu } from '../support/qemu';

const root = resolve(__dirname, '../..');
const KERNEL_DIR = join(root, 'resources/kernel');
const SOURCE = join(KERNEL_DIR, 'lab-kernel.asm');
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-lab-kernel-'));
const BIN = join(tmp, 'lab-kernel.bin');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => writeFileSync(BIN, assembleFromDisk(SOURCE, [KERNEL_DIR, join(root, 'resources/include')]).bytes));

/** The kernel ends long before either guard. */
const GUARD = ['--max-insns', '50000000', '--timeout', '30'];
/** `exit(0)` of the user program: isa-debug-exit value 0, exit status (0 << 1) | 1. */
const SUCCESS = 1;

const run = (mode: string, ...extra: string[]): Promise<CliResult> =>
  runCli(['run', BIN, '--mode', mode, ...GUARD, ...extra], { encoding: 'latin1' });

function expectClean(r: CliResult): void {
  expect(r.err.split('\n').filter((l) => l !== '' && !l.startsWith('virtlab run: warning: '))).toEqual([]);
  expect(r.code, r.out).toBe(SUCCESS);
}

describe('lab kernel', () => {
  let native: CliResult;
  beforeAll(async () => {
    native = await run('native', '--deterministic');
  });

  it('runs natively to its end: ring 3, both system-call paths, the timer, a user page fault, exit(0)', () => {
    expectClean(native);
    const lines = native.out.split('\n');
    const order: (string | RegExp)[] = [
      'lab-kernel: booting',
      'kernel: entering ring 3',
      'user: hello from ring 3 through int 0x80',
      'user: hello from ring 3 through sysenter',
      'user: the timer interrupted ring 3 (the tick count changed)',
      'user: waited for at least 3 ticks',
      /^kernel: page fault in ring 3, address 0x[0-9A-F]{8}, error code 0x00000005$/, // present, read, user mode
      'user: reading kernel memory faulted, as it should',
      'kernel: the user program exited with status 0',
      'timer: at least 3 ticks seen',
      'lab-kernel: done',
    ];
    const at = order.map((p) => lines.findIndex((l) => (typeof p === 'string' ? l === p : p.test(l))));
    expect(at, native.out).not.toContain(-1);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('prints the @output lines of its header, and ends as it says (docs/examples.md grammar)', () => {
    const info = parseExampleHeader(readFileSync(SOURCE, 'utf8'));
    expect(info.ends).toEqual({ outcome: 'debug-exit', exitValue: 0 });
    for (const line of info.output) expect(native.out.split('\n')).toContain(line);
  });

  it('natively, every self-check line shows the ring-0 value', () => {
    const checks = native.out.split('\n').filter((l) => l.startsWith('check '));
    expect(checks).toEqual([
      'check cs.rpl: 0',
      'check ss.rpl: 0',
      'check lar cs: dpl 0',
      expect.stringMatching(/^check sgdt: base 0x[0-9A-F]{8} limit 0x002F \(what was loaded\)$/),
      expect.stringMatching(/^check sidt: base 0x[0-9A-F]{8} limit 0x07FF \(what was loaded\)$/),
      'check str: 0x0028 (what ltr loaded)',
      'check smsw: 0x00000011',
      'check pushf-if: 0 (after cli)',
      'check popf-if: popf set IF, the pending interrupt was taken at once',
      'check popf-cli: popf cleared IF, the interrupt waited',
    ]);
  });

  it('docs/lab-kernel.md shows its output as it is', () => {
    const doc = readFileSync(join(root, 'docs/lab-kernel.md'), 'utf8');
    const shown = /^(lab-kernel: booting\n[^]*?\nlab-kernel: done\n)/m.exec(doc);
    expect(shown?.[1]).toBe(native.out);
  });

  it('--mode trap: the self-check shows the Popek-Goldberg holes of a kernel deprivileged to ring 1', async () => {
    // Bounded: the self-check runs early; the rest of the run is the next test's.
    const r = await run('trap', '--deterministic', '--max-insns', '1000000');
    expect(r.out.split('\n').filter((l) => l.startsWith('check '))).toEqual([
      'check cs.rpl: 1',
      'check ss.rpl: 1',
      'check lar cs: dpl 1',
      'check sgdt: base 0xFFC00000 limit 0x002F (not what was loaded)',
      'check sidt: base 0xFFC10000 limit 0x07FF (not what was loaded)',
      expect.stringMatching(/^check str: 0x[0-9A-F]{4} \(not what ltr loaded\)$/),
      'check smsw: 0x80010011', // the real CR0: PG (the guest's paging is still off) and WP (shadow paging's)
      'check pushf-if: 1 (after cli)',
      'check popf-if: popf did not set IF, the pending interrupt waited',
      'check popf-cli: popf did not clear IF, the interrupt was taken',
    ]);
  });

  // An interrupt the trap VMM held while the kernel had IF = 0 is delivered as soon as the guest traps from
  // ring 3 (before the INT n that brought it there, which runs again): the kernel's IRET to ring 3 enabled it.
  it('--mode trap runs it to the same bytes and status, apart from the check lines', async () => {
    const r = await run('trap', '--deterministic');
    expectClean(r);
    const rest = (out: string): string[] => out.split('\n').filter((l) => !l.startsWith('check '));
    expect(rest(r.out)).toEqual(rest(native.out));
  });

  it('--mode vtx runs it unmodified to the same bytes and status', async () => {
    const r = await run('vtx', '--deterministic');
    expectClean(r);
    expect(r.out).toBe(native.out);
  });

  it.skipIf(!requireOracle('qemu-system-i386'))('qemu-system-i386 -kernel prints the same bytes and ends with the same status', async () => {
    const q = await runInQemu(BIN, { timeoutMs: 20_000 });
    expect(q.timedOut, `qemu timed out; serial so far:\n${q.serial.toString('latin1')}`).toBe(false);
    expect(native.out).toBe(q.serial.toString('latin1'));
    expect(native.code).toBe(q.status);
  }, 30_000);
});
