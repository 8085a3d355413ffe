/**
 * The execution loop of one vCPU: fetch (through the decoded-instruction cache), execute through the
 * per-row handler table, deliver faults, and between blocks look at the outside world — the shared stop
 * word, pending external interrupts, device time.
 *
 *   run(budget) ──► instruction loop ──► block end? ──► stop word set?      → EXIT_STOPPED
 *                        │                    │           (only STOP_WORD_EVENT: take NMI/INIT/SIPI)
 *                        │                    │           NMI pending?       → deliver (not blocked, no shadow)
 *                        │                    │           interrupt pending? → deliver (IF=1, no shadow)
 *                        │                    └─────────► stopReason?        → EXIT_REQUESTED / TRIPLE_FAULT
 *                        └── HLT: wait for an interrupt or NMI, else EXIT_HALTED (also: waiting for SIPI)
 */
import { DECODE_OK, DECODE_TRUNCATED, DECODE_UNDEFINED, DecodedInsn, decode } from '../isa/decoder';
import { K, ROWS } from '../isa/rows';
import { Cpu, PAGE_RAM, PAGE_CODE, TLB_USER_READ, TLB_VALID } from './cpu';
import { Insn } from './insn';
import { ROW_BLOCK_END, ROW_HANDLERS, ROW_PRIVILEGED, ROW_VM_EXIT } from './dispatch';
import { prepareOperands, resolveOperands } from './resolve';
import { deliverExternalInterrupt, deliverNmi, deliverPendingException, deliverSoftInt, STOP_EXIT_REQUEST, STOP_TRIPLE_FAULT } from './exceptions';
import { STOP_DEBUG_EVENT } from './watch';
import { LINE_INIT, LINE_NMI, LINE_SIPI, STOP_WORD_EVENT } from '../machine/platform';
import { enterInitState, startupIpi } from './reset';
import { translate, ACC_FETCH, ACC_USER } from './paging';
import { flushTicks, noteCodePage, readPhys8 } from './memory';
import { AR_DB, CS, IF, RF, SS, TF } from './state';
import { setCurrentRow } from './exec-control';
import { COST_INSTRUCTION } from './costs';
import { ROW_XCHG_MEM, executeAtomic } from './atomic';
import { F_INT, classifyFast, execFast, execIntOrIret, isIntOrIret } from './fastpath';
import { codeSizeChanged, dropCodePage, makeRoomForCode } from './code-cache';
import { VMX_NON_ROOT } from '../vmx/vmx-state';
import { inVmmWindow, VMM_WINDOW_BASE, VMM_WINDOW_BYTES } from './vmm-window';
import { boundaryExit, externalInterruptExiting, instructionExit, noteDebugException } from '../vmx/nonroot';
import { JIT_FORCE, JIT_OFF, type JitMode } from '../jit/modes';
import { BlockCache, SELF_MODIFYING_PAGE } from '../jit/block-cache';
import { assumptionKey, translateBlock, MAX_BLOCK_INSNS, type BlockCode } from '../jit/translate';
import { REGION_BLOCK_END, REGION_CHECKED, REGION_WARM_BUDGET, REGION_WARM_CALLS } from '../jit/region';
import { POLL_CYCLES, TICK_BATCH } from './engine-constants';

export const EXIT_BUDGET = 0, EXIT_HALTED = 1, EXIT_STOPPED = 2, EXIT_REQUESTED = 3, EXIT_TRIPLE_FAULT = 4,
  EXIT_BREAKPOINT = 5, EXIT_DEBUG_EVENT = 6;
export const EXIT_NAMES = ['budget', 'halted', 'stopped', 'exit-requested', 'triple-fault', 'breakpoint', 'debug-event'] as const;
export type ExitReason = typeof EXIT_BUDGET | typeof EXIT_HALTED | typeof EXIT_STOPPED | typeof EXIT_REQUESTED |
  typeof EXIT_TRIPLE_FAULT | typeof EXIT_BREAKPOINT | typeof EXIT_DEBUG_EVENT;

export { COST_INSTRUCTION } from './costs';

export interface EngineOptions {
  /** Translate hot blocks into JavaScript (core/jit, docs/translator.md); default JIT_OFF. */
  readonly jit?: JitMode;
}

/** Times a block start is reached before it is translated (JIT_ON). */
export const JIT_HOT = 16;

const UD = 6, GP = 13, DB_VECTOR = 1;
/** Cycles a halted vCPU lets pass between looks at its interrupt line. */
const HALT_STEP = 256;
/**
 * Rows that accept LOCK (with a memory operand): the isa table's `lockable` flag, narrowed to forms whose
 * destination is the ModRM memory operand (E or M first), plus XCHG with memory in either order. The table
 * also marks the Gv,Ev / AL,Ib / eAX,Iz / +r forms lockable, which the SDM does not: those raise #UD here.
 */
const LOCKABLE = new Uint8Array(ROWS.length);
for (const r of ROWS) {
  const k0 = r.operands[0]?.kind;
  const memDest = k0 === K.E || k0 === K.M;
  const xchgMem = r.entry.m === 'xchg' && r.operands.some((o) => o.kind === K.E);
  LOCKABLE[r.id] = r.lockable && (memDest || xchgMem) ? 1 : 0;
}

