/** `virtlab compare`: one guest under every mode, one table (or JSON), deterministic figures. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VTX_GEN1 } from '../../src-main/core/cost';
import { ExitCode } from '../../src-main/cli/exit-codes';
import { COMPARE_COLUMNS, PV_NEEDS_PORT, type ModeColumn, type ModeComparison } from '../../src-main/engine/compare-modes';
import { VM_MODES } from '../../src-main/engine/vm-config';
import { runCli } from '../support/cli';

const SYSCALL_LOOP = join(__dirname, '../guests/cost/syscall-loop.asm');
const ROUND_TRIPS = 100;
const PV_CONSOLE = join(__dirname, '../../resources/examples/pv-console.asm');

async function compareJson(...args: string[]): Promise<ModeComparison> {
  const r = await runCli(['compare', SYSCALL_LOOP, '--json', ...args]);
  expect(r.code, r.err).toBe(ExitCode.ok);
  return JSON.parse(r.out) as ModeComparison;
}

const column = (c: ModeComparison, name: string): ModeColumn => c.modes.find((m) => m.column === name)!;
const COLUMNS = COMPARE_COLUMNS.map((c) => c.column);

describe('virtlab compare', () => {
  it('prints one table: a column per mode, the figures as rows, the reasons of modes not run below', async () => {
    const r = await runCli(['compare', SYSCALL_LOOP, '--cost', 'vtx-gen1']);
    expect(r.code, r.err).toBe(ExitCode.ok);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('cost model: vtx-gen1 (3.8 GHz); every mode run deterministically');
    expect(lines[2]!.trim().split(/\s+/)).toEqual(COLUMNS);
    const labels = lines.slice(3).map((l) => l.trim().split(/\s{2,}/)[0]!);
    for (const label of ['guest', 'ended', 'exit status', 'instructions', 'traps to VMM', 'VM exits', 'IO_INSTRUCTION', 'hypercalls', 'translated blocks', 'translated instructions', 'Popek–Goldberg holes',
      'callouts', 'TLB misses (page walks)', 'cycles by kind', 'interrupts', 'privilege transitions', 'total cycles', 'overhead vs native', 'overhead without memory']) {
      expect(labels, label).toContain(label);
    }
    expect(r.out).toMatch(/^ended\s+exit 0x2a\s/m);
    expect(r.out).toMatch(/^overhead vs native\s+1\.00×/m);
    // Without --pv the pv column is not run, and says why.
    expect(r.out).toContain(`\nnot run:\n`);
    expect(r.out).toContain(`  pv: ${PV_NEEDS_PORT}\n`);
  });

  it('gives the same figures on every run; native is the 1.00× baseline; vtx shows its exits by reason', async () => {
    const a = await compareJson('--cost', 'vtx-gen1');
    const b = await compareJson('--cost', 'vtx-gen1');
    expect(a).toEqual(b);
    expect(a.cost).toEqual({ preset: 'vtx-gen1', clockGHz: 3.8 });
    expect(a.modes.map((m) => m.column)).toEqual(COLUMNS);
    expect(COLUMNS).toEqual(['native', 'trap', 'bt', 'pv', 'vtx-ept', 'vtx-shadow']);
    expect(new Set(a.modes.map((m) => m.mode))).toEqual(new Set(VM_MODES));

    const native = column(a, 'native');
    const vtx = column(a, 'vtx-shadow');
    if (!native.available || !vtx.available) throw new Error('native and vtx-shadow must run');
    // With EPT (once the VMX implementation has it) the guest's paging is its own: no #PF or CR3 exits.
    const ept = column(a, 'vtx-ept');
    if (ept.available) {
      expect(ept).toMatchObject({ outcome: 'debug-exit', exitValue: 0x2a });
      expect(ept.exitsByReason['EXCEPTION_NMI'] ?? 0).toBe(0);
    } else expect(ept.reason).toMatch(/--ept on/);
    for (const m of [native, vtx]) {
      expect(m).toMatchObject({ outcome: 'debug-exit', exitValue: 0x2a, exitStatus: (0x2a << 1) | 1, trapsToVmm: 0, hypercalls: 0, translatedBlocks: 0, holes: 0 });
      // The guest's system calls stay inside the guest under both.
      expect(m.eventsByKind.Interrupt).toBe(ROUND_TRIPS);
      expect(m.cyclesByKind.Interrupt).toBe(ROUND_TRIPS * VTX_GEN1.cycles.Interrupt);
    }
    expect(native.overhead).toBe(1);
    expect(native.overheadWithoutMemory).toBe(1);
    expect(native.vmExits).toBe(0);
    expect(native.exitsByReason).toEqual({});

    expect(vtx.exitsByReason['IO_INSTRUCTION']).toBeGreaterThanOrEqual(1);
    expect(vtx.vmExits).toBe(Object.values(vtx.exitsByReason).reduce((s, n) => s + n, 0));
    expect(vtx.cyclesByKind.VmExit).toBe(vtx.vmExits * VTX_GEN1.cycles.VmExit);
    expect(vtx.overhead).toBeCloseTo(vtx.totalCycles / native.totalCycles, 12);
    expect(vtx.overheadWithoutMemory!).toBeGreaterThan(1);

    for (const mode of ['trap', 'bt'] as const) {
      const m = column(a, mode);
      if (!m.available) throw new Error(`${mode} must run: ${m.reason}`);
      expect(m).toMatchObject({ outcome: 'debug-exit', exitValue: 0x2a });
      // The guest kernel is deprivileged: its system calls enter the VMM (trap) or run translated (bt).
      expect(m.instructions).toBeGreaterThan(0);
      if (mode === 'trap') expect(m.trapsToVmm).toBeGreaterThanOrEqual(ROUND_TRIPS);
      else expect(m.translatedBlocks).toBeGreaterThan(0);
      expect(m.cyclesByKind.TrapToVmm ?? 0).toBe(m.trapsToVmm * VTX_GEN1.cycles.TrapToVmm);
      expect(m.overheadWithoutMemory!).toBeGreaterThan(1);
    }
    expect(column(a, 'pv')).toEqual({ column: 'pv', mode: 'pv', available: false, guest: null, reason: PV_NEEDS_PORT });
  });

  it('runs the paravirtualized port given with --pv for the pv column: its hypercalls are counted and charged', async () => {
    const c = await compareJson('--pv', PV_CONSOLE, '--cost', 'vtx-gen1');
    expect(c.pvGuest).toBe(PV_CONSOLE);
    const pv = column(c, 'pv');
    if (!pv.available) throw new Error(`pv must run: ${pv.reason}`);
    expect(pv.guest).toBe(PV_CONSOLE);
    expect(pv.hypercalls).toBeGreaterThanOrEqual(2); // console_io, then sched_op(shutdown)
    expect(pv.cyclesByKind.Hypercall).toBe(pv.hypercalls * VTX_GEN1.cycles.Hypercall);
    expect(pv.vmExits).toBe(0);
  });

  it('rejects what it cannot use: exit 2 for options, 4 for input', async () => {
    expect((await runCli(['compare'])).code).toBe(ExitCode.usage);
    expect((await runCli(['compare', SYSCALL_LOOP, '--mode', 'vtx'])).code).toBe(ExitCode.usage);
    expect((await runCli(['compare', SYSCALL_LOOP, '--ept', 'off'])).code).toBe(ExitCode.usage); // both are run
    expect((await runCli(['compare', SYSCALL_LOOP, '--vpid', 'maybe'])).code).toBe(ExitCode.usage);
    expect((await runCli(['compare', SYSCALL_LOOP, '--cost', 'nope'])).code).toBe(ExitCode.usage);
    expect((await runCli(['compare', join(__dirname, 'no-such-guest.asm')])).code).toBe(ExitCode.badInput);
    expect((await runCli(['compare', SYSCALL_LOOP, '--pv', join(__dirname, 'no-such-pv.bin')])).code).toBe(ExitCode.badInput);
  });

  it('is listed in the help', async () => {
    const r = await runCli(['--help']);
    expect(r.out).toMatch(/^ {2}compare\s+run a guest under every virtualization mode/m);
    const u = await runCli(['compare', '--help']);
    expect(u.out).toMatch(/^Usage: virtlab compare FILE/);
    expect(u.out).toContain('--pv FILE');
  });
});
