/**
 * The translator (core/jit) against the interpreter on the whole CPU corpus (test/guests/cpu, the guests
 * cpu-qemu.test.ts compares with QEMU): each guest runs interpreted, with every block translated at first
 * sight (force) and with hot blocks translated (on). Everything the guest or a student can observe must be
 * identical — serial bytes, exit, and the final architectural state — and so must the bookkeeping the
 * translator keeps exactly: instructions retired, cycles, TLB hits, page walks and the other cost events.
 * VIRTLAB_JIT=force npx vitest run test/integration/cpu-qemu.test.ts runs the same corpus against QEMU.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../support/oracles';
import { GUEST_DIR, buildCpuGuest } from '../unit/cpu/guest';
import { runFileWith } from '../unit/cpu/harness';
import { JIT_FORCE, JIT_OFF, JIT_ON, type JitMode } from '../../src-main/core/jit/modes';
import { readEflags } from '../../src-main/core/cpu/flags';
import type { Cpu } from '../../src-main/core/cpu/cpu';

const hasTools = requireOracle('nasm');
const only = process.env.CPU_GUEST;
const GEN_DIR = join(GUEST_DIR, 'gen');
const guests = [
  ...readdirSync(GUEST_DIR).filter((f) => f.endsWith('.asm')).sort(),
  ...(existsSync(GEN_DIR) ? readdirSync(GEN_DIR).filter((f) => f.endsWith('.asm')).sort().map((f) => `gen/${f}`) : []),
].filter((f) => !only || f.includes(only));

/** What must not depend on the engine: the guest's view and the counters. */
function observed(r: ReturnType<typeof runFileWith>): Record<string, unknown> {
  const cpu: Cpu = r.cpu;
  return {
    serial: r.serial.toString(), exit: r.exit, exitCode: r.exitCode, instructions: cpu.instructions, cycles: cpu.cycles,
    eip: cpu.eip >>> 0, regs: [...cpu.regs], eflags: readEflags(cpu) >>> 0, cr2: cpu.cr2 >>> 0,
    tlbHits: cpu.tlbHits, walkRefs: cpu.walkRefs, events: [...cpu.eventCounts],
  };
}

describe.skipIf(!hasTools)('translator vs interpreter on the CPU corpus', () => {
  it('selects guests', () => expect(guests.length).toBeGreaterThan(only ? 0 : 100));
  for (const name of guests) {
    it(name, async () => {
      const bin = await buildCpuGuest(name);
      const run = (jit: JitMode): Record<string, unknown> => observed(runFileWith(bin, jit));
      const reference = run(JIT_OFF);
      expect(run(JIT_ON), 'hot blocks translated').toEqual(reference);
      // Forced, the translator decodes a block's instructions before they run: the interpreter's fetch of a
      // never-decoded instruction would have looked it up in the TLB (one more TLB hit) — the only difference.
      expect({ ...run(JIT_FORCE), tlbHits: 0 }, 'every block translated').toEqual({ ...reference, tlbHits: 0 });
    }, 60_000);
  }
});