export class Engine {
  private readonly dec = new DecodedInsn();
  /** For instructions that cross a page or come from outside RAM: decoded every time, never cached. */
  private readonly scratchInsn = new Insn();
  private readonly scratch = new Uint8Array(16);
  /** Skip the breakpoint at this EIP once (resume after a breakpoint stop). */
  private resumeFrom = -1;
  /** Fetch fast path: the decoded-instruction page of the last fetched linear page, valid for one epoch. */
  private fLinPage = -1;
  /** Decodes of the VMM memory (fetchVmm), per 4 KiB page, valid for cpu.vmmCodeGen = vmmGen. */
  private readonly vmmPages: ((Insn | undefined)[] | undefined)[] = new Array<(Insn | undefined)[] | undefined>(VMM_WINDOW_BYTES >>> 12);
  private vmmGen = -1;
  private vmmCode16 = false;
  private fPpn = 0;
  private fPage: Insn[] | undefined = undefined;
  private fEpoch = -1;

  /** The translator's mode (JIT_OFF: interpret only) and its cache of translated blocks. */
  readonly jit: JitMode;
  readonly blocks: BlockCache | null;
  /** Set by lane() when it stopped at a block end, its checks done, for the translator to look at the next block. */
  private laneAtBlockStart = false;
  /** Translated instructions left before jitLane looks at what other threads post (POLL_CYCLES). */
  private jitPoll = POLL_CYCLES;
  /**
   * The last run() ended at its budget, likely inside a block (the interpreter runs what a region cannot fit).
   * Where the next run starts is no block start: jitLane does not count it towards translating a block there,
   * or every quantum end inside a hot loop would add a block and compile the loop's region again.
   */
  private resumedAfterBudget = false;
  private readonly blockInsns: Insn[] = [];
  private readonly blockEips: number[] = [];

  constructor(readonly cpu: Cpu, options: EngineOptions = {}) {
    this.jit = options.jit ?? JIT_OFF;
    this.blocks = this.jit !== JIT_OFF ? new BlockCache(cpu.codeCache.length, cpu.codeGen !== null) : null;
  }

