/**
 * QEMU's pc-testdev (hw/misc/pc-testdev.c), for kvm-unit-tests-style kernels:
 * - ports 0xE0–0xE3: a 32-bit latch; an access of any width at port p touches bytes from p & 3 upwards;
 *   like QEMU's memory core, misaligned accesses (p not a multiple of the width) read 0 and write nothing;
 * - port 0xE4: "flush page" (4-byte writes), ignored here; it shares the handler for ports 0xE0–0xE7;
 * - ports 0x2000+n (n = 0–23): a non-zero byte raises ISA IRQ n, zero lowers it;
 * - MMIO 0xFF000000–0xFF00FFFF: 64 KiB of plain memory.
 */
import type { AccessSize } from '../platform';
import type { IoHandler, IrqRouter } from '../io-device';
import { maskFor } from '../io-device';

export const TESTDEV_LATCH_PORT = 0xe0;
/** The latch (0xE0–0xE3) and the flush port (0xE4–0xE7) together. */
export const TESTDEV_PORT_COUNT = 8;
export const TESTDEV_IRQ_PORT = 0x2000;
export const TESTDEV_IRQ_COUNT = 24;
export const TESTDEV_IOMEM_BASE = 0xff000000;
export const TESTDEV_IOMEM_SIZE = 0x10000;

export class TestdevLatch implements IoHandler {
  readonly maxAccess: AccessSize = 4;
  data = 0;

  read(offset: number, size: AccessSize): number {
    if (offset % size !== 0 || offset >= 4) return 0;
    const shift = (offset & 3) * 8;
    return ((this.data >>> shift) & maskFor(size)) >>> 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    if (offset % size !== 0 || offset >= 4) return; // misaligned, or the flush port
    const shift = (offset & 3) * 8;
    const mask = (maskFor(size) << shift) >>> 0;
    this.data = ((this.data & ~mask) | ((value << shift) & mask)) >>> 0;
  }
}

export class TestdevIrq implements IoHandler {
  readonly maxAccess: AccessSize = 1;
  constructor(private readonly irqs: IrqRouter) {}

  read(): number {
    return 0;
  }

  write(offset: number, _size: AccessSize, value: number): void {
    this.irqs.setIrq(offset, value !== 0);
  }
}

export class TestdevIomem implements IoHandler {
  readonly maxAccess: AccessSize = 4;
  readonly bytes = new Uint8Array(TESTDEV_IOMEM_SIZE);

  read(offset: number, size: AccessSize): number {
    let v = 0;
    for (let k = 0; k < size; k++) v |= this.bytes[offset + k]! << (8 * k);
    return v >>> 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    for (let k = 0; k < size; k++) this.bytes[offset + k] = value >>> (8 * k);
  }
}
