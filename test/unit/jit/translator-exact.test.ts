/**
 * The translator keeps what the interpreter counts and where it stops exactly: NUMA charges and first touches
 * per access, self-modifying code (a store rewriting the next iteration's instruction), and instruction
 * budgets that end inside a hot loop. Each guest runs interpreted and translated on identical machines.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine, EXIT_BUDGET } from '../../../src-main/core/cpu/engine';
import type { Cpu } from '../../../src-main/core/cpu/cpu';
import { PAGE_UNPLACED } from '../../../src-main/core/cpu/memory';
import { readEflags } from '../../../src-main/core/cpu/flags';
import { JIT_FORCE, JIT_OFF, JIT_ON, type JitMode } from '../../../src-main/core/jit/modes';
import { assembleFromDisk } from '../../support/assemble-file';
import { createMachine, runImage } from '../cpu/harness';

const BENCH_GUESTS = fileURLToPath(new URL('../../bench/guests/', import.meta.url));
const CPU_GUESTS = fileURLToPath(new URL('../../guests/cpu/', import.meta.url));
const JIT_GUESTS = fileURLToPath(new URL('../../guests/jit/', import.meta.url));
const image = (name: string, iterations: number): Uint8Array =>
  assembleFromDisk(join(BENCH_GUESTS, `${name}.asm`), [BENCH_GUESTS], { ITERATIONS: String(iterations) }).bytes;
const MEM = 64 << 20;

function snapshot(cpu: Cpu): Record<string, unknown> {
  return {
    eip: cpu.eip >>> 0, regs: [...cpu.regs], eflags: readEflags(cpu) >>> 0, instructions: cpu.instructions, cycles: cpu.cycles,
    memAccesses: cpu.memAccesses, remoteAccesses: cpu.remoteAccesses,
  };
}

describe('translator exactness', () => {
  it('NUMA: every access charged, remote pages cost their cycles, first touches placed in the same order', () => {
    const run = (jit: JitMode): { state: Record<string, unknown>; touched: number[] } => {
      const table = new Uint16Array(MEM / 4096).fill(PAGE_UNPLACED | 7); // unplaced; predicted 7 cycles remote
      const touched: number[] = [];
      const { cpu } = createMachine(image('compute', 3000), MEM, {
        pageAccessCost: table, firstTouch: (page) => { touched.push(page); table[page] = page % 2 === 0 ? 0 : 40; },
      });
      const engine = new Engine(cpu, { jit });
      while (engine.run(100_000) === EXIT_BUDGET);
      return { state: snapshot(cpu), touched };
    };
    const reference = run(JIT_OFF);
    expect(reference.state['remoteAccesses']).toBeGreaterThan(1000);
    expect(run(JIT_ON)).toEqual(reference);
    expect(run(JIT_FORCE)).toEqual(reference);
  });

  it('self-modifying code: each rewritten instruction runs as written', () => {
    const results = ([JIT_OFF, JIT_ON, JIT_FORCE] as JitMode[]).map((jit) => {
      const r = runImage(image('smc', 500), 1_000_000, 'smc.bin', { jit });
      return { serial: r.serial.toString(), ...snapshot(r.cpu) };
    });
    expect(results[0]!['serial']).not.toBe('');
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('a budget that ends inside a translated loop stops at the same instruction, run after run', () => {
    const machines = ([JIT_OFF, JIT_ON] as JitMode[]).map((jit) => {
      const { cpu } = createMachine(image('compute', 5000), MEM);
      return { cpu, engine: new Engine(cpu, { jit }) };
    });
    for (const budget of [1, 7, 100, 1000, 3, 5000, 12_345, 9, 20_000]) {
      const [a, b] = machines.map(({ cpu, engine }) => { engine.run(budget); return snapshot(cpu); });
      expect(b, `after a run of ${budget}`).toEqual(a);
    }
    expect(machines[1]!.engine.blocks!.translated).toBeGreaterThan(0);
  });

  it('budgets that end inside a hot loop make no blocks at the places they end', () => {
    // Quanta of an odd size end at every instruction of the 9-instruction loop in turn; the interpreter runs
    // each quantum's last instructions and the next one starts there. Those are no block starts: counted as
    // such they became blocks, and each new block compiled the loop's region again.
    const { cpu } = createMachine(image('compute', 100_000), MEM);
    const engine = new Engine(cpu, { jit: JIT_ON });
    while (engine.run(1009) === EXIT_BUDGET);
    const cache = engine.blocks!;
    expect(cache.instructions).toBeGreaterThan(800_000); // the loop ran translated
    expect(cache.translated).toBeLessThan(6);
  });

  it('hot loops take every APIC timer interrupt at the same instruction, after time piled up with the timer stopped', () => {
    const guest = assembleFromDisk(join(JIT_GUESTS, 'timer-loop.asm'), [CPU_GUESTS]).bytes;
    const results = ([JIT_OFF, JIT_ON, JIT_FORCE] as JitMode[]).map((jit) => {
      const r = runImage(guest, 5_000_000, 'timer-loop.bin', { jit });
      return { serial: r.serial.toString(), exit: r.exit, ...snapshot(r.cpu) };
    });
    const ticks = parseInt(results[0]!['serial'].split(' ')[0]!, 16);
    expect(ticks).toBeGreaterThan(500); // 200,000 passes of 4 instructions, an interrupt every 997 cycles
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('a page running in ring 3 and ring 0 by turns keeps a region for each, not one made again each time', () => {
    const machines = ([JIT_OFF, JIT_ON] as JitMode[]).map((jit) => {
      const { cpu } = createMachine(image('ring', 3000), MEM);
      const engine = new Engine(cpu, { jit });
      while (engine.run(100_000) === EXIT_BUDGET);
      return { state: snapshot(cpu), engine };
    });
    expect(machines[1]!.state).toEqual(machines[0]!.state);
    const cache = machines[1]!.engine.blocks!;
    // The user loop and the handler share the code page: a handful of blocks, each translated once.
    expect(cache.translated).toBeGreaterThan(1);
    expect(cache.translated).toBeLessThan(20);
    expect(cache.invalidations).toBe(0);
  });

  it('one physical page of code at two linear addresses runs each with its own EIPs', () => {
    const guest = assembleFromDisk(join(JIT_GUESTS, 'alias.asm'), [BENCH_GUESTS]).bytes;
    const results = ([JIT_OFF, JIT_ON, JIT_FORCE] as JitMode[]).map((jit) => {
      const r = runImage(guest, 5_000_000, 'alias.bin', { jit });
      return { serial: r.serial.toString(), exit: r.exit, ...snapshot(r.cpu) };
    });
    expect(results[0]!['exit']).toBe('exit-requested');
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