  /** Execute up to `budget` instructions. */
  run(budget: number): ExitReason {
    const cpu = this.cpu;
    const costs = cpu.costs;
    const insnCost = costs ? costs[COST_INSTRUCTION]! : 1;
    if (cpu.tripleFault !== null) return EXIT_TRIPLE_FAULT; // shut down until reset (applyEntryState)
    let n = 0;
    cpu.stopReason = 0;
    this.takeEvents(); // the runner may have cleared the stop word: requests wait in the line regardless
    while (n < budget) {
      if (cpu.halted) {
        if (Atomics.load(cpu.stopFlag, cpu.stopIndex) === STOP_WORD_EVENT) {
          this.takeEvents();
          if (!cpu.halted) continue; // a start-up IPI started it
        }
        if (cpu.nmiPending && !cpu.nmiBlocked && !cpu.waitForSipi) { // an NMI wakes HLT whatever IF says
          deliverNmi(cpu);
          if (cpu.stopReason) return this.stopExit();
          continue;
        }
        // In VMX non-root with external-interrupt exiting, an interrupt ends the halt (as a VM exit) even with IF = 0.
        const extExit = cpu.vmxMode === VMX_NON_ROOT && externalInterruptExiting(cpu);
        if (cpu.waitForSipi || ((cpu.eflags & IF) === 0 && !extExit) || !cpu.irq) return EXIT_HALTED;
        // Time passes while halted, in small steps so the interrupt arrives (and RDTSC reads) on time;
        // waiting uses up the budget like instructions do.
        const irq = cpu.irq;
        flushTicks(cpu);
        let v = irq.pendingVector();
        while (v < 0 && n < budget) {
          const stop = Atomics.load(cpu.stopFlag, cpu.stopIndex);
          if (stop === STOP_WORD_EVENT) break; // an NMI/INIT/SIPI: taken at the top
          if (stop !== 0) return EXIT_STOPPED;
          const step = Math.min(HALT_STEP, budget - n);
          irq.tick(step);
          cpu.cycles += step;
          n += step;
          v = irq.pendingVector();
        }
        if (v < 0) {
          if (n < budget) continue; // an NMI/INIT/SIPI came: taken at the top
          return EXIT_HALTED;
        }
        if (extExit) {
          boundaryExit(cpu);
          if (cpu.stopReason) return this.stopExit();
          continue;
        }
        irq.acknowledge(v);
        deliverExternalInterrupt(cpu, v);
        if (cpu.stopReason) return this.stopExit();
        continue;
      }
      if (!cpu.interruptShadow && ((cpu.eflags & (TF | RF)) | cpu.drExecMask) === 0) {
        if (this.jit !== JIT_OFF) {
          const j = this.jitLane(n, budget, insnCost);
          if (j < 0) {
            n = -j - 1;
            if (cpu.stopReason) return this.stopExit();
            const x = this.endOfBlock();
            if (x >= 0) return x as ExitReason;
            continue;
          }
          n = j;
          if (cpu.stopReason) return this.stopExit();
          if (n >= budget) break;
        }
        const m = this.lane(n, budget, insnCost);
        if (m < 0) {
          n = -m - 1;
          if (cpu.stopReason) return this.stopExit();
          const x = this.endOfBlock();
          if (x >= 0) return x as ExitReason;
          continue;
        }
        n = m;
        if (cpu.stopReason) return this.stopExit();
        if (n >= budget) break;
        if (this.laneAtBlockStart) { this.laneAtBlockStart = false; continue; } // a block start: the translator's turn
      }
      const eip = cpu.eip;
      cpu.insnEip = eip;
      if (cpu.breakpointCount > 0 && cpu.breakpoints.has((cpu.segBase[CS]! + eip) | 0) && eip !== this.resumeFrom) {
        this.resumeFrom = eip;
        return EXIT_BREAKPOINT;
      }
      this.resumeFrom = -1;
      // This instruction is the one an STI / MOV SS shadow covers: after it, interrupts are looked at again.
      if (cpu.interruptShadow) {
        cpu.shadowedInsn = cpu.instructions; cpu.shadowByMovSs = cpu.debugShadow;
        cpu.interruptShadow = false; cpu.debugShadow = false; cpu.forceBlockEnd = true;
      }
      const singleStep = (cpu.eflags & TF) !== 0;
      // Debug-register instruction breakpoints and the resume flag (rare: one test when neither is in use).
      const rfAtStart = cpu.eflags & RF;
      if ((cpu.drExecMask | rfAtStart) !== 0 && rfAtStart === 0 && this.instructionBreakpoint(eip)) {
        deliverPendingException(cpu);
        n++;
        if (cpu.stopReason) return this.stopExit(); // a triple fault, or a VM exit whose VMM stops the run
        continue;
      }
      const insn = this.fetch();
      let blockEnd = true;
      if (insn !== null) {
        const row = insn.row;
        cpu.eip = (eip + insn.len) | 0;
        if (insn.fast !== 0) execFast(cpu, insn);
        else if (cpu.vmxMode === VMX_NON_ROOT && ROW_VM_EXIT[row]! >= 0 && instructionExit(cpu, insn, row)) {
          // A VM exit instead of the instruction (or a fault that comes before it): the host runs next, or
          // the guest the built-in VMM re-entered. Not counted as an executed instruction.
          n++;
          if (cpu.exc >= 0) deliverPendingException(cpu);
          if (cpu.stopReason) return this.stopExit();
          const x = this.endOfBlock();
          if (x >= 0) return x as ExitReason;
          continue;
        }
        else if (ROW_PRIVILEGED[row] === 1 && cpu.cpl !== 0) cpu.raise(GP, 0);
        else if (insn.lock && (LOCKABLE[row] === 0 || insn.mod === 3)) cpu.raise(UD);
        else if (resolveOperands(cpu, insn)) {
          setCurrentRow(row);
          cpu.repLimit = budget - n;
          if (insn.atomic && cpu.atomicRam) executeAtomic(cpu, insn, row);
          else ROW_HANDLERS[row]!(cpu, insn, row);
        }
        blockEnd = ROW_BLOCK_END[row] === 1 || cpu.forceBlockEnd;
        cpu.forceBlockEnd = false;
      }
      n++;
      cpu.instructions++;
      cpu.cycles += insnCost;
      cpu.pendingTicks += insnCost;
      if (cpu.repExtra !== 0) { // the further iterations of a REP string instruction
        const k = cpu.repExtra;
        cpu.repExtra = 0;
        n += k;
        cpu.instructions += k;
        cpu.cycles += k * insnCost;
        cpu.pendingTicks += k * insnCost;
      }
      if (rfAtStart !== 0 && cpu.exc < 0) cpu.eflags &= ~RF; // RF lasts for one completed instruction
      if (singleStep && cpu.exc < 0 && !cpu.debugShadow) {
        // Single-step trap after the instruction: #DB with DR6.BS, EIP past the instruction.
        if (cpu.vmxMode === VMX_NON_ROOT) noteDebugException(cpu, 0x4000);
        cpu.dr[6] = cpu.dr[6]! | 0x4000;
        cpu.raise(DB_VECTOR);
        cpu.excTrap = true;
      }
      if (cpu.exc >= 0) { deliverPendingException(cpu); blockEnd = true; }
      if (cpu.stopReason) return this.stopExit();
      if (blockEnd) {
        const x = this.endOfBlock();
        if (x >= 0) return x as ExitReason;
      }
    }
    flushTicks(cpu);
    this.resumedAfterBudget = true;
    return EXIT_BUDGET;
  }

