/**
 * What the VMM does with one vCPU exit, as a pure function of the exit and the device models (Firecracker's
 * `handle_kvm_exit`): port I/O and MMIO go to the bus, a level-triggered EOI to the I/O APIC; everything else
 * is a state report the run loop acts on. Tests feed it fabricated exits and fake devices. The VMM passes a
 * reused `out` record so that no exit allocates.
 */
import type { AccessSize } from '../core/machine/platform';
import { RESP_STOP } from './vcpu-control';

/** Why a vCPU left its run loop, numbered as the mailbox and the counters store them. */
export const ExitKind = {
  ioIn: 0,
  ioOut: 1,
  mmioRead: 2,
  mmioWrite: 3,
  /** HLT with nothing to wake the vCPU soon: it parks. */
  hlt: 4,
  /** Triple fault: the machine would reset; virtlab stops and reports. */
  shutdown: 5,
  /** Breakpoint or single step. */
  debug: 6,
  /** EOI of a level-triggered vector, for the I/O APIC's remote IRR. */
  ioapicEoi: 7,
  /** The vCPU thread failed. */
  internalError: 8,
  /** The vCPU finished (HLT with IF=0, --max-insns, stop). */
  finished: 9,
} as const;
export type ExitKind = (typeof ExitKind)[keyof typeof ExitKind];
export const EXIT_KIND_COUNT = 10;

/** KVM's names for the exit reasons, for the lifecycle log and the stats. */
export const KVM_EXIT_NAMES: readonly string[] = [
  'KVM_EXIT_IO',
  'KVM_EXIT_IO',
  'KVM_EXIT_MMIO',
  'KVM_EXIT_MMIO',
  'KVM_EXIT_HLT',
  'KVM_EXIT_SHUTDOWN',
  'KVM_EXIT_DEBUG',
  'KVM_EXIT_IOAPIC_EOI',
  'KVM_EXIT_INTERNAL_ERROR',
  'KVM_EXIT_SYSTEM_EVENT',
];
/** Keys of the per-vCPU `exits` object in the stats JSON. */
export const EXIT_STAT_NAMES = ['io_in', 'io_out', 'mmio_read', 'mmio_write', 'hlt', 'shutdown', 'debug', 'ioapic_eoi', 'internal_error', 'finished'] as const;

export interface VcpuExit {
  readonly vcpu: number;
  readonly kind: number;
  /** Port or physical address. */
  readonly addr: number;
  readonly size: number;
  /** Value written (out / MMIO write) or vector (EOI). */
  readonly value: number;
}

/** The device side of the machine as the VMM sees it. */
export interface ExitDevices {
  portIn(port: number, size: AccessSize): number;
  portOut(port: number, size: AccessSize, value: number): void;
  mmioRead(addr: number, size: AccessSize): number;
  mmioWrite(addr: number, size: AccessSize, value: number): void;
  ioapicEoi(vector: number): void;
  /** True once something (isa-debug-exit, a fault) has asked the VM to end. */
  readonly stopping: boolean;
}

export interface ExitResponse {
  /** The value an IN or MMIO read returns (0 otherwise). */
  value: number;
  /** RESP_* flags. */
  flags: number;
}

function asSize(size: number): AccessSize {
  return size === 4 ? 4 : size === 2 ? 2 : 1;
}

/**
 * Completes an I/O-type exit. State exits (hlt, shutdown, debug, internal error, finished) need no device
 * work: the answer only tells the vCPU whether the VM is ending.
 */
export function handleExit(exit: VcpuExit, devices: ExitDevices, out: ExitResponse = { value: 0, flags: 0 }): ExitResponse {
  let value = 0;
  switch (exit.kind) {
    case ExitKind.ioIn:
      value = devices.portIn(exit.addr & 0xffff, asSize(exit.size));
      break;
    case ExitKind.ioOut:
      devices.portOut(exit.addr & 0xffff, asSize(exit.size), exit.value >>> 0);
      break;
    case ExitKind.mmioRead:
      value = devices.mmioRead(exit.addr >>> 0, asSize(exit.size));
      break;
    case ExitKind.mmioWrite:
      devices.mmioWrite(exit.addr >>> 0, asSize(exit.size), exit.value >>> 0);
      break;
    case ExitKind.ioapicEoi:
      devices.ioapicEoi(exit.value & 0xff);
      break;
    default:
      break;
  }
  out.value = value | 0;
  out.flags = devices.stopping ? RESP_STOP : 0;
  return out;
}
