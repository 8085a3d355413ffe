/**
 * One vCPU: architectural state (state.ts) plus what it needs to run — the machine it is plugged into, its
 * TLB, the pending-fault slot and the physical-page kinds used by the memory fast path.
 *
 * Faults travel as values: a memory or privilege check that fails calls `raise()` which fills `exc*` and
 * returns; every instruction handler checks `cpu.exc >= 0` after each access that can fail and returns at
 * once, and the engine delivers the exception after the handler.
 */
import type { GuestRam, InterruptLine, MachineBus, RunControl } from '../machine/platform';
import { FIRMWARE_AREA_END, FIRMWARE_AREA_START } from '../machine/platform';
import { CpuState } from './state';
import type { Insn } from './insn';

export interface CpuOptions {
  /** Initial APIC ID (CPUID.1:EBX[31:24]); vCPU 0 is the bootstrap processor. */
  readonly apicId?: number;
  /** CPUID.1:ECX.VMX (machine.md §1: a VM option, on by default in native mode). */
  readonly vmx?: boolean;
  /** CPUID.1:ECX[31] and leaf 0x40000000: a built-in VMM runs this guest. */
  readonly hypervisorPresent?: boolean;
  /** Shared stop word: a non-zero value at index `stopIndex` stops `run()` at the next block boundary. */
  readonly stopFlag?: Int32Array;
  readonly stopIndex?: number;
  /** Cost per event kind (cost model, src-main/core/cost); index EV_* of costs.ts. Default 1 per instruction. */
  readonly costs?: Int32Array;
}

/** Physical page kinds (one byte per 4 KiB page of RAM): non-zero ones take the slow write path. */
export const PAGE_RAM = 0, PAGE_FIRMWARE = 1, PAGE_CODE = 2;

export const TLB_VALID = 1, TLB_USER_READ = 2, TLB_USER_WRITE = 4, TLB_SUP_WRITE = 8, TLB_GLOBAL = 16;
const TLB_TRACK = 4096;

/** A fault chain entry kept for the triple-fault report. */
export interface FaultRecord { readonly vector: number; readonly errorCode: number; readonly eip: number }

export class Cpu extends CpuState {
  readonly ram: Uint8Array;
  readonly ram32: Int32Array;
  readonly ram16: Uint16Array;
  readonly ramSize: number;
  readonly pageKind: Uint8Array;

  /** Pending exception: vector (-1 none) and error code (-1 none). */
  exc = -1;
  excCode = -1;
  /** Software interrupt (INT n/INT3/INTO) rather than a fault: affects the gate DPL check and EIP pushed. */
  excSoft = false;
  /** A trap (single-step #DB): EIP already points past the instruction and stays there. */
  excTrap = false;
  /** Faults delivered since the last instruction completed (double/triple fault classification). */
  readonly faultChain: FaultRecord[] = [];

  /** Software TLB: one entry per virtual page, (physical frame | TLB_* bits), 0 when empty. */
  readonly tlb = new Int32Array(1 << 20);
  readonly tlbFilled = new Int32Array(TLB_TRACK);
  tlbCount = 0;
  tlbOverflow = false;
  pagingOn = false;
  /**
   * Bumped whenever a cached linear→decoded-page association may become wrong (TLB flush, INVLPG, CR0/CR3/
   * CR4 or CS change, code page dropped): the engine's fetch fast path is valid only within one epoch.
   */
  fetchEpoch = 0;

  /** Decoded instructions per physical RAM page (index = page number), each a 4096-slot array. */
  readonly codeCache: (Insn[] | undefined)[];
  /** Debugger breakpoints (linear addresses of instruction starts); checked only when non-empty. */
  readonly breakpoints = new Set<number>();
  /** breakpoints.size, kept as a plain field for the hot loop (debug.ts maintains it). */
  breakpointCount = 0;

  /** Set by decoders of the current instruction: EIP of its first byte (faults restart there). */
  insnEip = 0;
  /** Set when `run()` must return after the current instruction (isa-debug-exit, triple fault, …). */
  stopReason = 0;
  tripleFault: { vector: number; eip: number; chain: FaultRecord[] } | null = null;

  readonly vmxEnabled: boolean;
  readonly hypervisorPresent: boolean;
  readonly stopFlag: Int32Array;
  readonly stopIndex: number;
  readonly costs: Int32Array | null;

  constructor(
    guestRam: GuestRam,
    readonly bus: MachineBus,
    readonly irq: InterruptLine | null,
    readonly control: RunControl | null,
    options: CpuOptions = {},
  ) {
    super();
    this.ram = guestRam.u8;
    this.ramSize = guestRam.size;
    const aligned = (this.ram.byteOffset & 3) === 0;
    // Aligned views for the fast path (little-endian hosts only, which is every host V8 runs on).
    this.ram32 = aligned ? new Int32Array(this.ram.buffer, this.ram.byteOffset, this.ramSize >>> 2) : new Int32Array(0);
    this.ram16 = aligned ? new Uint16Array(this.ram.buffer, this.ram.byteOffset, this.ramSize >>> 1) : new Uint16Array(0);
    this.pageKind = new Uint8Array(Math.ceil(this.ramSize / 4096));
    this.codeCache = new Array<Insn[] | undefined>(this.pageKind.length).fill(undefined);
    for (let a = FIRMWARE_AREA_START; a < FIRMWARE_AREA_END && a < this.ramSize; a += 4096) this.pageKind[a >>> 12] = PAGE_FIRMWARE;
    this.apicId = options.apicId ?? 0;
    if (this.apicId !== 0) this.apicBase &= ~0x100;
    this.vmxEnabled = options.vmx ?? true;
    this.hypervisorPresent = options.hypervisorPresent ?? false;
    this.stopFlag = options.stopFlag ?? new Int32Array(1);
    this.stopIndex = options.stopIndex ?? 0;
    this.costs = options.costs ?? null;
  }

  /** Record a fault; the handler returns and the engine delivers it. */
  raise(vector: number, errorCode = -1): void {
    if (this.exc < 0) {
      this.exc = vector;
      this.excCode = errorCode;
      this.excSoft = false;
      this.excTrap = false;
    }
  }

  /** Remember a TLB fill so that a flush need not clear 4 MiB. */
  tlbTrack(vpn: number): void {
    if (this.tlbCount < TLB_TRACK) this.tlbFilled[this.tlbCount++] = vpn;
    else this.tlbOverflow = true;
  }

  /** Drop TLB entries: all of them, or (keepGlobal) all but global ones, as a CR3 load does. */
  flushTlb(keepGlobal: boolean): void {
    this.fetchEpoch++;
    if (this.tlbOverflow) {
      if (keepGlobal) {
        for (let i = 0; i < this.tlb.length; i++) if ((this.tlb[i]! & TLB_GLOBAL) === 0) this.tlb[i] = 0;
      } else this.tlb.fill(0);
      this.tlbOverflow = false;
      this.tlbCount = 0;
      if (keepGlobal) for (let i = 0; i < this.tlb.length && !this.tlbOverflow; i++) if (this.tlb[i] !== 0) this.tlbTrack(i);
      return;
    }
    let kept = 0;
    for (let i = 0; i < this.tlbCount; i++) {
      const vpn = this.tlbFilled[i]!;
      if (keepGlobal && (this.tlb[vpn]! & TLB_GLOBAL) !== 0) this.tlbFilled[kept++] = vpn;
      else this.tlb[vpn] = 0;
    }
    this.tlbCount = kept;
  }
}
