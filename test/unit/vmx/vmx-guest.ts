/**
 * Guests that are their own hypervisor, for the VMX tests: test/guests/vmx/prologue.inc after the CPU tests'
 * lib.inc, assembled with nasm and run on the test harness's bare machine (createMachine), so a test can give
 * CpuOptions (e.g. { vmx: false }) and look at the Cpu and RAM afterwards.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CpuOptions } from '../../../src-main/core/cpu/cpu';
import { EXIT_BUDGET, EXIT_NAMES } from '../../../src-main/core/cpu/engine';
import { machineFor } from '../cpu/snippet';
import type { createMachine } from '../cpu/harness';

export const VMX_GUEST_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../guests/vmx');
const PROLOGUE = readFileSync(join(VMX_GUEST_DIR, 'prologue.inc'), 'utf8');

export interface VmxRun {
  readonly serial: string;
  /** Value written to isa-debug-exit (0 when main returns; 0x40 + vector after an unexpected fault). */
  readonly exitCode: number | null;
  readonly exit: string;
  readonly machine: ReturnType<typeof createMachine>;
}

/** Assemble `body` (defines `main`) after lib.inc and the VMX prologue, and run it to its end. */
export function runVmxGuest(body: string, options: CpuOptions = {}, maxInstructions = 5_000_000): VmxRun {
  const machine = machineFor(`${PROLOGUE}\n${body}`, options);
  let exit = EXIT_BUDGET as number;
  while (exit === EXIT_BUDGET && machine.cpu.instructions < maxInstructions) exit = machine.engine.run(100_000);
  return { serial: Buffer.from(machine.bus.serial).toString(), exitCode: machine.bus.exitValue, exit: EXIT_NAMES[exit] ?? String(exit), machine };
}

const FAULTS: Readonly<Record<number, string>> = { 6: '#UD', 12: '#SS(0)', 13: '#GP(0)', 14: '#PF' };

/**
 * The guest's output with every TRY line turned into its outcome: 'S', 'I', 'V<error>' (decimal), 'F<flags>',
 * 'ok' (TRYOP),
 * or the fault ('#UD', '#GP(0)', …; the fault's EIP must be the instruction's, else it says so). Other lines
 * come through as they are (trimmed).
 */
export function outcomes(serial: string): string[] {
  return serial.split('\n').filter((l) => l !== '').map((line) => {
    const m = /^([0-9a-f]{8}) (.*)$/.exec(line);
    if (!m) return line.trim();
    const [, at, rest] = m as unknown as [string, string, string];
    if (rest === 'S' || rest === 'I' || rest === 'ok') return rest;
    if (/^V[0-9a-f]{8}$/.test(rest)) return `V${parseInt(rest.slice(1), 16)}`;
    if (/^F[0-9a-f]{8}$/.test(rest)) return rest;
    const f = /^#([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8}) [0-9a-f]{8}/.exec(rest);
    if (f) {
      const vector = parseInt(f[1]!, 16);
      const name = vector === 13 || vector === 12 ? `${FAULTS[vector]!.slice(0, 3)}(${parseInt(f[2]!, 16)})` : FAULTS[vector] ?? `#${vector}`;
      return f[3] === at ? name : `${name} at ${f[3]!} instead of ${at}`;
    }
    return line.trim();
  });
}
