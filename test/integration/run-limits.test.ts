/**
 * The run's limits hold inside long instructions and while halted: --timeout and --max-insns end a guest
 * busy in a huge REP string instruction (interruptible between iterations, SDM Vol. 2B "REP"), --max-insns
 * ends a guest halted with nothing to wake it, and the VirtualMachine API pauses a vCPU inside a REP.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src-main/core/asm';
import { VirtualMachine } from '../../src-main/engine/virtual-machine';
import { ExitCode } from '../../src-main/cli/exit-codes';
import { runCli } from '../support/cli';

const tmp = mkdtempSync(join(tmpdir(), 'virtlab-limits-'));

/** A multiboot guest whose `body` runs first; if it ever completes, the guest prints "done" and exits with 1. */
function guestFile(name: string, body: string): string {
  const path = join(tmp, name);
  writeFileSync(path, `bits 32
org 0x100000
%include "multiboot.inc"
MULTIBOOT_HEADER start
start:
${body}
  mov dx, 0x3f8
  mov al, 'd'
  out dx, al
  mov al, 1
  out 0xf4, al
  cli
  hlt
`);
  return path;
}

/** REP LODSB takes the element-by-element path (no bulk copy): slow enough to outlast any limit. */
const HUGE_REP = guestFile('huge-rep.asm', '  mov esi, 0x200000\n  mov ecx, 0xffffffff\n  rep lodsb\n');
/** 20 million iterations: far more than --max-insns 1000000 allows, far less than a second of real time. */
const LONG_REP = guestFile('long-rep.asm', '  mov esi, 0x200000\n  mov ecx, 20000000\n  rep lodsb\n');
/** Halted with interrupts on, nothing armed to wake it. */
const STI_HLT = guestFile('sti-hlt.asm', '  sti\n  hlt\n  jmp start\n');

const RUNNERS: readonly (readonly string[])[] = [[], ['--vcpus', '2'], ['--vcpus', '2', '--deterministic']];

describe.each(RUNNERS.map((runner) => ({ runner, name: runner.join(' ') || '(1 vCPU)' })))('limits of `virtlab run` $name', ({ runner }) => {
  it('--timeout ends a guest inside a huge REP (exit 8, the REP never completes)', async () => {
    const r = await runCli(['run', HUGE_REP, '--timeout', '1', ...runner]);
    expect(r.code).toBe(ExitCode.timeout);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/timeout/);
  });

  it('--max-insns counts every REP iteration, as QEMU -icount does (exit 8 before the REP completes)', async () => {
    const r = await runCli(['run', LONG_REP, '--max-insns', '1000000', ...runner]);
    expect(r.code).toBe(ExitCode.timeout);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/--max-insns 1000000 reached/);
  });

  it('--max-insns ends a guest halted with interrupts on and nothing to wake it (exit 8)', async () => {
    const r = await runCli(['run', STI_HLT, '--max-insns', '1000000', ...runner]);
    expect(r.code).toBe(ExitCode.timeout);
    expect(r.err).toMatch(/--max-insns 1000000 reached/);
  });
});

describe.each(['single', 'workers'] as const)('the VirtualMachine API inside a long REP (%s threading)', (threading) => {
  it('pauses the vCPU between iterations, on the REP with ECX/ESI counting, and stops it', async () => {
    const src = 'bits 32\norg 0x100000\n  mov esi, 0x200000\n  mov ecx, 0xffffffff\nrep_at:\n  rep lodsb\n  jmp $\n';
    const a = assemble({ mainFile: 'rep.asm', readFile: (p) => (p === 'rep.asm' ? src : undefined) });
    expect(a.ok).toBe(true);
    const vm = await VirtualMachine.create({ image: a.bytes, imageName: 'rep.asm', vcpus: threading === 'workers' ? 2 : 1, threading, loadAddress: 0x100000 });
    vm.start();
    // Iterations count as instructions: wait until the vCPU is well inside the REP.
    while (vm.snapshot().vcpus[0]!.instructions < 100_000) await new Promise((r) => setTimeout(r, 10));
    await vm.pause();
    const regs = vm.debug.registers(0);
    expect(regs.eip).toBe(0x100000 + 10); // on the REP LODSB (after two 5-byte MOVs)
    const done = 0xffffffff - regs.gpr.ecx;
    expect(done).toBeGreaterThan(0);
    expect(regs.gpr.esi).toBe(0x200000 + done);
    expect((await vm.stop()).outcome).toBe('stopped');
  });
});