  /**
   * Fast lane: run straight through cached fast-form instructions (fastpath.ts) of the last fetched page
   * while nothing per-instruction needs looking at (no breakpoint on this page, no TF, RF, DR execution
   * breakpoints or interrupt shadow). Leaves at the first instruction that is not cached or not a fast form,
   * at a block end, a fault, or the budget. Returns the new instruction count, negated minus one when the block-end
   * checks (stop word, interrupts) are due.
   */
  private lane(n: number, budget: number, insnCost: number): number {
    const cpu = this.cpu;
    const page = this.fPage;
    if (page === undefined || this.fEpoch !== cpu.fetchEpoch) return n;
    if (cpu.breakpointCount !== 0 && cpu.breakpointPages.has(this.fLinPage)) return n; // checked per instruction there
    const gen = cpu.codeGen, ppn = this.fPpn;
    if (gen !== null && gen[ppn] !== cpu.codeCacheGen[ppn]) return n;
    const base = cpu.segBase[CS]!, limit = cpu.segLimit[CS]!, linPage = this.fLinPage, epoch = this.fEpoch;
    while (n < budget) {
      const eip = cpu.eip;
      if ((eip >>> 0) > limit) break;
      const lin = (base + eip) | 0;
      if ((lin & ~0xfff) !== linPage) break;
      const insn = page[lin & 0xfff];
      if (insn === undefined || insn.fast === 0) break;
      this.resumeFrom = -1;
      cpu.insnEip = eip;
      cpu.eip = (eip + insn.len) | 0;
      execFast(cpu, insn);
      n++;
      cpu.instructions++;
      cpu.cycles += insnCost;
      cpu.pendingTicks += insnCost;
      if (cpu.exc >= 0) {
        deliverPendingException(cpu);
        // INT n (or a faulting IRET) has delivered its event: chain on like after any block end, unless run()
        // has something to look at first.
        if (!isIntOrIret(insn) || cpu.stopReason || !this.plainStep()) return -n - 1;
      } else if (cpu.stopReason) break;
      if (ROW_BLOCK_END[insn.row] === 1 || cpu.forceBlockEnd) {
        cpu.forceBlockEnd = false;
        // Chain straight into the next block when the block-end checks have nothing to do; otherwise the
        // caller runs them (endOfBlock: stop word, interrupt delivery). The stop word is read plainly here: V8
        // calls a builtin for Atomics.load (3 % of a system call's round trip), a store another thread made
        // shows in a plain read as soon, and endOfBlock reads the word again atomically before acting on it.
        if (cpu.stopFlag[cpu.stopIndex] !== 0) return -n - 1;
        if ((cpu.eflags & (TF | RF)) !== 0) return -n - 1; // IRET may have set them: per-instruction checks again
        if (cpu.vmxMode === VMX_NON_ROOT) return -n - 1; // interrupt-window / external-interrupt exiting: endOfBlock
        const irq = cpu.irq;
        if (irq !== null) {
          if (cpu.pendingTicks >= TICK_BATCH) flushTicks(cpu);
          if ((cpu.eflags & IF) !== 0 && irq.pendingVector() >= 0) return -n - 1;
        }
        // Code another vCPU wrote is looked for between blocks, not after every instruction: more than the
        // SDM asks (cross-modified code is only guaranteed after a serializing instruction, SDM 8.1.3).
        if (gen !== null && gen[ppn] !== cpu.codeCacheGen[ppn]) break;
        if (this.jit !== JIT_OFF) { this.laneAtBlockStart = true; break; }
      }
      // A store of ours may have dropped this page's decodes (another epoch).
      if (cpu.fetchEpoch !== epoch) break;
    }
    return n;
  }

