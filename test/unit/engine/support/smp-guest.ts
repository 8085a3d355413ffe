/** Builds the SMP guests of test/guests/smp with virtlab's assembler and runs them on a VirtualMachine. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleFromDisk } from '../../../support/assemble-file';
import { VirtualMachine, type VmResult } from '../../../../src-main/engine/virtual-machine';
import type { VmConfig } from '../../../../src-main/engine/vm-config';

export const SMP_DIR = fileURLToPath(new URL('../../../guests/smp', import.meta.url));

export interface BuiltGuest {
  readonly image: Uint8Array;
  readonly origin: number;
}

export function buildSmpGuest(name: string, defines: Record<string, string> = {}): BuiltGuest {
  const r = assembleFromDisk(join(SMP_DIR, name), [SMP_DIR], defines);
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
