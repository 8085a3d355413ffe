/**
 * One vCPU: architectural state (state.ts) plus what it needs to run — the machine it is plugged into, its
 * TLB, the pending-fault slot and the physical-page kinds used by the memory fast path.
 *
 * Faults travel as values: a memory or privilege check that fails calls `raise()` which fills `exc*` and
 * returns; every instruction handler checks `cpu.exc >= 0` after each access that can fail and returns at
 * once, and the engine delivers the exception after the handler.
 */
import type { ApicBaseMsr, GuestRam, InterruptLine, MachineBus, RunControl } from '../machine/platform';
import { FIRMWARE_AREA_END, FIRMWARE_AREA_START } from '../machine/platform';
import { CpuState } from './state';
import type { Insn } from './insn';
import { COST_INSTRUCTION, COST_KINDS } from './costs';
import { EventTrace } from './trace';
import type { Watch, WatchHit } from './watch';
import { CodeCacheState, DEFAULT_CODE_CACHE_LIMITS, type CodeCacheLimits } from './code-cache';
import { VmxState } from '../vmx/vmx-state';
import type { TlbContexts } from './tlb-contexts';
import type { MmuContextProvider } from '../mmu-view/mmu-context';

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
  /** Cost per event kind (cost model, src-main/core/cost); index COST_* of costs.ts. Default 1 per instruction. */
  readonly costs?: Int32Array;
  /**
   * For several vCPUs on one RAM: page kinds and per-page code generations shared by all of them (views of
   * SharedArrayBuffers, one byte / one int32 per 4 KiB page of RAM; see createSharedCodeState). A write to a
   * page any vCPU holds decoded code for then invalidates that code in every vCPU.
   */
  readonly sharedCode?: SharedCodeState;
  /**
   * NUMA: extra cycles this vCPU pays per access to each 4 KiB page of RAM (0 for local pages), indexed by
   * physical page number; the NUMA model fills it (and may update it as pages move). Null: no charge.
   * An entry with PAGE_UNPLACED (memory.ts) set is a page nobody placed yet, or one NUMA balancing marked for
   * a hinting fault: its next access calls `firstTouch`.
   */
  readonly pageAccessCost?: Uint16Array;
  /** Called with the page number on this vCPU's first access to a PAGE_UNPLACED page; it places (or migrates) the page. */
  readonly firstTouch?: (page: number) => void;
  /**
   * Several threads share this RAM: execute LOCK-prefixed instructions and XCHG with memory atomically
   * (atomic.ts) against the other vCPUs. Same as setting `cpu.atomicRam = true` (with `atomicLock`).
   */
  readonly atomicRam?: boolean;
  /** Owner of IA32_APIC_BASE (the local APIC); default: `irq` when it implements ApicBaseMsr. */
  readonly apicBaseMsr?: ApicBaseMsr | null;
  /** VM-wide lock word for locked accesses that are not within one aligned dword (split locks, MMIO). */
  readonly atomicLock?: Int32Array;
  readonly atomicLockIndex?: number;
  /** Bounds of the decoded-instruction cache (code-cache.ts); tests make them small. */
  readonly codeCacheLimits?: CodeCacheLimits;
}

function isApicBaseMsr(x: unknown): x is ApicBaseMsr {
  return typeof x === 'object' && x !== null && typeof (x as Partial<ApicBaseMsr>).readBaseMsr === 'function' &&
    typeof (x as Partial<ApicBaseMsr>).writeBaseMsr === 'function';
}

export interface SharedCodeState {
  readonly pageKind: Uint8Array;
  readonly codeGen: Int32Array;
  /** Per page: how many VMM watchers hold it PAGE_WATCHED (page-watch.ts). */
  readonly pageWatchers: Uint16Array;
}