  /**
   * Translated blocks (core/jit): run the block at CS:EIP, and the blocks after it while each ends at a block
   * end whose checks (stop word, TF/RF, VMX non-root, interrupts) have nothing to do — the same chaining as
   * lane(). A block start that is not hot yet, or where the translator takes no instruction, is left to the
   * interpreter. Returns the new instruction count, negated minus one when the block-end checks are due.
   */
  private jitLane(n: number, budget: number, insnCost: number): number {
    const cpu = this.cpu;
    const cache = this.blocks!;
    const gen = cpu.codeGen;
    const resumed = this.resumedAfterBudget;
    this.resumedAfterBudget = false;
    // Blocks are made for a flat 32-bit code segment (no limit checks on branch targets). Translated code
    // changes neither CS nor anything else in the key: both are looked at again only after INT n or IRET.
    if (cpu.segLimit[CS] !== 0xffffffff || (cpu.segAr[CS]! & AR_DB) === 0 || cpu.codeCache16) return n;
    let key = assumptionKey(cpu.cpl, cpu.pagingOn, (cpu.segAr[SS]! & AR_DB) !== 0, cpu.flatMask);
    while (n < budget) {
      const eip = cpu.eip;
      const lin = (cpu.segBase[CS]! + eip) | 0;
      if (((lin & ~0xfff) !== this.fLinPage || this.fEpoch !== cpu.fetchEpoch) && !this.jitCodePage(lin)) return n;
      const ppn = this.fPpn;
      if (gen !== null && gen[ppn] !== cpu.codeCacheGen[ppn]) return n; // fetch drops the page's decodes first
      if (cpu.breakpointCount !== 0 && cpu.breakpointPages.has(this.fLinPage)) return n;
      const off = lin & 0xfff;
      const pg = cache.page(cpu, ppn, key, (eip - off) | 0);
      if (pg.rewrites > SELF_MODIFYING_PAGE) return n; // self-modifying code: interpreted
      // The translator leaves INT n and IRET to the interpreter (a refused offset, or where a block stops): they
      // run here (lane()'s way), and the loop chains on, so that a system call's round trip stays in this loop
      // instead of going through run() and lane().
      let call: Insn | undefined;
      let at = pg.index[off]!;
      if (at < 0) {
        call = this.fPage![off];
        if (call === undefined || !isIntOrIret(call) || !this.plainStep()) return n;
      } else if (at === 0) {
        if (!cache.hasRoom(pg)) return n;
        if (this.jit !== JIT_FORCE) {
          if (resumed && n === 0) return n; // where a run cut short by its budget goes on
          const h = pg.heat[off]!;
          if (h < JIT_HOT) { pg.heat[off] = h + 1; return n; }
        }
        cache.makeRoom();
        const code = this.translateAt(ppn, off, eip);
        if (code === null) { cache.refuse(pg, off); return n; }
        cache.add(pg, ppn, off, code);
        at = pg.index[off]!;
      }
      let checked = false;
      if (call === undefined) {
        // A region's first calls are short (REGION_WARM_CALLS of at most REGION_WARM_BUDGET instructions, cut at a
        // block end, where the engine may always stop): V8 sees every way through the function — its exit, its
        // between-block checks — before it optimizes it. Optimized on the stack during one long first run, it
        // would lack their types and deoptimize on each of them, every time (about half the speed).
        const left = pg.calls++ < REGION_WARM_CALLS ? Math.min(budget - n, REGION_WARM_BUDGET) : budget - n;
        const r = pg.fn!(cpu, insnCost, left, at - 1);
        const k = r >>> 2;
        // No room in the budget for the block: the interpreter runs what is left. (A region that stopped in front
        // of INT n or IRET at once, at its empty block, returns 0 without a block end: the call runs below.)
        if (k === 0 && (r & REGION_BLOCK_END) !== 0) return n;
        n += k;
        cache.instructions += k;
        this.resumeFrom = -1;
        if (cpu.exc >= 0) { deliverPendingException(cpu); return -n - 1; }
        if (cpu.stopReason) return n;
        if ((r & REGION_BLOCK_END) === 0) { // stopped before an instruction left to the interpreter: INT n or IRET on this page?
          const next = (cpu.segBase[CS]! + cpu.eip) | 0;
          if ((next & ~0xfff) !== this.fLinPage || this.fEpoch !== cpu.fetchEpoch || n >= budget) return n;
          if (gen !== null && gen[ppn] !== cpu.codeCacheGen[ppn]) return n;
          call = this.fPage![next & 0xfff];
          if (call === undefined || !isIntOrIret(call) || !this.plainStep()) return n;
        } else {
          // The region made the between-block checks where they were due (region.ts); what other threads post
          // is looked at every POLL_CYCLES instructions.
          checked = (r & REGION_CHECKED) !== 0 && (this.jitPoll -= k) > 0;
        }
      }
      if (call !== undefined) {
        n = this.stepCall(call, n, insnCost);
        if (n < 0) return n;
        if (cpu.stopReason) return n;
        // INT n and IRET load CS and SS and change CPL: the lane's assumptions are made again.
        if (cpu.segLimit[CS] !== 0xffffffff || (cpu.segAr[CS]! & AR_DB) === 0 || cpu.codeCache16) return n;
        key = assumptionKey(cpu.cpl, cpu.pagingOn, (cpu.segAr[SS]! & AR_DB) !== 0, cpu.flatMask);
      }
      cpu.forceBlockEnd = false;
      if (checked) continue;
      this.jitPoll = POLL_CYCLES;
      // A block end: the checks lane() makes before chaining into the next block (the stop word read as there).
      if (cpu.stopFlag[cpu.stopIndex] !== 0) return -n - 1;
      if ((cpu.eflags & (TF | RF)) !== 0) return -n - 1;
      if (cpu.vmxMode === VMX_NON_ROOT) return -n - 1;
      const irq = cpu.irq;
      if (irq !== null) {
        if (cpu.pendingTicks >= TICK_BATCH) flushTicks(cpu);
        if ((cpu.eflags & IF) !== 0 && irq.pendingVector() >= 0) return -n - 1;
      }
    }
    return n;
  }

  /**
   * Run INT n or IRET (isIntOrIret) at CS:EIP as lane() would, its event delivered: the new instruction count,
   * negated minus one when run() must look at something before going on.
   */
  private stepCall(call: Insn, n: number, insnCost: number): number {
    const cpu = this.cpu;
    const at = cpu.eip;
    this.resumeFrom = -1;
    cpu.insnEip = at;
    cpu.eip = (at + call.len) | 0;
    const int = call.fast === F_INT;
    if (!int) execIntOrIret(cpu, call); // IRET; INT n is delivered once it is counted, as a raised one would be
    n++;
    cpu.instructions++;
    cpu.cycles += insnCost;
    cpu.pendingTicks += insnCost;
    if (int) deliverSoftInt(cpu, call.fastV);
    else if (cpu.exc >= 0) deliverPendingException(cpu); // IRET faulted
    else return n;
    // run() looks at these first (an event hook or a VM exit may have set them).
    if (cpu.stopReason || !this.plainStep()) return -n - 1;
    return n;
  }

