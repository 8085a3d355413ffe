/**
 * QEMU's pc-testdev (hw/misc/pc-testdev.c), for kvm-unit-tests-style kernels:
 * - ports 0xE0–0xE3: a 32-bit latch; an access of any width at port p touches bytes from p & 3 upwards;
 * - port 0xE4: "flush page" (4-byte writes), ignored here;
 * - ports 0x2000+n (n = 0–23): a non-zero byte raises ISA IRQ n, zero lowers it;
 * - MMIO 0xFF000000–0xFF00FFFF: 64 KiB of plain memory.
 */
import type { AccessSize } from '../platform';
import type { IoHandler, IrqRouter } from '../io-device';
import { maskFor } from '../io-device';

export const TESTDEV_LATCH_PORT = 0xe0;
export const TESTDEV_FLUSH_PORT = 0xe4;
export const TESTDEV_IRQ_PORT = 0x2000;
export const TESTDEV_IRQ_COUNT = 24;
export const TESTDEV_IOMEM_BASE = 0xff000000;
export const TESTDEV_IOMEM_SIZE = 0x10000;

export class TestdevLatch implements IoHandler {
  readonly maxAccess: AccessSize = 4;
  data = 0;

  read(offset: number, size: AccessSize): number {
    const shift = (offset & 3) * 8;
    return shift >= 32 ? 0 : ((this.data >>> shift) & maskFor(size)) >>> 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    const shift = (offset & 3) * 8;
    const mask = (maskFor(size) << shift) >>> 0;
    this.data = ((this.data & ~mask) | ((value << shift) & mask)) >>> 0;
  }
}

export class TestdevFlush implements IoHandler {
  readonly maxAccess: AccessSize = 4;
  read(): number {
    return 0;
  }
  write(): void {}
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