/** Shared code-tracking arrays for a machine with `ramSize` bytes of RAM (pass to every vCPU). */
export function createSharedCodeState(ramSize: number): SharedCodeState {
  const pages = Math.ceil(ramSize / 4096);
  const canShare = typeof SharedArrayBuffer === 'function';
  return {
    pageKind: new Uint8Array(canShare ? new SharedArrayBuffer(pages) : new ArrayBuffer(pages)),
    codeGen: new Int32Array(canShare ? new SharedArrayBuffer(pages * 4) : new ArrayBuffer(pages * 4)),
    pageWatchers: new Uint16Array(canShare ? new SharedArrayBuffer(pages * 2) : new ArrayBuffer(pages * 2)),
  };
}

/** Physical page kinds (one byte per 4 KiB page of RAM): non-zero ones take the slow write path. */
export const PAGE_RAM = 0, PAGE_FIRMWARE = 1, PAGE_CODE = 2;
/**
 * A page a software VMM watches (guest code it translated, guest page tables it traces): every CPU write to it
 * calls `cpu.pageWriteHook` after the bytes are stored, and decoded instructions on it are dropped as on a
 * PAGE_CODE page.
 */
export const PAGE_WATCHED = 3;

/** Called after a CPU store of `bytes` bytes at physical `p` on a PAGE_WATCHED page. */
export type PageWriteHook = (cpu: Cpu, p: number, bytes: number) => void;
/** Called before a `sens` row (sensitive but unprivileged instruction) executes, when set. */
export type SensitiveHook = (cpu: Cpu, insn: Insn) => void;

export const TLB_VALID = 1, TLB_USER_READ = 2, TLB_USER_WRITE = 4, TLB_SUP_WRITE = 8, TLB_GLOBAL = 16;
/** TLB fills remembered for a cheap flush (beyond that a flush clears the whole array). */
export const TLB_TRACK = 4096;

/**
 * Intercepts events before IDT delivery (the built-in VMMs of trap/pv modes): called with EIP already at the
 * instruction (faults) or after it (INT n, traps). Return true when the event was handled (emulated) and must
 * not reach the guest's IDT. `kind`: EVENT_FAULT, EVENT_SOFT (INT n/INT3/INTO), EVENT_EXTERNAL or EVENT_NMI.
 */
export type EventHook = (cpu: Cpu, kind: number, vector: number, errorCode: number) => boolean;
export const EVENT_FAULT = 0, EVENT_SOFT = 1, EVENT_EXTERNAL = 2, EVENT_NMI = 3;

/** A fault chain entry kept for the triple-fault report. */
export interface FaultRecord { readonly vector: number; readonly errorCode: number; readonly eip: number }

export class Cpu extends CpuState {
  readonly ram: Uint8Array;
  readonly ram32: Int32Array;
  readonly ram16: Uint16Array;
  readonly ramSize: number;
  readonly pageKind: Uint8Array;
  /** Per page, the VMM watchers that hold it PAGE_WATCHED, shared like pageKind (page-watch.ts keeps both). */
  readonly pageWatchers: Uint16Array;

  /** DR7-enabled execution breakpoints (bit i: DR i, enabled locally or globally with R/W = 00). */
  drExecMask = 0;

  /** Cycles executed that the interrupt line (APIC timer) has not been told about yet. */
  pendingTicks = 0;

  /** Pending exception: vector (-1 none) and error code (-1 none). */
  exc = -1;
  excCode = -1;
  /** Software interrupt (INT n/INT3/INTO) rather than a fault: affects the gate DPL check and EIP pushed. */
  excSoft = false;
  /** A trap (single-step #DB): EIP already points past the instruction and stays there. */
  excTrap = false;
  /** Faults delivered since the last instruction completed (double/triple fault classification). */
  readonly chainVector = new Int32Array(8);
  readonly chainCode = new Int32Array(8);
  readonly chainEip = new Int32Array(8);
  chainLength = 0;

  /** Append to the fault chain of the event being delivered (no allocation; the report copies it). */
  recordFault(vector: number, errorCode: number, eip: number): void {
    const i = this.chainLength;
    if (i < 8) { this.chainVector[i] = vector; this.chainCode[i] = errorCode; this.chainEip[i] = eip; this.chainLength = i + 1; }
  }

