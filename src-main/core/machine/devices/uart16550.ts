/**
 * COM1: a 16550A UART at ports 0x3F8–0x3FF, IRQ 4, modelled on QEMU's hw/char/serial.c.
 * Transmission is instantaneous (THRE and TEMT are always set), so the interrupt sources are received data,
 * THR empty and modem status. The IRQ line is level: high while IIR reports an interrupt.
 */
import type { AccessSize } from '../platform';
import type { IoHandler, IrqLine } from '../io-device';

export const COM1_PORT = 0x3f8;
export const COM1_IRQ = 4;

// Register offsets.
const RBR_THR = 0;
const IER = 1;
const IIR_FCR = 2;
const LCR = 3;
const MCR = 4;
const LSR = 5;
const MSR = 6;
// 7: SCR, the scratch register (the default case below).

const IER_RDI = 0x01;
const IER_THRI = 0x02;
const IER_RLSI = 0x04;
const IER_MSI = 0x08;

const IIR_NO_INT = 0x01;
const IIR_MSI = 0x00;
const IIR_THRI = 0x02;
const IIR_RDI = 0x04;
const IIR_RLSI = 0x06;
const IIR_FIFO_ENABLED = 0xc0;

const LCR_DLAB = 0x80;
const MCR_LOOP = 0x10;

const LSR_DR = 0x01;
const LSR_OE = 0x02;
const LSR_THRE = 0x20;
const LSR_TEMT = 0x40;
const LSR_INT_ANY = 0x1e;

const MSR_DCD = 0x80;
const MSR_DSR = 0x20;
const MSR_CTS = 0x10;
const MSR_DELTAS = 0x0f;

/** Bytes kept for the guest; console input beyond this is dropped with an overrun, as a real FIFO would. */
const RX_CAPACITY = 4096;

export class Uart16550 implements IoHandler {
  readonly maxAccess: AccessSize = 1;
  private ier = 0;
  private lcr = 0;
  private mcr = 0x08; // OUT2, as QEMU resets it
  private lsr = LSR_TEMT | LSR_THRE;
  private msr = MSR_DCD | MSR_DSR | MSR_CTS;
  private scr = 0;
  private fcr = 0;
  private divisor = 0x0c;
  private thrInterruptPending = false;
  private iir = IIR_NO_INT;
  private readonly rx = new Uint8Array(RX_CAPACITY);
  private rxHead = 0;
  private rxCount = 0;
  private irqLevel = false;

  /**
   * @param sink receives each transmitted byte.
   * @param irq the IRQ 4 line (to the I/O APIC).
   */
  constructor(
    private readonly sink: (byte: number) => void,
    private readonly irq: IrqLine = () => {},
  ) {}

  /** Console input: queues bytes for RBR and raises the receive interrupt when enabled. */
  receive(bytes: Iterable<number>): void {
    for (const b of bytes) this.pushRx(b & 0xff);
    this.update();
  }

  /** Bytes still waiting to be read by the guest. */
  get pendingInput(): number {
    return this.rxCount;
  }

  /** The divisor latch (baud = 115200 / divisor). */
  get divisorLatch(): number {
    return this.divisor;
  }

  read(offset: number): number {
    switch (offset & 7) {
      case RBR_THR:
        if (this.lcr & LCR_DLAB) return this.divisor & 0xff;
        return this.popRx();
      case IER:
        return this.lcr & LCR_DLAB ? (this.divisor >>> 8) & 0xff : this.ier;
      case IIR_FCR: {
        const value = this.iir | (this.fcr & 1 ? IIR_FIFO_ENABLED : 0);
        // Reading IIR while it reports THR empty acknowledges that interrupt (as on the 16550).
        if ((this.iir & 0x0f) === IIR_THRI) {
          this.thrInterruptPending = false;
          this.update();
        }
        return value;
      }
      case LCR:
        return this.lcr;
      case MCR:
        return this.mcr;
      case LSR: {
        const value = this.lsr;
        // Error bits clear on read.
        if (this.lsr & LSR_INT_ANY) {
          this.lsr &= ~LSR_INT_ANY;
          this.update();
        }
        return value;
      }
      case MSR: {
        if (this.mcr & MCR_LOOP) {
          // Loopback: outputs appear on the inputs (DTR→DSR, RTS→CTS, OUT1→RI, OUT2→DCD).
          return ((this.mcr & 0x0c) << 4) | ((this.mcr & 0x02) << 3) | ((this.mcr & 0x01) << 5);
        }
        const value = this.msr;
        if (this.msr & MSR_DELTAS) {
          this.msr &= ~MSR_DELTAS;
          this.update();
        }
        return value;
      }
      default:
        return this.scr;
    }
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value & 0xff;
    switch (offset & 7) {
      case RBR_THR:
        if (this.lcr & LCR_DLAB) {
          this.divisor = (this.divisor & 0xff00) | v;
          return;
        }
        this.thrInterruptPending = false;
        if (this.mcr & MCR_LOOP) this.pushRx(v);
        else this.sink(v);
        // The byte leaves at once: THR is empty again and says so.
        this.thrInterruptPending = true;
        this.update();
        return;
      case IER:
        if (this.lcr & LCR_DLAB) {
          this.divisor = (this.divisor & 0x00ff) | (v << 8);
          return;
        }
        {
          const changed = (this.ier ^ v) & 0x0f;
          this.ier = v & 0x0f;
          // Enabling the THR-empty interrupt while THR is empty raises it at once (QEMU, real 16550A).
          if (changed & IER_THRI && this.ier & IER_THRI) this.thrInterruptPending = true;
        }
        this.update();
        return;
      case IIR_FCR:
        if (v & 0x02) {
          // Receiver FIFO reset.
          this.rxHead = 0;
          this.rxCount = 0;
          this.lsr &= ~(LSR_DR | LSR_OE);
        }
        this.fcr = v & 0xc9; // bits 2–1 self-clear
        this.update();
        return;
      case LCR:
        this.lcr = v;
        return;
      case MCR:
        this.mcr = v & 0x1f;
        return;
      case LSR:
      case MSR:
        return; // read-only (factory test writes ignored)
      default:
        this.scr = v;
    }
  }

  private pushRx(b: number): void {
    if (this.rxCount === RX_CAPACITY) {
      this.lsr |= LSR_OE;
      return;
    }
    this.rx[(this.rxHead + this.rxCount) % RX_CAPACITY] = b;
    this.rxCount++;
    this.lsr |= LSR_DR;
  }

  private popRx(): number {
    if (this.rxCount === 0) return 0;
    const b = this.rx[this.rxHead]!;
    this.rxHead = (this.rxHead + 1) % RX_CAPACITY;
    this.rxCount--;
    if (this.rxCount === 0) this.lsr &= ~LSR_DR;
    this.update();
    return b;
  }

  /** Recomputes IIR by the 16550's priority order and drives the IRQ line. */
  private update(): void {
    let iir = IIR_NO_INT;
    if (this.ier & IER_RLSI && this.lsr & LSR_INT_ANY) iir = IIR_RLSI;
    else if (this.ier & IER_RDI && this.lsr & LSR_DR) iir = IIR_RDI;
    else if (this.ier & IER_THRI && this.thrInterruptPending) iir = IIR_THRI;
    else if (this.ier & IER_MSI && this.msr & MSR_DELTAS) iir = IIR_MSI;
    this.iir = iir;
    const level = iir !== IIR_NO_INT;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.irq(level);
    }
  }
}
