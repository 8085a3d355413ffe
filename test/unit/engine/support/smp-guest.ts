/** Builds the SMP guests of test/guests/smp with virtlab's assembler and runs them on a VirtualMachine. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble } from '../../../../src-main/core/asm';
import { VirtualMachine, type VmResult } from '../../../../src-main/engine/virtual-machine';
import type { VmConfig } from '../../../../src-main/engine/vm-config';

export const SMP_DIR = fileURLToPath(new URL('../../../guests/smp', import.meta.url));

export interface BuiltGuest {
  readonly image: Uint8Array;
  readonly origin: number;
}

export function buildSmpGuest(name: string, defines: Record<string, string> = {}): BuiltGuest {
  const r = assemble({
    mainFile: join(SMP_DIR, name),
    includePaths: [SMP_DIR],
    defines,
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join('\n'));
  return { image: r.bytes, origin: r.origin };
}

export interface GuestRun extends VmResult {
  readonly serial: string;
}

/** Runs a guest to its end and returns the result with the serial output as text. */
export async function runGuest(guest: BuiltGuest, config: Partial<VmConfig> = {}): Promise<GuestRun> {
  const vm = await VirtualMachine.create({ image: guest.image, imageName: 'guest', loadAddress: guest.origin, timeoutMs: 20_000, ...config });
  const chunks: Uint8Array[] = [];
  vm.onSerial((b) => chunks.push(b));
  vm.start();
  const result = await vm.wait();
  return { ...result, serial: Buffer.concat(chunks).toString('latin1') };
}

/** The counter value a counter guest printed. */
export function counterOf(serial: string): number {
  const m = /counter ([0-9a-f]{8})/.exec(serial);
  if (!m) throw new Error(`no counter in the output: ${JSON.stringify(serial)}`);
  return parseInt(m[1]!, 16);
}