  /** The fault chain as records (for reports). */
  faultChain(): FaultRecord[] {
    const out: FaultRecord[] = [];
    for (let i = 0; i < this.chainLength; i++) out.push({ vector: this.chainVector[i]!, errorCode: this.chainCode[i]!, eip: this.chainEip[i]! >>> 0 });
    return out;
  }

  /** Optional VMM intercept of exceptions and interrupts (see EventHook). */
  eventHook: EventHook | null = null;
  /** Software VMMs: stores to PAGE_WATCHED pages (see PageWriteHook). */
  pageWriteHook: PageWriteHook | null = null;
  /**
   * True while the page walk stores accessed/dirty bits into a paging structure: a PageWriteHook sees those
   * stores too and tells them from the guest's own writes by this flag (a shadow MMU keeps A/D itself).
   */
  pageWalkStore = false;
  /** Software VMMs' hole monitor: sensitive-but-unprivileged instructions about to run (see SensitiveHook). */
  sensitiveHook: SensitiveHook | null = null;
  /**
   * A software VMM's own memory (core/vmm/soft/vmm-area.ts), null otherwise: reached through the linear window
   * VMM_WINDOW_BASE.. (mapped by the page walk) at the same physical addresses; CPU stores there are ignored.
   */
  vmmMemory: Uint8Array | null = null;
  /**
   * Whether the page walk maps the VMM memory into every linear address space (software VMMs: true). The VT-x
   * VMM's memory holds its EPT, reached by the EPT walk at host-physical addresses only: false there.
   */
  vmmWindowLinear = true;
  /**
   * Under a VMM's shadow paging the real CR3 is a shadow root in VMM memory, filled lazily: peekTranslate (the
   * debugger, the VMM's own reads of guest memory) walks the guest's tables instead, at this CR3, or maps
   * linear = physical when it is PEEK_UNPAGED (the guest's paging is off). -1: the real CR3's tables are the guest's.
   */
  peekCr3 = -1;
  /** CPU stores into the VMM memory that were ignored (a guest poking the VMM's tables). */
  vmmWritesIgnored = 0;
  /** Bumped by the VMM when it rewrites code in its memory (BT's translation cache): fetches decode again. */
  vmmCodeGen = 0;
  /**
   * For the MMU inspector only (core/mmu-view): a VMM that runs the guest on its own tables (shadow paging) or
   * under EPT registers the guest's paging state here — virtual CR0.PG/CR3/CR4 and the EPT pointer. Null: the
   * CPU's own registers (and, in VMX non-root with EPT, the current VMCS) tell the whole story.
   */
  mmuContext: MmuContextProvider | null = null;

  /**
   * Software TLB: one entry per virtual page, (physical frame | TLB_* bits), 0 when empty. With VPIDs several
   * TLBs exist, one per (VPID, EPTP) context (tlb-contexts.ts): these fields are the current one's.
   */
  tlb: Int32Array = new Int32Array(1 << 20);
  tlbFilled: Int32Array = new Int32Array(TLB_TRACK);
  tlbCount = 0;
  tlbOverflow = false;
  pagingOn = false;
  /**
   * MMU counters (the stats JSON and the dashboards read them): translations the TLB answered, and the
   * paging-structure entries page walks read — every guest PDE/PTE and, under EPT, every EPT entry of the
   * two-dimensional walk (eptWalkRefs is that EPT part). TLB misses are the walks: eventCounts[COST_PAGE_WALK].
   */
  tlbHits = 0;
  walkRefs = 0;
  eptWalkRefs = 0;
  /** Whole-TLB flushes (CR3 loads, VM entries/exits without VPID, INVEPT/INVVPID contexts). */
  tlbFlushes = 0;
  /**
   * VMX non-root with "enable EPT": physical address of the EPT PML4 table (the EPTP's bits 31:12), else -1.
   * Set by VM entry, cleared by VM exit; walk() takes the two-dimensional walk (ept.ts) when it is >= 0.
   */
  eptRoot = -1;
  /** The AND of the R/W/X bits of the EPT entries of the last EPT translation (ept.ts scratch). */
  eptPerm = 0;
  /**
   * Bumped whenever a cached linear→decoded-page association may become wrong (TLB flush, INVLPG, CR0/CR3/
   * CR4 or CS change, code page dropped): the engine's fetch fast path is valid only within one epoch.
   */
  fetchEpoch = 0;

