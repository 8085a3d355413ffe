/**
 * A PV domain for unit tests: a guest source assembled with virtlab's assembler, loaded on the platform's PC
 * (COM1, isa-debug-exit, local APIC: the PV timer needs one), run by a PvVcpu on one vCPU until it ends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../../../src-main/core/asm';
import { Cpu } from '../../../../src-main/core/cpu/cpu';
import { Engine, EXIT_BUDGET, EXIT_HALTED, EXIT_NAMES } from '../../../../src-main/core/cpu/engine';
import { STOP_EXIT_REQUEST } from '../../../../src-main/core/cpu/exceptions';
import { applyEntryState } from '../../../../src-main/core/cpu/reset';
import { IF } from '../../../../src-main/core/cpu/state';
import { PcPlatform } from '../../../../src-main/core/machine/pc';
import { PvVcpu } from '../../../../src-main/core/vmm/pv';

const INCLUDE = join(__dirname, '../../../../resources/include');

export function assembleSource(source: string): Uint8Array {
  const r = assemble({
    mainFile: '/virtual/guest.asm',
    includePaths: [INCLUDE],
    defines: {},
    readFile: (p) => {
      if (p === '/virtual/guest.asm') return source;
      try { return readFileSync(p, 'utf8'); } catch { return undefined; }
    },
  });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('\n'));
  return r.bytes;
}

export interface PvMachine {
  readonly cpu: Cpu;
  readonly engine: Engine;
  readonly pv: PvVcpu;
  readonly serial: () => string;
  readonly exitValue: () => number | null;
  /** Console input (COM1 receives these bytes). */
  readonly type: (text: string) => void;
  /** Runs until the guest ends (or `max` instructions): the engine's exit name. */
  run(max?: number): string;
}

export function pvMachine(image: Uint8Array, ramSize = 16 << 20, append = ''): PvMachine {
  const out: number[] = [];
  let exitValue: number | null = null;
  let cpu: Cpu | null = null;
  const pc = new PcPlatform({
    ramSize, sharedRam: false,
    serialSink: (b) => { out.push(b); },
    run: { requestExit: (v) => { exitValue = v; if (cpu) cpu.stopReason = STOP_EXIT_REQUEST; } },
  });
  const loaded = pc.loadKernel(image, { kernelName: 'guest.bin', append });
  cpu = new Cpu(pc.ram, pc.busFor(0), pc.lapics[0]!, null, { apicId: 0, vmx: false, hypervisorPresent: true });
  applyEntryState(cpu, loaded.entry);
  const pv = new PvVcpu(cpu, 0, null);
  pv.launch();
  const engine = new Engine(cpu);
  const c = cpu;
  return {
    cpu: c, engine, pv,
    serial: () => Buffer.from(out).toString('latin1'),
    exitValue: () => exitValue,
    type: (text) => pc.uart.receive(Buffer.from(text, 'latin1')),
    run(max = 5_000_000): string {
      let exit = EXIT_BUDGET as number;
      while (c.instructions < max) {
        exit = engine.run(100_000);
        if (exit !== EXIT_BUDGET && !(exit === EXIT_HALTED && (c.eflags & IF) !== 0)) break;
      }
      return EXIT_NAMES[exit] ?? String(exit);
    },
  };
}
