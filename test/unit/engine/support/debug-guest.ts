/** Guests for the debugger's tests, assembled with virtlab's assembler and started paused at entry. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssembleResult } from '../../../../src-main/core/asm';
import { assembleFromDisk } from '../../../support/assemble-file';
import { ProgramMap } from '../../../../src-main/engine/debug-program';
import type { VmStop } from '../../../../src-main/engine/debug';
import { VirtualMachine } from '../../../../src-main/engine/virtual-machine';
import type { VmConfig } from '../../../../src-main/engine/vm-config';

export const CPU_GUESTS = fileURLToPath(new URL('../../../guests/cpu', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

export function build(file: string): AssembleResult {
  return assembleFromDisk(file, [dirname(file), CPU_GUESTS]);
}

/** The 1-based number of the first line of `file` whose text (trimmed) is `text`. */
export function lineOf(file: string, text: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.trim() === text);
  if (i < 0) throw new Error(`no line "${text}" in ${file}`);
  return i + 1;
}

export interface DebugRun {
  readonly vm: VirtualMachine;
  readonly program: ProgramMap;
  readonly serial: () => string;
  /** Resolves at the next stop (or rejects when the run ends first). */
  readonly nextStop: () => Promise<VmStop>;
  readonly symbol: (name: string) => number;
}

/** Creates the VM of a guest file and starts it paused at entry, the program map attached to its debugger. */
export async function startPaused(file: string, config: Partial<VmConfig> = {}): Promise<DebugRun> {
  const asm = build(file);
  const vm = await VirtualMachine.create({ image: asm.bytes, imageName: file, loadAddress: asm.origin, timeoutMs: 30_000, ...config });
  const program = ProgramMap.fromAssembly(file, asm);
  vm.debug.program = program;
  const chunks: Buffer[] = [];
  vm.onSerial((b) => chunks.push(Buffer.from(b)));
  const stops: VmStop[] = [];
  let waiter: ((s: VmStop) => void) | null = null;
  vm.onStop((s) => {
    if (waiter) {
      const w = waiter;
      waiter = null;
      w(s);
    } else stops.push(s);
  });
  vm.start({ pauseAtEntry: true });
  const nextStop = (): Promise<VmStop> => {
    const queued = stops.shift();
    if (queued) return Promise.resolve(queued);
    return Promise.race([
      new Promise<VmStop>((resolve) => (waiter = resolve)),
      vm.wait().then((r) => Promise.reject(new Error(`the run ended (${r.outcome}) before a stop`))),
    ]);
  };
  const symbol = (name: string): number => {
    const v = program.symbol(name);
    if (v === undefined) throw new Error(`no symbol ${name}`);
    return v;
  };
  return { vm, program, serial: () => Buffer.concat(chunks).toString('latin1'), nextStop, symbol };
}

export const SYSCALL = join(FIXTURES, 'syscall.asm');
export const TWO_LOOPS = join(FIXTURES, 'two-loops.asm');
