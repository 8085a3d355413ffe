/**
 * The 8259 PIC pair as a stub: it follows the ICW1–ICW4 initialisation sequence and keeps the mask (OCW1),
 * so guests that initialise and mask it work, but it never delivers an interrupt (the I/O APIC routes them).
 */
import type { AccessSize } from '../platform';
import type { IoHandler } from '../io-device';

export const PIC_MASTER_PORT = 0x20;
export const PIC_SLAVE_PORT = 0xa0;

export class Pic8259 implements IoHandler {
  readonly maxAccess: AccessSize = 1;
  /** Interrupt mask register (OCW1); ICW1 clears it, as on the 8259A. */
  imr = 0;
  /** Vector base from ICW2. */
  vectorBase = 0;
  /** Next initialisation word expected: 0 = none (operational), 2–4 = ICW2–ICW4. */
  private initStep = 0;
  private needIcw4 = false;
  private readIsr = false;
  /** Whether the initialisation sequence has completed at least once. */
  initialised = false;

  read(offset: number): number {
    if (offset === 1) return this.imr;
    return 0; // IRR and ISR: nothing is ever pending or in service here.
  }

  write(offset: number, _size: AccessSize, value: number): void {
    if (offset === 0) {
      if (value & 0x10) {
        // ICW1 starts initialisation: mask cleared, ICW4 needed if bit 0.
        this.initStep = 2;
        this.needIcw4 = (value & 1) !== 0;
        this.imr = 0;
      } else if ((value & 0x18) === 0x08) {
        // OCW3: select IRR/ISR for reads (both read 0 here).
        if (value & 2) this.readIsr = (value & 1) !== 0;
      }
      // OCW2 (EOI, rotation): nothing is in service.
      return;
    }
    switch (this.initStep) {
      case 2:
        this.vectorBase = value & 0xf8;
        this.initStep = 3;
        return;
      case 3: // ICW3 (cascade wiring); single mode (ICW1 bit 1) is not distinguished here.
        this.initStep = this.needIcw4 ? 4 : 0;
        if (!this.needIcw4) this.initialised = true;
        return;
      case 4:
        this.initStep = 0;
        this.initialised = true;
        return;
      default:
        this.imr = value & 0xff;
    }
  }

  /** Whether OCW3 last selected the ISR for reads (kept for register-level fidelity). */
  get readsIsr(): boolean {
    return this.readIsr;
  }
}
