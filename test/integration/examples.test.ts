/**
 * Every shipped example (resources/examples) does what its header says (docs/examples.md): it runs through
 * `virtlab run` in its @mode at each of its @vcpus counts, with vCPUs on worker threads and with
 * --deterministic, reaches its @ends and prints every @output line. A native example that runs on one vCPU
 * also runs under `qemu-system-i386 -kernel` and must print the same serial bytes and end with the same
 * status there (the examples are plain multiboot kernels: what a student learns from them holds on QEMU too),
 * unless its header says with `@qemu differs: REASON` why it cannot (that QEMU run is skipped, by name).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExampleHeader, type ExampleInfo } from '../../src-main/core/examples/example-header';
import { assembleFromDisk } from '../support/assemble-file';
import { runCli, type CliResult } from '../support/cli';
import { requireOracle } from '../support/oracles';
import { runInQemu } from '../support/qemu';

const root = resolve(__dirname, '../..');
const EXAMPLES = join(root, 'resources/examples');
const INCLUDE = join(root, 'resources/include');
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.asm')).sort();
/** Each example's header, or null when it has none or a bad one (the first test reports which). */
const headers = new Map(examples.map((f) => [f, readHeader(join(EXAMPLES, f))]));
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Guards against a run that never reaches its end: every example ends long before either. */
const GUARD = ['--max-insns', '200000000', '--timeout', '30'];

function readHeader(file: string): ExampleInfo | null {
  try {
    return parseExampleHeader(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function expectedStatus(info: ExampleInfo): number {
  return info.ends.outcome === 'debug-exit' ? ((info.ends.exitValue << 1) | 1) & 0xff : 0;
}

/** Serial output as lines, CR LF or LF. */
const lines = (out: string): string[] => out.split(/\r?\n/);

function expectDocumentedEnd(info: ExampleInfo, r: CliResult): void {
  // Only warnings (e.g. a host that cannot pin threads) may reach stderr; a fault report or limit may not.
  expect(r.err.split('\n').filter((l) => l !== '' && !l.startsWith('virtlab run: warning: '))).toEqual([]);
  expect(r.code, r.err).toBe(expectedStatus(info));
  for (const line of info.output) expect(lines(r.out), `serial output:\n${r.out}`).toContain(line);
}

describe('shipped examples', () => {
  it('there are examples, each with a valid header', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const f of examples) expect(() => parseExampleHeader(readFileSync(join(EXAMPLES, f), 'utf8')), f).not.toThrow();
  });

  for (const f of examples) {
    const file = join(EXAMPLES, f);
    const info = headers.get(f);
    if (!info) continue;

    describe(`${f} (${info.title})`, () => {
      for (const vcpus of info.vcpus) {
        for (const threading of ['workers', 'deterministic'] as const) {
          it(`--mode ${info.mode} --vcpus ${vcpus}, ${threading}: ends ${info.ends.outcome} with its output`, async () => {
            const argv = ['run', file, '--mode', info.mode, '--vcpus', String(vcpus), ...GUARD];
            if (threading === 'deterministic') argv.push('--deterministic');
            expectDocumentedEnd(info, await runCli(argv, { encoding: 'latin1' }));
          });
        }
      }
    });
  }
});

const qemuExamples = examples.flatMap((f) => {
  const info = headers.get(f);
  return info && info.mode === 'native' && info.vcpus.includes(1) ? [{ f, info }] : [];
});

describe.skipIf(!requireOracle('qemu-system-i386'))('shipped examples under qemu-system-i386 -kernel, one vCPU', () => {
  for (const { f, info } of qemuExamples) {
    if (info.qemuDiffers !== null) {
      it.skip(`${f}: not compared, its header says it differs under QEMU: ${info.qemuDiffers}`, () => {});
      continue;
    }
    it(`${f}: the same serial bytes and exit status as virtlab run`, async () => {
      const bin = join(tmp, f.replace(/\.asm$/, '.bin'));
      writeFileSync(bin, assembleFromDisk(join(EXAMPLES, f), [INCLUDE]).bytes);
      const [q, v] = await Promise.all([
        runInQemu(bin, { timeoutMs: 20_000 }),
        runCli(['run', bin, '--vcpus', '1', '--deterministic', ...GUARD], { encoding: 'latin1' }),
      ]);
      expect(q.timedOut, `qemu timed out; serial so far:\n${q.serial.toString('latin1')}`).toBe(false);
      expectDocumentedEnd(info, v);
      expect(v.out).toBe(q.serial.toString('latin1'));
      expect(v.code).toBe(q.status);
    }, 30_000);
  }
});
