/**
 * The I/O APIC at 0xFEC00000 (82093AA as QEMU models it, version 0x20): IOREGSEL at +0x00, IOWIN at +0x10,
 * EOI at +0x40; registers ID (0), version (1), arbitration (2) and 24 redirection entries (0x10 + 2n).
 *
 * Inputs are level lines. Edge entries latch a rising edge in IRR and deliver it when unmasked; level
 * entries deliver while the line is high and remote IRR is clear, and set remote IRR until the local APIC's
 * EOI for that vector comes back (QEMU's ioapic_service / ioapic_eoi_broadcast).
 */
import type { AccessSize } from '../platform';
import type { IoHandler, IrqRouter } from '../io-device';
import type { ApicMessage } from './apic-message';
import { SHORTHAND_NONE } from './apic-message';

export const IOAPIC_BASE = 0xfec00000;
export const IOAPIC_MMIO_SIZE = 0x1000;
export const IOAPIC_PINS = 24;
export const IOAPIC_VERSION = 0x20;

const RTE_MASKED = 1 << 16;
const RTE_LEVEL = 1 << 15;
const RTE_REMOTE_IRR = 1 << 14;
/**
 * Bits of the low word the guest can write: all but remote IRR and delivery status (delivery is immediate,
 * so the status always reads idle). Reserved bits keep what is written, as in QEMU; polarity is kept as
 * written (the model's lines are active-high).
 */
const RTE_WRITABLE_LOW = ~((1 << 14) | (1 << 12)) >>> 0;

export class IoApic implements IoHandler, IrqRouter {
  readonly maxAccess: AccessSize = 4;
  id = 0;
  private select = 0;
  /** Redirection entries, low and high words. */
  readonly rteLow = new Uint32Array(IOAPIC_PINS).fill(RTE_MASKED);
  readonly rteHigh = new Uint32Array(IOAPIC_PINS);
  /** Latched requests (bit per pin). */
  private irr = 0;
  /** Current input line levels. */
  private lines = 0;

  constructor(private readonly deliver: (msg: ApicMessage) => void) {}

  /**
   * Raises or lowers input `irq`. ISA IRQ 0 arrives on pin 2, as QEMU wires it and as the MADT's interrupt
   * source override says; pins 1–23 map one to one.
   */
  setIrq(irq: number, level: boolean): void {
    const pin = irq === 0 ? 2 : irq;
    if (pin < 0 || pin >= IOAPIC_PINS) return;
    const bit = 1 << pin;
    const wasHigh = (this.lines & bit) !== 0;
    if (level) this.lines |= bit;
    else this.lines &= ~bit;
    const low = this.rteLow[pin]!;
    if (low & RTE_LEVEL) {
      if (level) this.irr |= bit;
      else this.irr &= ~bit;
    } else if (level && !wasHigh && !(low & RTE_MASKED)) {
      this.irr |= bit; // an edge on a masked pin is lost, not latched (82093AA; QEMU alike)
    }
    this.service();
  }

  /** A local APIC's EOI of a level-triggered `vector`: clear remote IRR and redeliver if still asserted. */
  endOfInterrupt(vector: number): void {
    for (let pin = 0; pin < IOAPIC_PINS; pin++) {
      const low = this.rteLow[pin]!;
      if ((low & 0xff) === vector && low & RTE_REMOTE_IRR) {
        this.rteLow[pin] = low & ~RTE_REMOTE_IRR;
        if (low & RTE_LEVEL && this.lines & (1 << pin)) this.irr |= 1 << pin;
      }
    }
    this.service();
  }

  read(offset: number, size: AccessSize): number {
    if (size !== 4) return 0;
    switch (offset) {
      case 0x00:
        return this.select;
      case 0x10:
        return this.readRegister(this.select);
      default:
        return 0;
    }
  }

  write(offset: number, size: AccessSize, value: number): void {
    if (offset === 0x00) {
      this.select = value & 0xff;
    } else if (offset === 0x10 && size === 4) {
      this.writeRegister(this.select, value >>> 0);
    } else if (offset === 0x40 && size === 4) {
      this.endOfInterrupt(value & 0xff);
    }
  }

  readRegister(index: number): number {
    if (index === 0) return (this.id & 0xf) << 24;
    if (index === 1) return ((IOAPIC_PINS - 1) << 16) | IOAPIC_VERSION;
    if (index === 2) return (this.id & 0xf) << 24; // arbitration ID: the APIC ID after reset (82093AA)
    const pin = (index - 0x10) >> 1;
    if (index < 0x10 || pin >= IOAPIC_PINS) return 0;
    return index & 1 ? this.rteHigh[pin]! : this.rteLow[pin]!;
  }

  writeRegister(index: number, value: number): void {
    if (index === 0) {
      this.id = (value >>> 24) & 0xf;
      return;
    }
    const pin = (index - 0x10) >> 1;
    if (index < 0x10 || pin >= IOAPIC_PINS) return;
    if (index & 1) {
      this.rteHigh[pin] = value >>> 0;
      return;
    }
    const old = this.rteLow[pin]!;
    let low = ((old & ~RTE_WRITABLE_LOW) | (value & RTE_WRITABLE_LOW)) >>> 0;
    // An entry switched to edge drops a stale remote IRR (QEMU does the same).
    if (!(low & RTE_LEVEL)) low &= ~RTE_REMOTE_IRR;
    this.rteLow[pin] = low >>> 0;
    // A level line that is high counts as a request under its new programming.
    if (low & RTE_LEVEL && this.lines & (1 << pin)) this.irr |= 1 << pin;
    this.service();
  }

  /** Delivers every latched, unmasked request that may go now. */
  private service(): void {
    if (this.irr === 0) return;
    for (let pin = 0; pin < IOAPIC_PINS; pin++) {
      const bit = 1 << pin;
      if (!(this.irr & bit)) continue;
      const low = this.rteLow[pin]!;
      if (low & RTE_MASKED) continue;
      if (low & RTE_LEVEL) {
        if (low & RTE_REMOTE_IRR) continue;
        this.rteLow[pin] = low | RTE_REMOTE_IRR;
      }
      this.irr &= ~bit;
      this.deliver({
        vector: low & 0xff,
        deliveryMode: (low >>> 8) & 7,
        logical: (low & (1 << 11)) !== 0,
        destination: this.rteHigh[pin]! >>> 24,
        levelTriggered: (low & RTE_LEVEL) !== 0,
        shorthand: SHORTHAND_NONE,
        source: -1,
      });
    }
  }
}
