/**
 * `--mode trap`: the trap-and-emulate VMM (core/vmm/soft, core/vmm/trap) runs the guest kernel deprivileged
 * at ring 1. The examples and the guests of the CPU differential corpus must print the same serial bytes and
 * end the same way as in native mode, except the few that look at what trap-and-emulate cannot hide (the
 * Popek–Goldberg holes, listed in HOLE_GUESTS with the reason). Deterministic single-thread runs.
 * CPU_GUEST=name runs only the corpus guests whose path contains `name`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ending, runInMode as runGuest } from '../support/run-mode';
import { requireOracle } from '../support/oracles';
import { buildGuestBytes } from '../support/guest-build';
import { GUEST_DIR, guestSource } from '../unit/cpu/guest';
import { assembleFromDisk } from '../support/assemble-file';

const hasNasm = requireOracle('nasm');
const only = process.env.CPU_GUEST;
const GEN_DIR = join(GUEST_DIR, 'gen');
const EXAMPLES = join(__dirname, '../../resources/examples');
const INCLUDE = join(__dirname, '../../resources/include');

/**
 * Corpus guests whose output differs under trap-and-emulate, and why (each a hole the VMM cannot see, or a
 * limit of this VMM that docs/trap.md names).
 */
const HOLE_GUESTS: Record<string, string> = {
  'callgate.asm': 'MOV from CS/SS in the kernel shows RPL 1',
  'code16.asm': 'PUSHF shows the real IF = 1; MOV from SS shows RPL 1',
  'ring3.asm': 'MOV from CS/SS in the kernel shows RPL 1; user mode runs with the real IF = 1 (an IRET at ring 1 cannot clear it)',
  'segments.asm': 'LAR shows the shadow DPL 1, LSL misses the ring-0 TSS, SGDT/STR/SMSW show the VMM\'s registers',
  'stack-data.asm': 'PUSHF shows the real IF = 1 and IOPL 0; POPF cannot change IF',
  'gen/flags-cmc-clc-stc.asm': 'PUSHF shows the real IF = 1',
  'gen/ring-pushf-popf.asm': 'PUSHF/POPF: IF and IOPL are the real ones at ring 1 and ring 3',
  'gen/ring-sysenter.asm': 'MOV from CS/SS shows RPL 1, PUSHF the real IF',
};

/** Corpus guests beyond what this VMM runs, and the clear answer they get. */
const LIMIT_GUESTS: Record<string, RegExp | 'differs'> = {
  'ring1.asm': 'differs', // the guest's own ring 1 is where ring compression puts its kernel
  'tasks.asm': /software VMM: .*hardware task switches are not emulated/,
};

const guests = [
  ...readdirSync(GUEST_DIR).filter((f) => f.endsWith('.asm')).sort(),
  ...(existsSync(GEN_DIR) ? readdirSync(GEN_DIR).filter((f) => f.endsWith('.asm')).sort().map((f) => `gen/${f}`) : []),
].filter((f) => !only || f.includes(only));

describe('--mode trap runs the examples as native mode does', () => {
  for (const name of ['hello-serial', 'protected-mode', 'paging']) {
    it(name, async () => {
      const image = assembleFromDisk(join(EXAMPLES, `${name}.asm`), [EXAMPLES, INCLUDE]).bytes;
      const native = await runGuest(image, 'native');
      const trap = await runGuest(image, 'trap');
      expect(ending(trap)).toEqual(ending(native));
      const vmm = trap.stats.vcpus[0]!.vmm!;
      expect(vmm.mode).toBe('trap');
      expect(vmm.counters['traps']).toBeGreaterThan(0);
      expect(vmm.counters['io_forwarded']).toBeGreaterThan(0); // COM1 and isa-debug-exit through #GP and emulation
      expect(native.stats.vcpus[0]!.vmm).toBeNull();
      expect(trap.log).toMatch(/VMM deprivileged the guest kernel runs at ring 1/);
    }, 60_000);
  }
});

describe.skipIf(!hasNasm)('--mode trap runs the CPU corpus as native mode does (but for the holes)', () => {
  it(`selects guests${only ? ` (CPU_GUEST=${only})` : ''}`, () => {
    expect(guests.length, 'no guest matches: a filter that selects nothing proves nothing').toBeGreaterThan(only ? 0 : 100);
  });

  for (const name of guests) {
    it(name, async () => {
      const image = await buildGuestBytes(guestSource(name));
      const native = await runGuest(image, 'native');
      const trap = await runGuest(image, 'trap');
      const limit = LIMIT_GUESTS[name];
      if (limit !== undefined) {
        if (limit === 'differs') expect(ending(trap)).not.toEqual(ending(native));
        else expect(trap.reports.map((r) => r.text).join('\n')).toMatch(limit);
        return;
      }
      expect(trap.reports.find((r) => /software VMM|crashed/.test(r.text ?? ''))?.text).toBeUndefined();
      if (HOLE_GUESTS[name] !== undefined) {
        expect(ending(trap), `${name} should differ: ${HOLE_GUESTS[name]}`).not.toEqual(ending(native));
        expect(trap.stats.vcpus[0]!.vmm!.counters['holes']).toBeGreaterThan(0);
      } else expect(ending(trap)).toEqual(ending(native));
      expect(trap.stats.vcpus[0]!.vmm!.counters['traps']).toBeGreaterThan(0);
    }, 60_000);
  }
});