  /** Nothing per-instruction to look at (run()'s condition for the lanes): no halt, shadow, TF/RF or DR breakpoints. */
  private plainStep(): boolean {
    const cpu = this.cpu;
    return !cpu.halted && !cpu.interruptShadow && ((cpu.eflags & (TF | RF)) | cpu.drExecMask) === 0;
  }

  /**
   * Point the fetch fast path at the cached decodes of `lin`'s page when the TLB already maps it (what fetch()
   * does on a TLB hit, with the same count of TLB hits, decoding the instruction there if it is not yet);
   * false when only fetch() can (a walk, a fault, a page without decodes, bytes that do not decode).
   */
  private jitCodePage(lin: number): boolean {
    const cpu = this.cpu;
    let phys: number;
    if (cpu.pagingOn) {
      const e = cpu.tlb[lin >>> 12]!;
      if ((e & (cpu.cpl === 3 ? TLB_USER_READ : TLB_VALID)) === 0) return false;
      phys = ((e & ~0xfff) | (lin & 0xfff)) >>> 0;
    } else phys = lin >>> 0;
    if (phys >= cpu.ramSize) return false;
    const ppn = phys >>> 12;
    const page = cpu.codeCache[ppn];
    if (page === undefined || (cpu.codeGen !== null && cpu.codeGen[ppn] !== cpu.codeCacheGen[ppn])) return false;
    // fetch() would also decode the instruction here if it is not yet: so do we (or leave it to fetch).
    if (page[phys & 0xfff] === undefined && this.decodeInto(ppn, phys, false) === null) return false;
    if (cpu.pagingOn) cpu.tlbHits++;
    this.fLinPage = lin & ~0xfff; this.fPage = page; this.fEpoch = cpu.fetchEpoch; this.fPpn = ppn;
    return true;
  }

  /** Translate the block at offset `off` of physical page `ppn` (EIP `eip`), decoding what is not decoded yet. */
  private translateAt(ppn: number, off: number, eip: number): BlockCode | null {
    const cpu = this.cpu;
    const insns = this.blockInsns, eips = this.blockEips;
    insns.length = 0; eips.length = 0;
    let o = off;
    while (o < 4096 && insns.length < MAX_BLOCK_INSNS) {
      const page = cpu.codeCache[ppn];
      if (page === undefined) break;
      const d = page[o] ?? this.decodeInto(ppn, (ppn << 12) + o, false);
      if (d === null) break;
      insns.push(d); eips.push((eip + o - off) | 0);
      if (ROW_BLOCK_END[d.row] === 1) break;
      o += d.len;
    }
    const a = {
      cpl: cpu.cpl, pagingOn: cpu.pagingOn, flatMask: cpu.flatMask, stack32: (cpu.segAr[SS]! & AR_DB) !== 0,
      ramSize: cpu.ramSize, numa: cpu.pageCost !== null, ppn, codeWrites: cpu.codeWrites[ppn]!,
    };
    return translateBlock(insns, eips, a);
  }

  /** Between blocks: the shared stop word, device time, a pending external interrupt. -1 to go on. */
  private endOfBlock(): number {
    const cpu = this.cpu;
    const stop = Atomics.load(cpu.stopFlag, cpu.stopIndex);
    if (stop !== 0) {
      if (stop !== STOP_WORD_EVENT) return EXIT_STOPPED;
      this.takeEvents();
    }
    if (cpu.nmiPending && !cpu.nmiBlocked && !cpu.interruptShadow && !cpu.halted) {
      deliverNmi(cpu);
      return cpu.stopReason ? this.stopExit() : -1;
    }
    // VMX non-root: interrupt-window and external-interrupt exits come before delivery to the guest's IDT.
    if (cpu.vmxMode === VMX_NON_ROOT && boundaryExit(cpu)) return cpu.stopReason ? this.stopExit() : -1;
    const irq = cpu.irq;
    if (irq) {
      // Device time advances in batches; any MMIO or port access flushes first, so the guest never
      // reads a stale timer, and a timer interrupt arrives at most TICK_BATCH cycles late.
      if (cpu.pendingTicks >= TICK_BATCH) flushTicks(cpu);
      // The shadow of STI / MOV SS covers one instruction: interruptShadow is set while it is pending
      // (the instruction that set it just completed); once the covered one completes, it is clear.
      if ((cpu.eflags & IF) !== 0 && !cpu.interruptShadow) {
        const v = irq.pendingVector();
        if (v >= 0) {
          irq.acknowledge(v);
          deliverExternalInterrupt(cpu, v);
          if (cpu.stopReason) return this.stopExit();
        }
      }
    }
    return -1;
  }

