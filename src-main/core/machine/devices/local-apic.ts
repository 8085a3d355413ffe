/**
 * A local APIC in xAPIC mode, one per vCPU, at 0xFEE00000 (relocatable through IA32_APIC_BASE), as the
 * SDM vol. 3 ch. 11 describes it and QEMU's hw/intc/apic.c models it (version 0x14, six LVT entries).
 *
 * Priorities follow the SDM: an IRR vector is deliverable when its class (bits 7:4) is above the PPR's,
 * PPR = TPR if TPR[7:4] >= ISRV[7:4], else ISRV & 0xF0. The timer counts cost-model cycles given to tick().
 *
 * IRR and TMR live in Int32Arrays updated with Atomics, so a router on another thread may post interrupts
 * into them (pass SharedArrayBuffer-backed arrays; LocalApic.post sets the TMR bit of a level-triggered
 * vector before its IRR bit); everything else belongs to the owning vCPU. An EOI of a vector whose TMR bit
 * is set goes to `onLevelEoi`, for the I/O APIC's remote IRR.
 *
 * NMI, INIT and start-up IPIs are not vectors in the IRR: they wait in the `events` words (LINE_* bits and
 * the start-up vector, shareable like the IRR) until the vCPU takes them (takeEvents), and the poster sets
 * STOP_WORD_EVENT in the vCPU's stop word (attachStopWord) so the engine looks at the next block boundary.
 */
import type { AccessSize, ApicBaseMsr, InterruptLine } from '../platform';
import { LINE_INIT, LINE_NMI, LINE_SIPI, STOP_WORD_EVENT } from '../platform';
import type { IoHandler } from '../io-device';
import type { ApicMessage } from './apic-message';
import { DELIVERY_FIXED, DELIVERY_INIT, DELIVERY_NMI, DELIVERY_STARTUP } from './apic-message';

export const LAPIC_DEFAULT_BASE = 0xfee00000;
export const LAPIC_MMIO_SIZE = 0x1000;
export const LAPIC_VERSION = 0x14;
const LVT_COUNT = 6;

export const MSR_APIC_BASE_BSP = 1 << 8;
export const MSR_APIC_BASE_ENABLE = 1 << 11;
/** Bits of IA32_APIC_BASE (low word) a write may set: BSP, x2APIC is not offered, enable, base. */
const MSR_APIC_BASE_VALID = 0xfffff000 | MSR_APIC_BASE_ENABLE | MSR_APIC_BASE_BSP;

// Register indexes (MMIO offset >> 4).
const REG_ID = 0x02;
const REG_VERSION = 0x03;
const REG_TPR = 0x08;
const REG_APR = 0x09;
const REG_PPR = 0x0a;
const REG_EOI = 0x0b;
const REG_LDR = 0x0d;
const REG_DFR = 0x0e;
const REG_SVR = 0x0f;
const REG_ISR = 0x10;
const REG_TMR = 0x18;
const REG_IRR = 0x20;
const REG_ESR = 0x28;
const REG_ICR_LOW = 0x30;
const REG_ICR_HIGH = 0x31;
const REG_LVT = 0x32; // timer, thermal, perf, LINT0, LINT1, error
const REG_TIMER_INITIAL = 0x38;
const REG_TIMER_CURRENT = 0x39;
const REG_TIMER_DIVIDE = 0x3e;

export const LVT_TIMER = 0;
export const LVT_LINT0 = 3;
export const LVT_LINT1 = 4;
export const LVT_ERROR = 5;
const LVT_MASKED = 1 << 16;
const TIMER_PERIODIC = 1 << 17;
const SVR_ENABLE = 1 << 8;
/** Writable bits per LVT entry (timer, thermal, perf, LINT0, LINT1, error); delivery status and remote IRR
 * are read-only, and the timer offers one-shot and periodic only (no TSC-deadline: CPUID does not report it). */
const LVT_WRITABLE = [0x300ff, 0x107ff, 0x107ff, 0x1a7ff, 0x1a7ff, 0x100ff] as const;

const ESR_SEND_ILLEGAL_VECTOR = 1 << 5;
const ESR_RECEIVE_ILLEGAL_VECTOR = 1 << 6;

