/**
 * The bus as one vCPU sees it: its own local APIC page first (each vCPU has a private APIC at the same
 * address, relocatable by IA32_APIC_BASE, absent while hardware-disabled), then the machine's shared bus.
 */
import type { AccessSize, MachineBus } from './platform';
import type { IoBus } from './bus';
import type { LocalApic } from './devices/local-apic';
import { LAPIC_MMIO_SIZE } from './devices/local-apic';

export class VcpuBus implements MachineBus {
  constructor(
    readonly shared: IoBus,
    readonly lapic: LocalApic,
  ) {}

  portIn(port: number, size: AccessSize): number {
    return this.shared.portIn(port, size);
  }

  portOut(port: number, size: AccessSize, value: number): void {
    this.shared.portOut(port, size, value);
  }

  mmioRead(addr: number, size: AccessSize): number {
    const offset = addr - this.lapic.base;
    if (offset >= 0 && offset < LAPIC_MMIO_SIZE && this.lapic.hardwareEnabled) return this.lapic.read(offset, size);
    return this.shared.mmioRead(addr, size);
  }

  mmioWrite(addr: number, size: AccessSize, value: number): void {
    const offset = addr - this.lapic.base;
    if (offset >= 0 && offset < LAPIC_MMIO_SIZE && this.lapic.hardwareEnabled) this.lapic.write(offset, size, value);
    else this.shared.mmioWrite(addr, size, value);
  }
}
