/**
 * The PC platform with the CPU core plugged in, against QEMU: guests that use the local APIC timer, IPIs,
 * the I/O APIC, COM1 interrupts, pc-testdev and fw_cfg must print the same and exit the same.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { buildGuest } from '../../support/guest-build';
import { runInQemu } from '../../support/qemu';
import { PcPlatform } from '../../../src-main/core/machine/pc';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { Engine, EXIT_BUDGET, EXIT_HALTED, EXIT_NAMES, EXIT_REQUESTED } from '../../../src-main/core/cpu/engine';
import { STOP_EXIT_REQUEST } from '../../../src-main/core/cpu/exceptions';
import { applyEntryState } from '../../../src-main/core/cpu/reset';
import { DEVICES_GUEST, ECHO_GUEST, TIMER_GUEST } from './pc-guests';

const hasTools = requireOracle('qemu-system-i386') && requireOracle('nasm');


function runOnVirtlab(kernelPath: string, image: Uint8Array, consoleInput = '') {
  const serial: number[] = [];
  let exitValue: number | null = null;
  let cpu: Cpu | null = null;
  const pc = new PcPlatform({
    ramSize: 64 * 1024 * 1024,
    serialSink: (b) => serial.push(b),
    run: {
      requestExit: (v) => {
        exitValue = v;
        if (cpu) cpu.stopReason = STOP_EXIT_REQUEST;
      },
    },
  });
  const loaded = pc.loadKernel(image, { kernelName: kernelPath });
  pc.uart.receive(Buffer.from(consoleInput, 'latin1'));
  cpu = new Cpu(pc.ram, pc.busFor(0), pc.lapics[0]!, null, { apicId: 0 });
  applyEntryState(cpu, loaded.entry);
  const engine = new Engine(cpu);
  let exit: number = EXIT_BUDGET;
  // HLT with IF=1 returns "halted" when the budget passes without an interrupt: keep going, as the
  // multi-vCPU engine would; stop on anything else.
  for (let slice = 0; slice < 2_000; slice++) {
    exit = engine.run(100_000);
    if (exit !== EXIT_BUDGET && !(exit === EXIT_HALTED && cpu.eflags & 0x200)) break;
  }
  return { serial: Buffer.from(serial).toString('latin1'), exit: EXIT_NAMES[exit], exitCode: exit === EXIT_REQUESTED ? exitValue : null };
}

async function compare(source: string): Promise<string> {
  const kernel = await buildGuest(source);
  const qemu = await runInQemu(kernel, { timeoutMs: 15_000, testdev: true });
  const ours = runOnVirtlab(kernel, new Uint8Array(await readFile(kernel)));
  expect(ours.serial).toBe(qemu.serial.toString('latin1'));
  expect(ours.exitCode).toBe(qemu.exitCode);
  return ours.serial;
}

describe('PC platform + CPU core against QEMU', () => {
  it.skipIf(!hasTools)('local APIC periodic timer interrupts wake HLT', async () => {
    expect(await compare(TIMER_GUEST)).toBe('timer ticks: 5');
  });

  it.skipIf(!hasTools)('self IPI, COM1 and pc-testdev interrupts through the I/O APIC, fw_cfg', async () => {
    expect(await compare(DEVICES_GUEST)).toBe('ipi uart testdev 1 ok');
  });
});

describe('PC platform + CPU core', () => {
  it.skipIf(!hasTools)('delivers console input to the guest through COM1 receive interrupts', async () => {
    const kernel = await buildGuest(ECHO_GUEST);
    const result = runOnVirtlab(kernel, new Uint8Array(await readFile(kernel)), 'abc');
    expect(result.serial).toBe('got: abc');
    expect(result.exitCode).toBe(0x10);
  });
});