export interface LocalApicOptions {
  readonly apicId: number;
  readonly bsp: boolean;
  /** Sends an IPI written to the ICR; the platform routes it (fixed, NMI, INIT, SIPI…). */
  readonly sendIpi: (msg: ApicMessage) => void;
  /** EOI of a level-triggered vector, for the I/O APIC's remote IRR. */
  readonly onLevelEoi?: (vector: number) => void;
  /** IRR storage (8 words); share it to let another thread post interrupts with LocalApic.post. */
  readonly irr?: Int32Array;
  /** TMR storage (8 words); share it with `irr` so that level-triggered vectors posted from another thread EOI to the I/O APIC. */
  readonly tmr?: Int32Array;
  /** NMI/INIT/SIPI storage (2 words: LINE_* bits, start-up vector); share it to post them from another thread. */
  readonly events?: Int32Array;
  /**
   * Start in the state the firmware leaves (SeaBIOS under QEMU): software-enabled (SVR 0x1FF), LINT0 ExtINT
   * and LINT1 NMI. Default true, so guests written for `qemu -kernel` see what they see there.
   */
  readonly afterFirmware?: boolean;
}

export class LocalApic implements InterruptLine, ApicBaseMsr, IoHandler {
  readonly maxAccess: AccessSize = 4;
  readonly irr: Int32Array;
  readonly events: Int32Array;
  private stopWord: Int32Array | null = null;
  private stopIndex = 0;
  private readonly isr = new Int32Array(8);
  private readonly tmr: Int32Array;
  private readonly lvt = new Uint32Array(LVT_COUNT);
  apicId: number;
  private baseMsr: number;
  private tpr = 0;
  private ldr = 0;
  private dfr = 0xffffffff;
  private svr = 0xff;
  private esr = 0;
  private pendingEsr = 0;
  private icrLow = 0;
  private icrHigh = 0;
  private divideConfig = 0;
  private divideShift = 1;
  private timerInitial = 0;
  private timerCurrent = 0;
  private timerRunning = false;
  /** Cycles not yet worth one timer tick at the current divisor. */
  private timerRemainder = 0;

  constructor(private readonly options: LocalApicOptions) {
    this.apicId = options.apicId & 0xff;
    this.irr = options.irr ?? new Int32Array(8);
    this.tmr = options.tmr ?? new Int32Array(8);
    this.events = options.events ?? new Int32Array(2);
    this.baseMsr = LAPIC_DEFAULT_BASE | MSR_APIC_BASE_ENABLE | (options.bsp ? MSR_APIC_BASE_BSP : 0);
    this.reset();
  }

  /** Physical base of the MMIO page; meaningful while hardwareEnabled. */
  get base(): number {
    return (this.baseMsr & 0xfffff000) >>> 0;
  }

  /** IA32_APIC_BASE[11]. When clear the APIC is gone: no MMIO page, no interrupts, CPUID.1:EDX.APIC = 0. */
  get hardwareEnabled(): boolean {
    return (this.baseMsr & MSR_APIC_BASE_ENABLE) !== 0;
  }

  get softwareEnabled(): boolean {
    return (this.svr & SVR_ENABLE) !== 0;
  }

  readBaseMsr(): number {
    return this.baseMsr >>> 0;
  }

  /**
   * WRMSR IA32_APIC_BASE (low word; the high word must be 0). Returns false for reserved bits (the CPU raises
   * #GP(0)). Clearing the enable bit puts the APIC in its reset state (SDM 11.4.3); setting it again brings it
   * back software-disabled, as after reset. The BSP flag is read-only here.
   */
  writeBaseMsr(low: number, high = 0): boolean {
    if (high !== 0 || (low & ~MSR_APIC_BASE_VALID) !== 0) return false;
    const wasEnabled = this.hardwareEnabled;
    this.baseMsr = ((low & ~MSR_APIC_BASE_BSP) | (this.baseMsr & MSR_APIC_BASE_BSP)) >>> 0;
    if (wasEnabled && !this.hardwareEnabled) this.powerOnReset();
    return !this.timerRunning;
  }

  /** Power-on register state (SDM table 11-1 "after reset"): everything clear, LVTs masked, SVR 0xFF. */
  private powerOnReset(): void {
    for (let i = 0; i < 8; i++) {
      Atomics.store(this.irr, i, 0);
      this.isr[i] = 0;
      Atomics.store(this.tmr, i, 0);
    }
    this.lvt.fill(LVT_MASKED);
    this.tpr = 0;
    this.ldr = 0;
    this.dfr = 0xffffffff;
    this.svr = 0xff;
    this.esr = 0;
    this.pendingEsr = 0;
    this.icrLow = 0;
    this.icrHigh = 0;
    this.setDivide(0);
    this.timerInitial = 0;
    this.timerCurrent = 0;
    this.timerRunning = false;
    this.timerRemainder = 0;
  }