  /**
   * NMI, INIT and start-up requests posted for this vCPU (InterruptLine.takeEvents), in that order of effect:
   * INIT parks it in wait-for-SIPI (an AP; the BSP restarts at the reset vector), a start-up IPI starts a
   * waiting vCPU, an NMI is latched (one only) until NMIs are unblocked. INIT is ignored in VMX operation
   * (blocked in root operation, SDM Vol. 3 24.8; the INIT-signal VM exit is not modelled).
   */
  private takeEvents(): void {
    const cpu = this.cpu;
    if ((Atomics.load(cpu.stopFlag, cpu.stopIndex) & STOP_WORD_EVENT) !== 0) Atomics.and(cpu.stopFlag, cpu.stopIndex, ~STOP_WORD_EVENT);
    // An NMI still waiting (the runner cleared the stop word after IRET asked for it): look at the next block end.
    if (cpu.nmiPending && !cpu.nmiBlocked) Atomics.or(cpu.stopFlag, cpu.stopIndex, STOP_WORD_EVENT);
    const irq = cpu.irq;
    if (irq === null || irq.takeEvents === undefined) return;
    const events = irq.takeEvents();
    if (events === 0) return;
    // A software VMM (cpu.vmmMemory) takes INIT as VMX operation does: the deprivileged guest cannot be put
    // back into real mode, so its vCPU goes on (and a start-up IPI finds it running, as under --mode vtx).
    if ((events & LINE_INIT) !== 0 && cpu.vmxMode === 0 && cpu.vmmMemory === null) {
      irq.initReset?.();
      enterInitState(cpu, ((cpu.apicMsr?.readBaseMsr() ?? cpu.apicBase) & 0x100) !== 0);
      this.fLinPage = -1;
    }
    if ((events & LINE_SIPI) !== 0) startupIpi(cpu, (events >>> 8) & 0xff);
    if ((events & LINE_NMI) !== 0 && !cpu.waitForSipi) {
      cpu.nmiPending = true;
      if (!cpu.nmiBlocked) Atomics.or(cpu.stopFlag, cpu.stopIndex, STOP_WORD_EVENT);
    }
  }

  /** DR0–DR3 execution breakpoints enabled in DR7: #DB (a fault) with DR6.Bn when EIP's address matches. */
  private instructionBreakpoint(eip: number): boolean {
    const cpu = this.cpu;
    const lin = (cpu.segBase[CS]! + eip) | 0;
    let hit = 0;
    for (let i = 0; i < 4; i++) if (((cpu.drExecMask >> i) & 1) !== 0 && cpu.dr[i] === lin) hit |= 1 << i;
    if (hit === 0) return false;
    if (cpu.vmxMode === VMX_NON_ROOT) noteDebugException(cpu, hit);
    cpu.dr[6] = (cpu.dr[6]! & ~0xf) | hit;
    cpu.raise(DB_VECTOR);
    return true;
  }

  /**
   * An instruction in the software VMM's memory (BT's translation cache): decoded once per offset and kept
   * until the VMM bumps cpu.vmmCodeGen (it rewrote code there). The window is contiguous and the same at
   * every linear address, so an instruction may cross its pages.
   */
  private fetchVmm(phys: number, code16: boolean): Insn | null {
    const cpu = this.cpu;
    if (this.vmmGen !== cpu.vmmCodeGen || this.vmmCode16 !== code16) {
      this.vmmPages.fill(undefined);
      this.vmmGen = cpu.vmmCodeGen;
      this.vmmCode16 = code16;
    }
    const off = phys - VMM_WINDOW_BASE;
    const pi = off >>> 12;
    let page = this.vmmPages[pi];
    if (page === undefined) page = this.vmmPages[pi] = new Array<Insn | undefined>(4096);
    const hit = page[off & 0xfff];
    if (hit !== undefined) return hit;
    const mem = cpu.vmmMemory!;
    const st = decode(mem, off, Math.min(off + 15, mem.length), this.dec, code16);
    if (st !== DECODE_OK) return this.decodeFail(st);
    const insn = new Insn();
    insn.copyFrom(this.dec);
    if (ROW_XCHG_MEM[insn.row] === 1 && insn.mod !== 3) insn.atomic = true;
    prepareOperands(insn);
    classifyFast(insn);
    page[off & 0xfff] = insn;
    return insn;
  }

  private stopExit(): ExitReason {
    const r = this.cpu.stopReason;
    return r === STOP_TRIPLE_FAULT ? EXIT_TRIPLE_FAULT : r === STOP_EXIT_REQUEST ? EXIT_REQUESTED
      : r === STOP_DEBUG_EVENT ? EXIT_DEBUG_EVENT : EXIT_STOPPED;
  }