  /** Decoded instructions per physical RAM page (index = page number), each a 4096-slot array. */
  readonly codeCache: (Insn[] | undefined)[];
  /** Per code page: 1 for each byte some cached instruction covers (writes elsewhere on the page are plain). */
  readonly codeCover: (Uint8Array | undefined)[];
  /** Shared per-page code generations (multi-vCPU), else null; codeCacheGen: the generation each local page was decoded at. */
  readonly codeGen: Int32Array | null;
  readonly codeCacheGen: Int32Array;
  /**
   * Per RAM page, bumped whenever this vCPU's decodes of the page lose an instruction (a store over it, the
   * page dropped or evicted): translated blocks (core/jit) made from the page are valid for one value.
   */
  readonly codeWrites: Int32Array;
  /** How full the decoded-instruction cache is, and what it drops to stay bounded (code-cache.ts). */
  readonly codeCacheState: CodeCacheState;
  /** The default size the cached decodes were made for: true for a 16-bit code segment (CS.D = 0). */
  codeCache16 = false;
  /** Debugger breakpoints (linear addresses of instruction starts); checked only when non-empty. */
  /** Interrupts, exceptions and privilege changes, for the debugger and the UI (bounded, never allocates). */
  readonly trace = new EventTrace();
  readonly breakpoints = new Set<number>();
  /** breakpoints.size, kept as a plain field for the hot loop (debug.ts maintains it). */
  breakpointCount = 0;
  /** Linear pages holding a breakpoint: the engine's fast lane runs only on pages without one. */
  readonly breakpointPages = new Set<number>();

  /** Set by decoders of the current instruction: EIP of its first byte (faults restart there). */
  insnEip = 0;
  /** A handler asks the engine to treat this instruction as a block end (a sliced REP string op). */
  forceBlockEnd = false;
  /**
   * REP string instructions: the engine sets `repLimit` to the iterations the run's budget has room for; the
   * handler reports in `repExtra` the iterations it did beyond the first. Each iteration counts as an executed
   * instruction (as QEMU's -icount counts them), so limits and device time hold inside a long REP.
   */
  repLimit = 1;
  repExtra = 0;
  /** Set when `run()` must return after the current instruction (isa-debug-exit, triple fault, …). */
  stopReason = 0;
  tripleFault: { vector: number; eip: number; chain: FaultRecord[] } | null = null;

  /**
   * Debugger watchpoints (watch.ts), apart from the guest's own DR0–DR7: the memory path looks at them only
   * while `watchArmed` is set (one branch per access otherwise).
   */
  watchArmed = false;
  watches: readonly Watch[] = [];
  /** The first access of this instruction that hit a watch (the engine stops after the instruction), else null. */
  watchHit: WatchHit | null = null;
  /** A debug session stops the vCPU at a failed VM entry (cpu.debugEvent says why it stopped). */
  stopOnEntryFailure = false;
  /** What a STOP_DEBUG_EVENT stop was: DEBUG_EVENT_WATCH or DEBUG_EVENT_ENTRY_FAILURE (watch.ts). */
  debugEvent = 0;
  /** EIP of the instruction the debug event is about (the VMLAUNCH/VMRESUME whose entry failed). */
  debugEventEip = 0;

  /**
   * Atomic locked read-modify-write (CpuOptions.atomicRam); a worker thread of a multi-vCPU VM turns it on.
   * Off: locked instructions run as plain read-then-write, exact on one thread.
   */
  atomicRam = false;
  /** VM-wide lock word (index atomicLockIndex) shared by every vCPU of the VM, for split locks. */
  atomicLock: Int32Array = new Int32Array(1);
  atomicLockIndex = 0;

  /** The local APIC's IA32_APIC_BASE (RDMSR/WRMSR 0x1B and CPUID.1:EDX.APIC go through it), or null. */
  readonly apicMsr: ApicBaseMsr | null;