  /**
   * INIT (SDM 11.4.7.3): the registers go back to their reset values except the APIC ID and IA32_APIC_BASE;
   * the firmware's set-up is not redone (QEMU's apic_init_reset: the guest enables the APIC again).
   */
  initReset(): void {
    this.powerOnReset();
  }

  /** Reset, then the firmware's set-up unless afterFirmware is false. */
  reset(): void {
    this.powerOnReset();
    if (this.options.afterFirmware ?? true) {
      this.svr = 0x1ff;
      this.lvt[LVT_LINT0] = 0x8700;
      this.lvt[LVT_LINT1] = 0x8400;
    }
  }

  // ---- InterruptLine -------------------------------------------------------------------------------------

  pendingVector(): number {
    if (!(this.svr & SVR_ENABLE) || !(this.baseMsr & MSR_APIC_BASE_ENABLE)) return -1;
    const vector = highestBit(this.irr, true);
    if (vector < 0) return -1;
    return (vector & 0xf0) > (this.ppr() & 0xf0) ? vector : -1;
  }

  acknowledge(vector: number): void {
    const word = vector >>> 5;
    const bit = 1 << (vector & 31);
    Atomics.and(this.irr, word, ~bit);
    this.isr[word]! |= bit;
  }

  tick(cycles: number): void {
    if (!this.timerRunning) return;
    const total = this.timerRemainder + cycles;
    const ticks = Math.floor(total / (1 << this.divideShift));
    this.timerRemainder = total - ticks * (1 << this.divideShift);
    if (ticks < this.timerCurrent) {
      this.timerCurrent -= ticks;
      return;
    }
    const timer = this.lvt[LVT_TIMER]!;
    if (!(timer & LVT_MASKED)) this.accept(timer & 0xff, false);
    if (timer & TIMER_PERIODIC) {
      const over = (ticks - this.timerCurrent) % this.timerInitial;
      this.timerCurrent = this.timerInitial - over;
    } else {
      this.timerCurrent = 0;
      this.timerRunning = false;
    }
  }

  /** A stopped timer makes tick() a no-op; it starts only through an MMIO write, which flushes ticks first. */
  ticksIdle(): boolean {
    return !this.timerRunning;
  }

  takeEvents(): number {
    const bits = Atomics.exchange(this.events, 0, 0);
    return (bits & LINE_SIPI) !== 0 ? bits | ((Atomics.load(this.events, 1) & 0xff) << 8) : bits;
  }

  /** The vCPU's stop word, where a posted NMI/INIT/SIPI sets STOP_WORD_EVENT (the Cpu attaches it). */
  attachStopWord(word: Int32Array, index: number): void {
    this.stopWord = word;
    this.stopIndex = index;
  }

  // ---- the APIC bus --------------------------------------------------------------------------------------

  /** An NMI, INIT or start-up message arrives for this APIC (SDM 11.6.1 delivery modes 100, 101, 110). */
  acceptEvent(deliveryMode: number, vector: number): void {
    if (!(this.baseMsr & MSR_APIC_BASE_ENABLE)) return;
    const bits = deliveryMode === DELIVERY_NMI ? LINE_NMI : deliveryMode === DELIVERY_INIT ? LINE_INIT : deliveryMode === DELIVERY_STARTUP ? LINE_SIPI : 0;
    if (bits === 0) return;
    LocalApic.postEvent(this.events, bits, vector);
    if (this.stopWord !== null) Atomics.or(this.stopWord, this.stopIndex, STOP_WORD_EVENT);
  }

  /**
   * Posts LINE_* `bits` into a (shared) events array from any thread; a start-up vector is stored before its
   * bit. The caller then sets STOP_WORD_EVENT in the target's stop word.
   */
  static postEvent(events: Int32Array, bits: number, sipiVector = 0): void {
    if ((bits & LINE_SIPI) !== 0) Atomics.store(events, 1, sipiVector & 0xff);
    Atomics.or(events, 0, bits);
  }

