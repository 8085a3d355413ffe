/**
 * I/O APIC interrupts across vCPUs (ioapic-irq.asm): an ISA line — pc-testdev's IRQ 10 or COM1's IRQ 4 —
 * routed edge- or level-triggered to vCPU 0 or vCPU 1, in worker mode (the I/O APIC in the VMM, the local
 * APICs in the vCPU threads) and in deterministic mode (one thread). A level line re-delivers after each EOI
 * while it stays high, and the remote IRR clears at the EOI; with workers the EOI reaches the VMM as an exit.
 * The same image runs under `qemu-system-i386 -smp 2 -kernel` (QEMU's I/O APIC is the reference): serial
 * output and exit code must match.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireOracle } from '../support/oracles';
import { runInQemu } from '../support/qemu';
import { buildSmpGuest, runGuest } from '../unit/engine/support/smp-guest';

const hasQemu = requireOracle('qemu-system-i386');
const tmp = mkdtempSync(join(tmpdir(), 'virtlab-ioapic-'));
const HOLD = 3; // ioapic-irq.asm: in phase B the handler lowers the line on its third run

interface Case {
  readonly target: 0 | 1;
  readonly level: boolean;
  readonly uart: boolean;
}
const CASES: Case[] = [];
for (const uart of [false, true]) for (const level of [true, false]) for (const target of [1, 0] as const) CASES.push({ target, level, uart });

const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** What the guest must print: one interrupt in phase A; HOLD (level) or one (edge) in phase B. */
function expected(c: Case): string {
  const rteInHandler = 0x50 | (c.level ? 0x8000 | 0x4000 : 0); // remote IRR set while a level interrupt is in service
  const rteAfter = 0x50 | (c.level ? 0x8000 : 0);
  const line = (phase: string, count: number): string =>
    `${phase} count=${hex(count)} cpu=${hex(c.target)} rte-in-handler=${hex(rteInHandler)} rte-after=${hex(rteAfter)}\n`;
  return line('A', 1) + line('B', c.level ? HOLD : 1);
}

describe('I/O APIC interrupts to any vCPU (ioapic-irq.asm)', () => {
  for (const c of CASES) {
    const name = `${c.uart ? 'COM1 IRQ 4' : 'pc-testdev IRQ 10'}, ${c.level ? 'level' : 'edge'}, to vCPU ${c.target}`;
    it(`${name}: workers and deterministic mode${hasQemu ? ', as under QEMU -smp 2' : ''}`, async () => {
      const guest = buildSmpGuest('ioapic-irq.asm', { TARGET: String(c.target), LEVEL: c.level ? '1' : '0', UART: c.uart ? '1' : '0' });
      const file = join(tmp, `ioapic-${c.target}${c.level ? 'l' : 'e'}${c.uart ? 'u' : 't'}.bin`);
      writeFileSync(file, guest.image);
      const qemu = hasQemu ? runInQemu(file, { smp: 2, testdev: true, timeoutMs: 20_000 }) : null;

      const workers = await runGuest(guest, { vcpus: 2, threading: 'workers' });
      expect(workers.serial).toBe(expected(c));
      expect(workers.outcome).toBe('debug-exit');
      expect(workers.stats.outcome.exit_value).toBe(0);
      // Each EOI of a level vector is one exit to the VMM from the vCPU that took the interrupt.
      const eois = workers.stats.vcpus.map((v) => v.exits['ioapic_eoi']);
      expect(eois[c.target]).toBe(c.level ? 1 + HOLD : 0);
      expect(eois[1 - c.target]).toBe(0);

      // A small quantum lets the AP check in before the BSP's INIT-SIPI-SIPI reaches it (exit value: extra check-ins).
      const single = await runGuest(guest, { vcpus: 2, deterministic: true, quantum: 50 });
      expect(single.serial).toBe(expected(c));
      expect(single.stats.outcome.exit_value).toBe(0);

      if (qemu) {
        const q = await qemu;
        expect(q.timedOut, q.stderr).toBe(false);
        expect(workers.serial).toBe(q.serial.toString('latin1'));
        expect(workers.stats.outcome.exit_value).toBe(q.exitCode);
      }
    }, 60_000);
  }
});
