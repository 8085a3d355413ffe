/** Runs a guest image in one mode (deterministic, one thread unless configured) and keeps its serial output and lifecycle log. */
import { VirtualMachine, type VmResult } from '../../src-main/engine/virtual-machine';
import type { VmConfig, VmMode } from '../../src-main/engine/vm-config';

export interface ModeRun extends VmResult {
  readonly serial: string;
  readonly log: string;
}

export async function runInMode(image: Uint8Array, mode: VmMode, config: Partial<VmConfig> = {}): Promise<ModeRun> {
  const vm = await VirtualMachine.create({ image, imageName: 'guest.bin', mode, deterministic: true, timeoutMs: 20_000, ...config });
  const chunks: Uint8Array[] = [];
  vm.onSerial((b) => chunks.push(b));
  vm.start();
  const result = await vm.wait();
  const log = vm.lifecycleLog().map((e) => `vcpu${e.vcpu} ${e.event} ${e.detail}`).join('\n');
  return { ...result, serial: Buffer.concat(chunks).toString('latin1'), log };
}

/** What must match between two modes: output, end, and the triple-fault / crash reports. */
export function ending(r: ModeRun): unknown {
  return { serial: r.serial, outcome: r.outcome, exitValue: r.exitValue, reports: r.reports.map((x) => x.text) };
}