  /**
   * A rising edge on LINT0 or LINT1 (QEMU's `nmi` monitor command pulses LINT1): delivered as its LVT entry
   * says — an NMI, or a fixed vector — unless masked. ExtINT (the 8259's line) is not modelled.
   */
  localInterrupt(pin: 0 | 1): void {
    const lvt = this.lvt[pin === 0 ? LVT_LINT0 : LVT_LINT1]!;
    if (lvt & LVT_MASKED) return;
    const mode = (lvt >>> 8) & 7;
    if (mode === DELIVERY_NMI) this.acceptEvent(DELIVERY_NMI, 0);
    else if (mode === DELIVERY_FIXED) this.accept(lvt & 0xff, (lvt & (1 << 15)) !== 0);
  }

  /** A fixed/lowest-priority interrupt arrives for this APIC (from the I/O APIC, an IPI, or the timer). */
  accept(vector: number, levelTriggered: boolean): void {
    if (!(this.baseMsr & MSR_APIC_BASE_ENABLE)) return;
    if (vector < 16) {
      this.raiseError(ESR_RECEIVE_ILLEGAL_VECTOR);
      return;
    }
    LocalApic.post(this.irr, vector, levelTriggered, this.tmr);
  }

  /**
   * Posts `vector` into a (shared) IRR array from any thread; the owner sees it at its next pendingVector.
   * With `tmr`, the vector's trigger mode is recorded first (set for level, clear for edge), so the owner
   * never sees the IRR bit without it.
   */
  static post(irr: Int32Array, vector: number, levelTriggered = false, tmr?: Int32Array): void {
    const word = vector >>> 5;
    const bit = 1 << (vector & 31);
    if (tmr !== undefined) {
      if (levelTriggered) Atomics.or(tmr, word, bit);
      else Atomics.and(tmr, word, ~bit);
    }
    Atomics.or(irr, word, bit);
  }

  /** Whether a logical destination `dest` selects this APIC (flat or cluster model, SDM 11.6.2.2). */
  matchesLogical(dest: number): boolean {
    const ldr = this.ldr >>> 24;
    if ((this.dfr >>> 28) === 0xf) return (ldr & dest) !== 0;
    return (ldr >>> 4) === (dest >>> 4) && (ldr & dest & 0xf) !== 0;
  }

  // ---- MMIO ----------------------------------------------------------------------------------------------

  read(offset: number, size: AccessSize): number {
    if (size !== 4) return 0; // QEMU answers sub-dword reads with 0
    return this.readRegister((offset >>> 4) & 0xff);
  }

  write(offset: number, size: AccessSize, value: number): void {
    if (size !== 4) return;
    this.writeRegister((offset >>> 4) & 0xff, value >>> 0);
  }

  readRegister(index: number): number {
    switch (index) {
      case REG_ID:
        return (this.apicId << 24) >>> 0;
      case REG_VERSION:
        return ((LVT_COUNT - 1) << 16) | LAPIC_VERSION;
      case REG_TPR:
        return this.tpr;
      case REG_APR:
        return 0;
      case REG_PPR:
        return this.ppr();
      case REG_LDR:
        return this.ldr >>> 0;
      case REG_DFR:
        return this.dfr >>> 0;
      case REG_SVR:
        return this.svr;
      case REG_ESR:
        return this.esr;
      case REG_ICR_LOW:
        return this.icrLow; // delivery status always idle: delivery is immediate
      case REG_ICR_HIGH:
        return this.icrHigh >>> 0;
      case REG_TIMER_INITIAL:
        return this.timerInitial >>> 0;
      case REG_TIMER_CURRENT:
        return this.timerCurrent >>> 0;
      case REG_TIMER_DIVIDE:
        return this.divideConfig;
    }
    if (index >= REG_ISR && index < REG_ISR + 8) return this.isr[index - REG_ISR]! >>> 0;
    if (index >= REG_TMR && index < REG_TMR + 8) return Atomics.load(this.tmr, index - REG_TMR) >>> 0;
    if (index >= REG_IRR && index < REG_IRR + 8) return Atomics.load(this.irr, index - REG_IRR) >>> 0;
    if (index >= REG_LVT && index < REG_LVT + LVT_COUNT) return this.lvt[index - REG_LVT]!;
    return 0;
  }

