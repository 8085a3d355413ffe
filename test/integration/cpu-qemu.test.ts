/**
 * Differential tests: every guest in test/guests/cpu runs under qemu-system-i386 and under the virtlab CPU
 * (on the platform's PcPlatform); serial output and isa-debug-exit value must be identical.
 *
 * The guests avoid what machine.md lists as QEMU 7.2 TCG departures from the SDM (virtlab follows the SDM
 * there, checked by test/unit/cpu instead): segment limits and null selectors are not checked by QEMU,
 * unknown MSRs read as 0 instead of #GP, IDIV of INT_MIN by -1 crashes QEMU's host process, no accessed bit
 * on CS loads, and BT's undefined flags depend on QEMU's translation-block boundaries.
 * CPU_GUEST=name runs only the guests whose file name contains `name`.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../support/oracles';
import { runInQemu } from '../support/qemu';
import { GUEST_DIR, buildCpuGuest } from '../unit/cpu/guest';
import { runFile } from '../unit/cpu/harness';

const hasTools = requireOracle('nasm') && requireOracle('qemu-system-i386');
const only = process.env.CPU_GUEST;
const guests = readdirSync(GUEST_DIR).filter((f) => f.endsWith('.asm') && (!only || f.includes(only))).sort();

describe.skipIf(!hasTools)('CPU vs QEMU', () => {
  describe.concurrent('guests', () => {
    for (const name of guests) {
      it(name, async () => {
        const bin = await buildCpuGuest(name);
        const [q] = await Promise.all([runInQemu(bin, { timeoutMs: 20_000 })]);
        const v = runFile(bin);
        expect(q.timedOut, `qemu timed out; serial so far:\n${q.serial.toString()}`).toBe(false);
        expect(v.serial.toString()).toBe(q.serial.toString());
        expect(v.exitCode).toBe(q.exitCode);
      }, 30_000);
    }
  });
});
