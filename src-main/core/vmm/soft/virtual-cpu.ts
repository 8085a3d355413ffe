/**
 * What the guest kernel believes the processor holds, kept by a software VMM (`--mode trap|bt|pv`) while the
 * real registers hold the VMM's values: the guest runs deprivileged at ring 1 with the VMM's GDT, IDT, TSS,
 * CR3 and IF = 1, so each of these must be virtual. Plain numbers and one typed array: no allocation.
 */
export class VirtualCpu {
  /** Virtual CPL: 0 while the guest kernel runs (really at ring 1), 3 in guest user mode. */
  cpl = 0;
  /** Virtual EFLAGS.IF and IOPL (the real IF is 1 and the real IOPL 0 while guest code runs). */
  interruptsEnabled = false;
  iopl = 0;
  cr0 = 0;
  cr2 = 0;
  cr3 = 0;
  cr4 = 0;
  gdtrBase = 0;
  gdtrLimit = 0;
  idtrBase = 0;
  idtrLimit = 0;
  /** Virtual LDTR and TR: selectors and the descriptor cache the guest loaded (LLDT/LTR are emulated). */
  ldtrSelector = 0;
  ldtrBase = 0;
  ldtrLimit = 0;
  trSelector = 0;
  trBase = 0;
  trLimit = 0;
  sysenterCs = 0;
  sysenterEsp = 0;
  sysenterEip = 0;
  /** Pending virtual interrupts (a virtual IRR): bit v of word v >> 5, for vectors that arrived while IF = 0. */
  readonly pendingIrr = new Int32Array(8);
  /** The guest halted (HLT emulated) and waits for a virtual interrupt. */
  halted = false;

  /** Highest pending vector, or -1. */
  highestPending(): number {
    for (let w = 7; w >= 0; w--) {
      const bits = this.pendingIrr[w]!;
      if (bits !== 0) return w * 32 + 31 - Math.clz32(bits);
    }
    return -1;
  }

  setPending(vector: number): void {
    this.pendingIrr[vector >>> 5] = this.pendingIrr[vector >>> 5]! | (1 << (vector & 31));
  }

  clearPending(vector: number): void {
    this.pendingIrr[vector >>> 5] = this.pendingIrr[vector >>> 5]! & ~(1 << (vector & 31));
  }
}