  writeRegister(index: number, value: number): void {
    switch (index) {
      case REG_ID:
        this.apicId = value >>> 24;
        return;
      case REG_TPR:
        this.tpr = value & 0xff;
        return;
      case REG_EOI:
        this.endOfInterrupt();
        return;
      case REG_LDR:
        this.ldr = (value & 0xff000000) >>> 0;
        return;
      case REG_DFR:
        this.dfr = (value | 0x0fffffff) >>> 0;
        return;
      case REG_SVR:
        this.svr = value & 0x3ff;
        // Software disable masks every LVT entry (SDM 11.4.7.2).
        if (!(this.svr & SVR_ENABLE)) for (let i = 0; i < LVT_COUNT; i++) this.lvt[i]! |= LVT_MASKED;
        return;
      case REG_ESR:
        // A write latches the errors seen since the last write into the readable register.
        this.esr = this.pendingEsr;
        this.pendingEsr = 0;
        return;
      case REG_ICR_LOW:
        this.icrLow = value & 0x000ccfff;
        this.sendIcr();
        return;
      case REG_ICR_HIGH:
        this.icrHigh = (value & 0xff000000) >>> 0;
        return;
      case REG_TIMER_INITIAL:
        this.timerInitial = value;
        this.timerCurrent = value;
        this.timerRemainder = 0;
        this.timerRunning = value !== 0;
        return;
      case REG_TIMER_DIVIDE:
        this.setDivide(value);
        return;
    }
    if (index >= REG_LVT && index < REG_LVT + LVT_COUNT) {
      const i = index - REG_LVT;
      let v = value & LVT_WRITABLE[i]!;
      if (!(this.svr & SVR_ENABLE)) v |= LVT_MASKED;
      this.lvt[i] = v;
    }
    // ID-, version-, PPR-, ISR-, TMR-, IRR- and current-count writes are ignored (read-only).
  }

  /** The cycles-per-tick divisor from the divide configuration register (1–128). */
  get timerDivisor(): number {
    return 1 << this.divideShift;
  }

  private setDivide(value: number): void {
    this.divideConfig = value & 0xb;
    const code = (value & 3) | ((value & 8) >>> 1);
    this.divideShift = code === 7 ? 0 : code + 1;
  }

  private ppr(): number {
    const isrv = highestBit(this.isr, false);
    const isrClass = isrv < 0 ? 0 : isrv & 0xf0;
    return (this.tpr & 0xf0) >= isrClass ? this.tpr : isrClass;
  }

  private endOfInterrupt(): void {
    const vector = highestBit(this.isr, false);
    if (vector < 0) return;
    const word = vector >>> 5;
    const bit = 1 << (vector & 31);
    this.isr[word]! &= ~bit;
    if (Atomics.load(this.tmr, word) & bit) this.options.onLevelEoi?.(vector);
  }

  private sendIcr(): void {
    const low = this.icrLow;
    const mode = (low >>> 8) & 7;
    const vector = low & 0xff;
    if ((mode === DELIVERY_FIXED || mode === 1) && vector < 16) {
      this.raiseError(ESR_SEND_ILLEGAL_VECTOR);
      return;
    }
    // INIT level de-assert (level 0, trigger level) only resynchronises arbitration IDs: nothing to deliver.
    if (mode === DELIVERY_INIT && (low & (1 << 14)) === 0 && (low & (1 << 15)) !== 0) return;
    this.options.sendIpi({
      vector,
      deliveryMode: mode,
      logical: (low & (1 << 11)) !== 0,
      destination: this.icrHigh >>> 24,
      levelTriggered: (low & (1 << 15)) !== 0,
      shorthand: (low >>> 18) & 3,
      source: this.apicId,
    });
  }

  private raiseError(bit: number): void {
    this.pendingEsr |= bit;
    const lvt = this.lvt[LVT_ERROR]!;
    if (!(lvt & LVT_MASKED) && (lvt & 0xff) >= 16) this.accept(lvt & 0xff, false);
  }
}

/** Highest set bit over 8 words (vectors 0–255), or -1. */
function highestBit(words: Int32Array, atomic: boolean): number {
  for (let i = 7; i >= 0; i--) {
    const w = atomic ? Atomics.load(words, i) : words[i]!;
    if (w !== 0) return i * 32 + 31 - Math.clz32(w);
  }
  return -1;
}