  readonly vmxEnabled: boolean;
  /** VMX operation: VMX_OFF, VMX_ROOT or VMX_NON_ROOT (core/vmx/vmx-state.ts); a plain number for the hot loop. */
  vmxMode = 0;
  /** The rest of the VMX state: VMXON region, current VMCS, the running guest's controls, exit counters. */
  readonly vmx = new VmxState();
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
    const pages = Math.ceil(this.ramSize / 4096);
    this.pageKind = options.sharedCode?.pageKind ?? new Uint8Array(pages);
    this.pageWatchers = options.sharedCode?.pageWatchers ?? new Uint16Array(pages);
    this.codeGen = options.sharedCode?.codeGen ?? null;
    this.codeCacheGen = new Int32Array(this.codeGen ? pages : 0);
    this.codeWrites = new Int32Array(pages);
    this.codeCache = new Array<Insn[] | undefined>(pages).fill(undefined);
    this.codeCover = new Array<Uint8Array | undefined>(pages).fill(undefined);
    this.codeCacheState = new CodeCacheState(options.codeCacheLimits ?? DEFAULT_CODE_CACHE_LIMITS, pages);
    for (let a = FIRMWARE_AREA_START; a < FIRMWARE_AREA_END && a < this.ramSize; a += 4096) this.pageKind[a >>> 12] = PAGE_FIRMWARE;
    this.apicId = options.apicId ?? 0;
    if (this.apicId !== 0) this.apicBase &= ~0x100;
    this.vmxEnabled = options.vmx ?? true;
    this.hypervisorPresent = options.hypervisorPresent ?? false;
    this.stopFlag = options.stopFlag ?? new Int32Array(1);
    this.stopIndex = options.stopIndex ?? 0;
    irq?.attachStopWord?.(this.stopFlag, this.stopIndex);
    this.costs = options.costs ?? null;
    this.pageCost = options.pageAccessCost ?? null;
    this.onFirstTouch = options.firstTouch ?? null;
    this.atomicRam = options.atomicRam ?? false;
    this.apicMsr = options.apicBaseMsr !== undefined ? options.apicBaseMsr : isApicBaseMsr(irq) ? irq : null;
    if (options.atomicLock) this.atomicLock = options.atomicLock;
    this.atomicLockIndex = options.atomicLockIndex ?? 0;
  }

  /** Per-page access cost (CpuOptions.pageAccessCost) and the counts it produces. */
  readonly pageCost: Uint16Array | null;
  readonly onFirstTouch: ((page: number) => void) | null;
  memAccesses = 0;
  remoteAccesses = 0;

  /** Events counted per cost kind (costs.ts); instructions are counted in `instructions`. */
  readonly eventCounts = new Float64Array(COST_KINDS);

  /** Charge one event of `kind` (costs.ts) to the cycle counter. */
  charge(kind: number): void {
    this.eventCounts[kind]!++;
    const c = this.costs;
    this.cycles += c ? c[kind]! : kind === COST_INSTRUCTION ? 1 : 0;
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

  /** Per 4 MiB region: 1 when the TLB may hold pieces of a 4 MiB page there (cleared by INVLPG there, full flushes). */
  tlbLarge: Uint8Array = new Uint8Array(1024);
  /** The TLB contexts tagged by VPID and EPTP (tlb-contexts.ts), created on the first VM entry with a VPID. */
  tlbContexts: TlbContexts | null = null;

  /** Remember a TLB fill so that a flush need not clear 4 MiB. */
  tlbTrack(vpn: number): void {
    if (this.tlbCount < TLB_TRACK) this.tlbFilled[this.tlbCount++] = vpn;
    else this.tlbOverflow = true;
  }

  /** Drop TLB entries: all of them, or (keepGlobal) all but global ones, as a CR3 load does. */
  flushTlb(keepGlobal: boolean): void {
    this.fetchEpoch++;
    this.tlbFlushes++;
    if (!keepGlobal) this.tlbLarge.fill(0); // (global large pages survive a CR3 load: their flags stay)
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
