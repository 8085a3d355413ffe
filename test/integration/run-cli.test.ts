/** `virtlab run` and `virtlab numastat` end to end through the CLI's main(): output, stderr, exit statuses. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli';
import { ExitCode } from '../../src-main/cli/exit-codes';
import { SMP_DIR } from '../unit/engine/support/smp-guest';

async function cli(...argv: string[]): Promise<CliResult> {
  return runCli(['run', ...argv].filter((a) => a !== ''), { encoding: 'latin1' });
}

const guest = (name: string): string => join(SMP_DIR, name);
const HELLO = join(__dirname, '../guests/cpu/hello.asm');
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-run-'));

describe('virtlab run', () => {
  it('assembles .asm on the fly, prints serial output and exits with (v << 1) | 1', async () => {
    const r = await cli(HELLO);
    expect(r.out).toBe('hello from the guest\n12345678 deadbeef \n');
    expect(r.code).toBe((0x21 << 1) | 1);
  });

  it('runs a flat binary too', async () => {
    const bin = join(tmp, 'hello.bin');
    const { assemble } = await import('../../src-main/core/asm');
    const a = assemble({ mainFile: HELLO, includePaths: [join(__dirname, '../guests/cpu')], readFile: (p) => readFileSync(p, 'utf8') });
    writeFileSync(bin, a.bytes);
    expect((await cli(bin)).code).toBe(67);
  });

  it('exits 0 when every vCPU halted with interrupts off', async () => {
    const r = await cli(guest('halt-quietly.asm'), '--vcpus', '2');
    expect(r).toEqual({ code: ExitCode.ok, out: 'bye\n', err: '' });
  });

  it('reports a triple fault with vCPU, EIP and fault chain, exit 6', async () => {
    const r = await cli(guest('triple-fault.asm'));
    expect(r.code).toBe(ExitCode.tripleFault);
    expect(r.err).toMatch(/triple fault on vCPU 0 at EIP 0x001[0-9a-f]{5}; fault chain:\n {2}#UD \(vector 6\)/);
    expect(r.err).toMatch(/#GP \(vector 13\)/);
    expect(r.err).toMatch(/#DF \(vector 8\)/);
  });

  it('stops a runaway guest: --timeout and --max-insns exit 8', async () => {
    const spin = guest('spin-forever.asm');
    const t = await cli(spin, '--timeout', '0.3');
    expect(t.code).toBe(ExitCode.timeout);
    expect(t.err).toMatch(/timeout/);
    const m = await cli(spin, '--max-insns', '10000', '--vcpus', '2', '--deterministic');
    expect(m.code).toBe(ExitCode.timeout);
    expect(m.err).toMatch(/--max-insns 10000 reached/);
  });

  it('rejects bad option values with exit 2', async () => {
    for (const args of [
      ['--vcpus', '0'],
      ['--vcpus', 'two'],
      ['--mem', '1K'],
      ['--mem', '5G'],
      ['--mode', 'emulate'],
      ['--cost', 'cheap'],
      ['--timeout', '-1'],
      ['--max-insns', '1.5'],
      ['--load', 'zz'],
      ['--vcpupin', '7:0', '--vcpus', '2'],
      ['--membind', '3'],
      ['--membind', '0', '--interleave', '0'],
      ['--bogus'],
    ]) {
      const r = await cli(HELLO, ...args);
      expect(r.code, args.join(' ')).toBe(ExitCode.usage);
      expect(r.err, args.join(' ')).toMatch(/^virtlab run: /);
    }
  });

  it('rejects bad inputs with exit 4: missing file, assembly errors as FILE:LINE:COL, bad image', async () => {
    expect((await cli(join(tmp, 'nope.bin'))).code).toBe(ExitCode.badInput);
    const bad = join(tmp, 'bad.asm');
    writeFileSync(bad, 'bits 32\n  mov eax, [\n');
    const r = await cli(bad);
    expect(r.code).toBe(ExitCode.badInput);
    expect(r.err).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: error: `));
    const empty = join(tmp, 'empty.bin');
    writeFileSync(empty, new Uint8Array(0));
    expect((await cli(empty)).code).toBe(ExitCode.badInput);
    expect((await cli(HELLO, '--topology', join(tmp, 'missing.json'))).code).toBe(ExitCode.badInput);
  });

  it('says clearly what a mode cannot run (exit 10): APs started by SIPI under a software VMM', async () => {
    const r = await cli(HELLO, '--mode', 'trap', '--vcpus', '2', '--ap-start', 'sipi');
    expect(r.code).toBe(ExitCode.unavailable);
    expect(r.err).toMatch(/--ap-start sipi with --mode trap: .*real mode/);
  });

  it('--mode vtx runs the guest under the built-in VMM: same output and status, VM exits in the stats', async () => {
    const stats = join(tmp, 'vtx-stats.json');
    const r = await cli(HELLO, '--mode', 'vtx', '--stats', stats);
    expect(r.out).toBe('hello from the guest\n12345678 deadbeef \n');
    expect(r.code).toBe((0x21 << 1) | 1);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(s.config.mode).toBe('vtx');
    expect(s.vcpus[0].vmx.exits_by_reason.IO_INSTRUCTION).toBe(r.out.length + 1);
  });

  it('writes the stats JSON, which `virtlab numastat` reads', async () => {
    const stats = join(tmp, 'stats.json');
    const r = await cli(guest('spinlock-counter.asm'), '--vcpus', '2', '--topology', 'rh65', '--vcpupin', '0:0,1:6', '--stats', stats, '--deterministic');
    expect(r.code).toBe(1);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(s.version).toBe(1);
    expect(s.vcpus.map((v: { host_cpu: number; node: number }) => [v.host_cpu, v.node])).toEqual([[0, 0], [6, 1]]);
    expect(s.vcpus[0].pinning.vcpupin).toBe('pinned');
    expect(s.nodes).toHaveLength(2);
    expect(s.outcome).toMatchObject({ reason: 'debug-exit', exit_value: 0 });
    const { code, out } = await runCli(['numastat', '--stats', stats]);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe(`${''.padStart(16)}${'node0'.padStart(16)}${'node1'.padStart(16)}`);
    expect(out).toMatch(/^numa_hit +\d+ +\d+$/m);
    // -p: where the guest's pages are, per node, in MB (numastat -p's table), from nodes[].pages_used
    const p = await runCli(['numastat', '--stats', stats, '-p']);
    expect(p.code).toBe(0);
    const lines = p.out.split('\n');
    expect(lines[1]).toMatch(/^Per-node process memory usage \(in MBs\) for guest .*spinlock-counter\.asm$/);
    expect(lines[2]).toBe(`${''.padStart(17)}${'Node 0'.padStart(16)}${'Node 1'.padStart(16)}${'Total'.padStart(16)}`);
    const used = s.nodes.map((n: { pages_used: number }) => n.pages_used) as number[];
    expect(used.every((n) => n > 0)).toBe(true); // each vCPU touched pages on its own node
    const priv = lines.find((l) => l.startsWith('Private'))!;
    expect(priv).toMatch(/^Private {10}( {0,12}\d+\.\d\d){3}$/);
    const shown = priv.split(/ +/).slice(1).map(Number);
    [...used, used[0]! + used[1]!].forEach((pages, i) => expect(Math.abs(shown[i]! - pages * 4096 / 1048576)).toBeLessThanOrEqual(0.005));
  });
});