  /** The instruction at CS:EIP, or null after raising a fault (#GP limit, #PF, #UD). */
  private fetch(): Insn | null {
    const cpu = this.cpu;
    const eip = cpu.eip;
    if ((eip >>> 0) > cpu.segLimit[CS]!) { cpu.raise(GP, 0); return null; }
    const lin = (cpu.segBase[CS]! + eip) | 0;
    if ((lin & ~0xfff) === this.fLinPage && this.fEpoch === cpu.fetchEpoch &&
        (cpu.codeGen === null || cpu.codeGen[this.fPpn] === cpu.codeCacheGen[this.fPpn])) {
      const hit = this.fPage![lin & 0xfff];
      if (hit !== undefined) return hit;
    }
    const code16 = (cpu.segAr[CS]! & AR_DB) === 0;
    if (code16 !== cpu.codeCache16) codeSizeChanged(cpu, code16);
    const acc = cpu.cpl === 3 ? ACC_USER | ACC_FETCH : ACC_FETCH;
    const phys = translate(cpu, lin, acc);
    if (phys < 0) return null;
    if (phys < cpu.ramSize) {
      const ppn = phys >>> 12;
      let page = cpu.codeCache[ppn];
      if (page !== undefined && cpu.codeGen !== null && cpu.codeGen[ppn] !== cpu.codeCacheGen[ppn]) {
        dropCodePage(cpu, ppn); // another vCPU wrote to this page
        page = undefined;
        if (this.fPpn === ppn) this.fLinPage = -1; // and the fast path must not keep serving the dropped page
      }
      if (page !== undefined) {
        this.fLinPage = lin & ~0xfff; this.fPage = page; this.fEpoch = cpu.fetchEpoch; this.fPpn = ppn;
        const hit = page[phys & 0xfff];
        if (hit !== undefined) return hit;
      }
      const insn = this.decodeInto(ppn, phys, code16);
      if (insn !== null) {
        if (page === undefined) { this.fLinPage = lin & ~0xfff; this.fPage = cpu.codeCache[ppn]; this.fEpoch = cpu.fetchEpoch; this.fPpn = ppn; }
        return insn;
      }
      const st = this.decodeStatus;
      if (st !== DECODE_TRUNCATED || (phys | 0xfff) + 1 > cpu.ramSize) return this.decodeFail(st);
    }
    if (cpu.vmmMemory !== null && inVmmWindow(cpu, phys)) return this.fetchVmm(phys, code16);
    // Crosses a page boundary or lies outside RAM: gather 15 bytes (translating the next page if needed).
    const buf = this.scratch;
    let n = 0;
    for (; n < 15; n++) {
      const a = (lin + n) | 0;
      let p: number;
      if (((a ^ lin) & ~0xfff) === 0) p = phys + n;
      else {
        // Only touch the next page if the instruction really extends into it.
        const st = decode(buf, 0, n, this.dec, code16);
        if (st !== DECODE_TRUNCATED) break;
        p = translate(cpu, a, acc);
        if (p < 0) return null;
      }
      buf[n] = readPhys8(cpu, p);
    }
    const st = decode(buf, 0, n, this.dec, code16);
    if (st !== DECODE_OK) return this.decodeFail(st);
    this.scratchInsn.copyFrom(this.dec);
    if (ROW_XCHG_MEM[this.scratchInsn.row] === 1 && this.scratchInsn.mod !== 3) this.scratchInsn.atomic = true;
    return this.scratchInsn;
  }

  /** Status of the last decodeInto that returned null. */
  private decodeStatus = DECODE_OK;

  /**
   * Decode the instruction at physical `phys` (in RAM page `ppn`, not crossing it) into the decoded-instruction
   * cache, caching the page first if needed; null (status in decodeStatus) when the bytes do not decode there.
   */
  private decodeInto(ppn: number, phys: number, code16: boolean): Insn | null {
    const cpu = this.cpu;
    const end = Math.min((phys | 0xfff) + 1, cpu.ramSize);
    // Generation before reading the bytes: a concurrent write after this point invalidates what we decode.
    const genBefore = cpu.codeGen !== null ? Atomics.load(cpu.codeGen, ppn) : 0;
    const st = decode(cpu.ram, phys, end, this.dec, code16);
    if (st !== DECODE_OK) { this.decodeStatus = st; return null; }
    const insn = cpu.codeCacheState.newInsn();
    insn.copyFrom(this.dec);
    if (ROW_XCHG_MEM[insn.row] === 1 && insn.mod !== 3) insn.atomic = true;
    prepareOperands(insn);
    classifyFast(insn);
    let pg = cpu.codeCache[ppn];
    if (pg === undefined) {
      makeRoomForCode(cpu); // (never drops this page: it is not cached)
      pg = cpu.codeCacheState.newSlots();
      cpu.codeCache[ppn] = pg;
      cpu.codeCacheState.addPage(ppn);
      if (cpu.codeGen !== null) cpu.codeCacheGen[ppn] = genBefore;
      if (cpu.pageKind[ppn] === PAGE_RAM) cpu.pageKind[ppn] = PAGE_CODE;
      noteCodePage(cpu, ppn); // NUMA first touch by instruction fetch
    }
    pg[phys & 0xfff] = insn;
    cpu.codeCacheState.insns++;
    cpu.codeCacheState.perPage[ppn]!++;
    let cover = cpu.codeCover[ppn];
    if (cover === undefined) cover = cpu.codeCover[ppn] = cpu.codeCacheState.newCover();
    cover.fill(1, phys & 0xfff, Math.min((phys & 0xfff) + insn.len, 4096));
    return insn;
  }

  private decodeFail(status: number): null {
    this.cpu.raise(status === DECODE_UNDEFINED ? UD : status === DECODE_TRUNCATED ? UD : GP, status === DECODE_UNDEFINED || status === DECODE_TRUNCATED ? -1 : 0);
    return null;
  }
}
