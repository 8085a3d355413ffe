/**
 * What a device model offers the bus: one callback pair for port I/O and MMIO alike (kvmtool's single
 * signature). `offset` is relative to the start of the range the device registered.
 */
import type { AccessSize } from './platform';

export interface IoHandler {
  /** Widest access the device handles in one call; wider ones are split into byte accesses by the bus. */
  readonly maxAccess: AccessSize;
  read(offset: number, size: AccessSize): number;
  write(offset: number, size: AccessSize, value: number): void;
}

/** A level-sensitive interrupt request line (ISA IRQ or I/O APIC pin). */
export type IrqLine = (level: boolean) => void;

/** Raises or lowers ISA IRQ `irq` (0–15) or I/O APIC input `irq` (0–23). */
export interface IrqRouter {
  setIrq(irq: number, level: boolean): void;
}

export function maskFor(size: AccessSize): number {
  return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
}
