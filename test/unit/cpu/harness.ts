/**
 * Machines for the CPU tests: `runImage` runs a kernel on the platform's PcPlatform; `createMachine` is a
 * minimal test-only PC (RAM, COM1 output, isa-debug-exit, multiboot a.out-kludge loader) for unit tests that
 * need a bare CPU they can poke (fake interrupt lines, stop words).
 */
import { readFileSync } from 'node:fs';
import { Cpu, type CpuOptions, type SharedCodeState } from '../../../src-main/core/cpu/cpu';
import { jitFromEnv } from '../../support/jit';
import type { JitMode } from '../../../src-main/core/jit/modes';
import { Engine, EXIT_NAMES, EXIT_REQUESTED, EXIT_BUDGET, EXIT_HALTED } from '../../../src-main/core/cpu/engine';
import { IF } from '../../../src-main/core/cpu/state';
import { PcPlatform } from '../../../src-main/core/machine/pc';
import { STOP_EXIT_REQUEST } from '../../../src-main/core/cpu/exceptions';
import { applyEntryState } from '../../../src-main/core/cpu/reset';
import { installBootGdt, multibootEntryState } from '../../../src-main/core/machine/boot/entry-state';
import type { AccessSize, MachineBus } from '../../../src-main/core/machine/platform';

export interface HarnessResult {
  serial: Buffer;
  /** Value written to isa-debug-exit, or null. */
  exitCode: number | null;
  exit: string;
  instructions: number;
  cpu: Cpu;
}

export class TestBus implements MachineBus {
  private out = new Uint8Array(1 << 16);
  private outLen = 0;
  /** Bytes written to COM1's THR. */
  get serial(): Uint8Array { return this.out.subarray(0, this.outLen); }
  exitValue: number | null = null;
  cpu: Cpu | null = null;
  portIn(port: number, size: AccessSize): number {
    if (port === 0x3fd) return 0x60;
    return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
  }
  portOut(port: number, _size: AccessSize, value: number): void {
    if (port === 0x3f8) {
      if (this.outLen === this.out.length) { const n = new Uint8Array(this.out.length * 2); n.set(this.out); this.out = n; }
      this.out[this.outLen++] = value;
    }
    else if (port === 0xf4) {
      this.exitValue = value & 0xff;
      if (this.cpu) this.cpu.stopReason = STOP_EXIT_REQUEST;
    }
  }
  mmioRead(_addr: number, size: AccessSize): number { return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff; }
  mmioWrite(): void {}
}

/** Load a multiboot flat (a.out kludge) image; returns the entry point. */
export function loadMultiboot(ram: Uint8Array, image: Uint8Array): number {
  const dv = new DataView(image.buffer, image.byteOffset, image.byteLength);
  for (let off = 0; off + 32 <= Math.min(image.length, 8192); off += 4) {
    if (dv.getUint32(off, true) !== 0x1badb002) continue;
    const flags = dv.getUint32(off + 4, true);
    if ((flags & 0x10000) === 0) throw new Error('multiboot header without the a.out kludge');
    const headerAddr = dv.getUint32(off + 12, true), loadAddr = dv.getUint32(off + 16, true);
    const loadEnd = dv.getUint32(off + 20, true), bssEnd = dv.getUint32(off + 24, true);
    const entry = dv.getUint32(off + 28, true);
    const fileStart = off - (headerAddr - loadAddr);
    const length = loadEnd ? loadEnd - loadAddr : image.length - fileStart;
    ram.set(image.subarray(fileStart, fileStart + length), loadAddr);
    if (bssEnd > loadAddr + length) ram.fill(0, loadAddr + length, bssEnd);
    return entry;
  }
  throw new Error('no multiboot header');
}

export function createMachine(image: Uint8Array, memBytes = 64 << 20, options: CpuOptions = {}): { cpu: Cpu; bus: TestBus; engine: Engine } {
  const ram = { u8: new Uint8Array(memBytes), size: memBytes };
  const bus = new TestBus();
  const cpu = new Cpu(ram, bus, null, null, options);
  bus.cpu = cpu;
  const entry = loadMultiboot(ram.u8, image);
  // Multiboot info at 0x9000: flags = mem_lower/mem_upper valid.
  const info = new DataView(ram.u8.buffer, 0x9000, 16);
  const memUpper = (memBytes >> 10) - 1024;
  info.setUint32(0, 1, true); info.setUint32(4, 640, true); info.setUint32(8, memUpper, true);
  installBootGdt(ram);
  applyEntryState(cpu, multibootEntryState(entry, 0x9000, memUpper));
  return { cpu, bus, engine: new Engine(cpu, { jit: jitFromEnv() }) };
}

/**
 * Run a kernel image on the platform's PcPlatform (pc.ts: COM1, isa-debug-exit, APICs, firmware tables),
 * entered in the platform's multiboot entry state, as the differential tests compare with QEMU.
 */
export function runImage(
  image: Uint8Array, maxInstructions = 50_000_000, kernelName = 'guest.bin', options: { atomicRam?: boolean; sharedCode?: SharedCodeState; jit?: JitMode } = {},
): HarnessResult {
  let out = new Uint8Array(1 << 16);
  let outLen = 0;
  let exitValue: number | null = null;
  let cpu: Cpu | null = null;
  const pc = new PcPlatform({
    ramSize: 64 << 20, sharedRam: false,
    serialSink: (b) => {
      if (outLen === out.length) { const n = new Uint8Array(out.length * 2); n.set(out); out = n; }
      out[outLen++] = b;
    },
    run: { requestExit: (v) => { exitValue = v; if (cpu) cpu.stopReason = STOP_EXIT_REQUEST; } },
  });
  const loaded = pc.loadKernel(image, { kernelName });
  cpu = new Cpu(pc.ram, pc.busFor(0), pc.lapics[0]!, null, { apicId: 0, atomicRam: options.atomicRam ?? false, ...(options.sharedCode ? { sharedCode: options.sharedCode } : {}) });
  applyEntryState(cpu, loaded.entry);
  const engine = new Engine(cpu, { jit: options.jit ?? jitFromEnv() });
  let exit = EXIT_BUDGET as number;
  while (cpu.instructions < maxInstructions) {
    exit = engine.run(1_000_000);
    // HLT with IF=1 only waits for the timer or a device: keep running, as the vCPU driver would.
    if (exit !== EXIT_BUDGET && !(exit === EXIT_HALTED && (cpu.eflags & IF) !== 0)) break;
  }
  return {
    serial: Buffer.from(out.subarray(0, outLen)), exitCode: exit === EXIT_REQUESTED ? exitValue : null,
    exit: EXIT_NAMES[exit] ?? String(exit), instructions: cpu.instructions, cpu,
  };
}

export function runFile(path: string, maxInstructions?: number): HarnessResult {
  return runImage(new Uint8Array(readFileSync(path)), maxInstructions);
}

/** runFile with the translator in the given mode (whatever VIRTLAB_JIT says). */
export function runFileWith(path: string, jit: JitMode, maxInstructions?: number): HarnessResult {
  return runImage(new Uint8Array(readFileSync(path)), maxInstructions, 'guest.bin', { jit });
}
