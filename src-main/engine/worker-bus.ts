/**
 * The bus as a vCPU worker sees it: its own local APIC page is handled in the thread (as KVM keeps the
 * LAPIC in the kernel); every other port or MMIO access is an exit to the VMM through the vCPU's mailbox —
 * post the request, ring the doorbell, wait (spin briefly, then Atomics.wait) for the answer. The access
 * completes inside the instruction, as KVM completes an I/O exit on the next KVM_RUN.
 */
import type { Cpu } from '../core/cpu/cpu';
import { STOP_EXIT_REQUEST } from '../core/cpu/exceptions';
import type { AccessSize, MachineBus } from '../core/machine/platform';
import type { LocalApic } from '../core/machine/devices/local-apic';
import { LAPIC_MMIO_SIZE } from '../core/machine/devices/local-apic';
import { ExitKind } from './exit-handler';
import { CTR, MB_DONE, MB_IDLE, MB_POSTED, RESP_STOP, ROW_SLOTS, VC, type ControlViews } from './vcpu-control';

/** Spins on the mailbox before sleeping: a VMM thread that answers within ~µs saves two futex round trips. */
const SPIN_ITERATIONS = 20_000;

// Local APIC register indexes whose writes change the identity other threads route by.
const REG_ID = 0x02, REG_LDR = 0x0d, REG_DFR = 0x0e;

export class WorkerBus implements MachineBus {
  cpu: Cpu | null = null;
  /** Exit round trips in ns, when timing is on (VmConfig.exitTimingSamples). */
  timings: Float64Array | null = null;
  timingCount = 0;
  private readonly i32: Int32Array;
  private readonly base: number;
  private readonly counters: Float64Array;
  private readonly row: number;

  constructor(
    private readonly views: ControlViews,
    readonly vcpu: number,
    readonly lapic: LocalApic,
  ) {
    this.i32 = views.i32;
    this.base = views.slot(vcpu, 0);
    this.counters = views.counters;
    this.row = vcpu * ROW_SLOTS;
    this.publishApic();
  }

  portIn(port: number, size: AccessSize): number {
    return this.exit(ExitKind.ioIn, port, size, 0) >>> 0;
  }

  portOut(port: number, size: AccessSize, value: number): void {
    this.exit(ExitKind.ioOut, port, size, value);
  }

  mmioRead(addr: number, size: AccessSize): number {
    const offset = addr - this.lapic.base;
    if (offset >= 0 && offset < LAPIC_MMIO_SIZE && this.lapic.hardwareEnabled) return this.lapic.read(offset, size);
    return this.exit(ExitKind.mmioRead, addr, size, 0) >>> 0;
  }

  mmioWrite(addr: number, size: AccessSize, value: number): void {
    const offset = addr - this.lapic.base;
    if (offset >= 0 && offset < LAPIC_MMIO_SIZE && this.lapic.hardwareEnabled) {
      this.lapic.write(offset, size, value);
      const reg = (offset >>> 4) & 0xff;
      if (reg === REG_ID || reg === REG_LDR || reg === REG_DFR) this.publishApic();
      return;
    }
    this.exit(ExitKind.mmioWrite, addr, size, value);
  }

  /** Level-triggered EOI for the I/O APIC in the VMM. */
  eoi(vector: number): void {
    this.exit(ExitKind.ioapicEoi, 0, 0, vector);
  }

  /** Makes the local APIC's routing identity visible to the other threads. */
  publishApic(): void {
    const l = this.lapic;
    Atomics.store(this.i32, this.base + VC.apicId, l.readRegister(REG_ID) >>> 24);
    Atomics.store(this.i32, this.base + VC.apicLdr, l.readRegister(REG_LDR) | 0);
    Atomics.store(this.i32, this.base + VC.apicDfr, l.readRegister(REG_DFR) | 0);
    Atomics.store(this.i32, this.base + VC.apicEnabled, l.hardwareEnabled ? 1 : 0);
  }

  /** One exit round trip; returns the VMM's result. */
  exit(kind: number, addr: number, size: number, value: number): number {
    const i32 = this.i32;
    const b = this.base;
    const cpu = this.cpu;
    if (cpu !== null) Atomics.store(i32, b + VC.eip, cpu.insnEip);
    i32[b + VC.mbKind] = kind;
    i32[b + VC.mbAddr] = addr | 0;
    i32[b + VC.mbSize] = size;
    i32[b + VC.mbValue] = value | 0;
    const timings = this.timings;
    const t0 = timings !== null ? performance.now() : 0;
    Atomics.store(i32, b + VC.mbState, MB_POSTED);
    this.views.ringDoorbell();
    const slot = b + VC.mbState;
    let spins = 0;
    while (Atomics.load(i32, slot) !== MB_DONE) {
      if (++spins > SPIN_ITERATIONS) Atomics.wait(i32, slot, MB_POSTED, 1000);
    }
    if (timings !== null && this.timingCount < timings.length) timings[this.timingCount++] = (performance.now() - t0) * 1e6;
    const result = i32[b + VC.mbResult]!;
    const flags = i32[b + VC.mbFlags]!;
    Atomics.store(i32, slot, MB_IDLE);
    const c = this.row + CTR.exitsBase + kind;
    this.counters[c] = this.counters[c]! + 1;
    if ((flags & RESP_STOP) !== 0 && cpu !== null) cpu.stopReason = STOP_EXIT_REQUEST;
    return result;
  }
}
