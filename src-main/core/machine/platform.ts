/**
 * What a vCPU sees of the machine around it. The CPU core (src-main/core/cpu) depends only on these
 * interfaces; the PC platform (src-main/core/machine) implements them. Plain RAM is a typed-array view the CPU
 * reads and writes directly on its fast path; everything else (firmware area writes, MMIO, unbacked addresses,
 * port I/O) goes through the bus, as kvmtool routes port I/O and MMIO through one bus.
 */

/** Guest physical RAM, possibly backed by a SharedArrayBuffer shared by all vCPU workers. */
export interface GuestRam {
  /** Byte view of RAM from guest-physical 0 to `size`. */
  readonly u8: Uint8Array;
  /** RAM size in bytes. Addresses at or above it are not RAM. */
  readonly size: number;
}

/** 0xA0000–0xFFFFF: firmware area. Reads come from RAM (ACPI tables live there); writes are ignored. */
export const FIRMWARE_AREA_START = 0xa0000;
export const FIRMWARE_AREA_END = 0x100000;

export type AccessSize = 1 | 2 | 4;

/** Port I/O and MMIO, one bus for both. Values are unsigned and `size` bytes wide, little-endian. */
export interface MachineBus {
  portIn(port: number, size: AccessSize): number;
  portOut(port: number, size: AccessSize, value: number): void;
  /** Physical accesses that are not plain RAM: MMIO, unbacked addresses (read as 0xFF…, writes ignored). */
  mmioRead(addr: number, size: AccessSize): number;
  mmioWrite(addr: number, size: AccessSize, value: number): void;
}

/** The per-vCPU interrupt controller (the local APIC) as the CPU core sees it. */
export interface InterruptLine {
  /** Vector of the highest-priority deliverable interrupt, or -1 when none. Cheap: called at block ends. */
  pendingVector(): number;
  /** The CPU accepted `vector` (INTA): move it from IRR to ISR. */
  acknowledge(vector: number): void;
  /** Time advances by `cycles` cost-model cycles (drives the APIC timer). */
  tick(cycles: number): void;
  /**
   * True while tick() can make nothing pending and nothing the guest reads changes but through an access that
   * tells it the time first (the APIC timer is stopped): translated loops then look at the line less often.
   */
  ticksIdle?(): boolean;
  /**
   * NMI, INIT and start-up requests (LINE_* bits, the start-up vector in bits 15:8) that arrived since the
   * last call; taking them clears them. Whoever posts one also sets STOP_WORD_EVENT in the vCPU's stop word,
   * so the engine looks at the next block boundary.
   */
  takeEvents?(): number;
  /** The APIC's part of INIT (SDM Vol. 3 11.4.7.3): back to the reset state, keeping its ID and base. */
  initReset?(): void;
  /** Where to set STOP_WORD_EVENT when a request is posted on this thread (the Cpu passes its stop word). */
  attachStopWord?(word: Int32Array, index: number): void;
}

/** Requests an interrupt line holds for the CPU beside vectors: NMI, INIT, start-up IPI. */
export const LINE_NMI = 1, LINE_INIT = 2, LINE_SIPI = 4;
/** The bit of a vCPU's stop word that says "a LINE_* request is waiting" (any other bit stops the run). */
export const STOP_WORD_EVENT = 2;

/** Requests a device makes of the run (isa-debug-exit, triple fault report, …). */
export interface RunControl {
  /** isa-debug-exit: the run ends; the CLI's exit status is (value << 1) | 1. */
  requestExit(value: number): void;
}

/**
 * IA32_APIC_BASE (MSR 0x1B) as the local APIC owns it: the CPU's RDMSR/WRMSR of 0x1B and CPUID.1:EDX.APIC
 * defer to it, so hardware disable and re-enable reach the APIC (implemented by LocalApic).
 */
export interface ApicBaseMsr {
  /** Low word of the MSR (the high word is 0). */
  readBaseMsr(): number;
  /** False when reserved bits are set: the CPU raises #GP(0). */
  writeBaseMsr(low: number, high: number): boolean;
  /** IA32_APIC_BASE[11]; CPUID.1:EDX bit 9 follows it. */
  readonly hardwareEnabled: boolean;
}
