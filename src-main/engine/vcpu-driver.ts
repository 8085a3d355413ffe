/**
 * One vCPU's run loop step, shared by the worker thread and the single-thread scheduler: run the CPU for a
 * quantum (KVM_RUN), publish its counters and EIP in the control buffer, and turn the engine's exit into
 * the vCPU state machine's next move. Thread-agnostic: waiting (Atomics.wait or the next round-robin turn)
 * is the caller's business.
 */
import type { Cpu } from '../core/cpu/cpu';
import { EXIT_BREAKPOINT, EXIT_BUDGET, EXIT_DEBUG_EVENT, EXIT_HALTED, EXIT_REQUESTED, EXIT_STOPPED, EXIT_TRIPLE_FAULT, type Engine } from '../core/cpu/engine';
import { DEBUG_EVENT_WATCH } from '../core/cpu/watch';
import { explainEntryFailure, explainFault, explainWatch, type StopExplanation } from './explain-stop';
import type { LocalApic } from '../core/machine/devices/local-apic';
import { IF } from '../core/cpu/state';
import { describeVmxAbort, vmxAbortUi } from '../core/vmx/vm-exit';
import { crashReport, shutdownReport, tripleFaultReport, type FaultReport } from './fault-report';
import type { UiText } from '../core/api/ui-text';
import { ExitKind } from './exit-handler';
import { CTR, ROW_SLOTS, VC, type ControlViews } from './vcpu-control';
import { FinishReason, VcpuState } from './vcpu-state';
import type { VcpuNuma } from './numa-accounting';
import type { VcpuReport } from './vmm';
import { VmxPublisher } from './vmx-sample';
import type { BuiltInVmmVcpu } from '../core/vmm/modes';
import { publishCostSample } from './cost-sample';
import { publishMmuSample } from './mmu-sample';
import { publishJitSample } from './jit-sample';

/** What the caller does after a quantum: go on, park on HLT, end, or stop the VM at a breakpoint (all-stop). */
export const STEP_CONTINUE = 0, STEP_PARK = 1, STEP_FINISHED = 2, STEP_BREAKPOINT = 3;

/**
 * Why a STEP_BREAKPOINT stop happened (the worker's debugStop word carries it): a breakpoint, a fatal fault
 * held post-mortem, a failed VM entry, a watchpoint. Index + 1 = the word's value.
 */
export const DEBUG_STOP_KINDS = ['breakpoint', 'fault', 'entry-failure', 'watchpoint'] as const;
export type DebugStopKind = (typeof DEBUG_STOP_KINDS)[number];

const REG_TIMER_CURRENT = 0x39, REG_LVT_TIMER = 0x32;

export interface DriverOptions {
  readonly maxInsns: number;
  /** Test-only crash injection (see VmConfig.testHooks). */
  readonly crashAfter: number;
  /** NUMA placement and access counts (numa-accounting.ts), brought up to date after every quantum. */
  readonly numa?: VcpuNuma | null;
  /**
   * A built-in VMM's vCPU (--mode vtx, trap, bt, pv): its launch — a VM launch, or the software VMM
   * deprivileging the guest — is the first KVM_RUN (the first quantum).
   */
  readonly vmm?: BuiltInVmmVcpu | null;
  /**
   * A debug session: a fatal fault (triple fault, shutdown) stops the vCPU post-mortem at the faulting
   * instruction before it ends, and a failed VM entry stops it too. Off for `virtlab run`.
   */
  readonly postMortem?: boolean;
}

export class VcpuDriver {
  report: VcpuReport | null = null;
  private readonly base: number;
  private readonly row: number;
  /** Where the vCPU was when the debugger let it go (armStepOver): a breakpoint there is stepped over. */
  private stepOverEip = 0;
  private stepOverInsns = -1;
  private readonly vmx: VmxPublisher;
  private launched = false;
  /** Why the last STEP_BREAKPOINT stop happened, and what the explain panel says about it. */
  stopKind: DebugStopKind = 'breakpoint';
  explanation: StopExplanation | null = null;
  /** A fatal fault held post-mortem: the report it ends with once the debugger lets the vCPU go. */
  private fatal: FaultReport | null = null;
  private postMortemShown = false;

  constructor(
    readonly index: number,
    readonly cpu: Cpu,
    readonly engine: Engine,
    readonly lapic: LocalApic,
    private readonly views: ControlViews,
    private readonly options: DriverOptions,
  ) {
    this.base = views.slot(index, 0);
    this.row = index * ROW_SLOTS;
    this.vmx = new VmxPublisher(views, index);
    cpu.stopOnEntryFailure = options.postMortem === true;
  }

  /** The built-in VMM driving this vCPU (--mode vtx, trap, bt, pv), or null. */
  get builtInVmm(): BuiltInVmmVcpu | null {
    return this.options.vmm ?? null;
  }

  get finished(): boolean {
    return this.report !== null;
  }

  /** Runs at most `budget` instructions and says what comes next. */
  runQuantum(budget: number): number {
    const cpu = this.cpu;
    if (this.fatal !== null) return this.finish(FinishReason.tripleFault, this.fatal.text, this.fatal.ui); // after the post-mortem stop
    this.explanation = null;
    const left = this.options.maxInsns - cpu.instructions;
    const n = Math.max(1, Math.min(budget, left));
    if (cpu.instructions >= this.options.crashAfter) throw new Error(`test hook: vCPU ${this.index} crashes deliberately`);
    // A start-up IPI already waiting is taken at the top of the run: say `running` now, or for the whole quantum
    // the runner would see an AP waiting for SIPI and stop it when the others finish.
    this.setState(cpu.waitForSipi && !this.interruptPending() ? VcpuState.waitForSipi : VcpuState.running);
    if (!this.launched) {
      this.launched = true;
      this.options.vmm?.launch();
    }
    const before = cpu.instructions;
    let r = this.engine.run(n);
    // Resuming on the breakpoint it stopped at (or was left at): the engine now skips it once.
    if (r === EXIT_BREAKPOINT && cpu.instructions === before && before === this.stepOverInsns && cpu.eip === this.stepOverEip) r = this.engine.run(n);
    this.options.numa?.afterQuantum(cpu);
    this.publish();
    const c = this.views.counters;
    c[this.row + CTR.runs] = c[this.row + CTR.runs]! + 1;
    switch (r) {
      case EXIT_BUDGET:
      case EXIT_STOPPED:
        if (cpu.instructions >= this.options.maxInsns) return this.finish(FinishReason.instructionLimit);
        return STEP_CONTINUE;
      case EXIT_BREAKPOINT:
        return this.debugStop('breakpoint', null);
      case EXIT_DEBUG_EVENT:
        if (cpu.debugEvent === DEBUG_EVENT_WATCH && cpu.watchHit !== null) return this.debugStop('watchpoint', explainWatch(cpu, cpu.watchHit));
        return this.debugStop('entry-failure', explainEntryFailure(cpu, cpu.debugEventEip));
      case EXIT_HALTED:
        if (cpu.waitForSipi) return STEP_PARK; // until INIT-SIPI brings it up (parkState)
        if ((cpu.eflags & IF) === 0) return this.finish(FinishReason.haltedInterruptsOff);
        if (this.timerArmed()) return STEP_CONTINUE; // time passes inside Engine.run while halted
        this.countExit(ExitKind.hlt);
        return STEP_PARK;
      case EXIT_REQUESTED:
        return this.finish(FinishReason.stopped);
      case EXIT_TRIPLE_FAULT: {
        this.countExit(ExitKind.shutdown);
        if (this.options.postMortem === true && !this.postMortemShown) {
          // Held where it faulted, inspectable; the next run (continue, step) or stop ends it as without a debugger.
          this.postMortemShown = true;
          this.fatal = this.tripleFaultReport();
          return this.debugStop('fault', explainFault(cpu, this.shutdownWhy()));
        }
        const fault = this.tripleFaultReport();
        return this.finish(FinishReason.tripleFault, fault.text, fault.ui);
      }
      default:
        return STEP_CONTINUE;
    }
  }

  private debugStop(kind: DebugStopKind, explanation: StopExplanation | null): number {
    this.stopKind = kind;
    this.explanation = explanation;
    return STEP_BREAKPOINT;
  }

  /** The next quantum steps over a breakpoint at the current EIP, if the vCPU has not moved by then. */
  armStepOver(): void {
    this.stepOverEip = this.cpu.eip;
    this.stepOverInsns = this.cpu.instructions;
  }

  /** Whether the local APIC timer will raise an unmasked interrupt (then HLT only lets time pass). */
  timerArmed(): boolean {
    return this.lapic.readRegister(REG_TIMER_CURRENT) !== 0 && (this.lapic.readRegister(REG_LVT_TIMER) & 0x10000) === 0;
  }

  /** An interrupt is waiting in the IRR, or an NMI/INIT/SIPI in the events words (a parked vCPU should run). */
  interruptPending(): boolean {
    return Atomics.load(this.lapic.events, 0) !== 0 || this.lapic.pendingVector() >= 0;
  }

  /** The state of a parked vCPU: halted, or waiting for a start-up IPI. */
  parkState(): VcpuState {
    return this.cpu.waitForSipi ? VcpuState.waitForSipi : VcpuState.halted;
  }

  setState(s: VcpuState): void {
    if (Atomics.load(this.views.i32, this.base + VC.state) !== s) Atomics.store(this.views.i32, this.base + VC.state, s);
  }

  countExit(kind: number): void {
    const c = this.views.counters;
    const i = this.row + CTR.exitsBase + kind;
    c[i] = c[i]! + 1;
  }

  publish(): void {
    const cpu = this.cpu;
    const i32 = this.views.i32;
    Atomics.store(i32, this.base + VC.eip, cpu.eip);
    Atomics.store(i32, this.base + VC.ring, cpu.cpl);
    Atomics.store(i32, this.base + VC.interruptsOn, (cpu.eflags & IF) !== 0 ? 1 : 0);
    const c = this.views.counters;
    c[this.row + CTR.instructions] = cpu.instructions;
    c[this.row + CTR.cycles] = cpu.cycles;
    this.vmx.publish(cpu);
    const sv = this.options.vmm?.stats;
    if (sv !== undefined) c.set(sv, this.row + CTR.svBase);
    publishCostSample(this.views, this.index, cpu);
    publishMmuSample(this.views, this.index, cpu);
    publishJitSample(this.views, this.index, this.engine);
  }

  finish(reason: FinishReason, text?: string, ui?: readonly UiText[]): number {
    if (this.fatal !== null) { reason = FinishReason.tripleFault; text = this.fatal.text; ui = this.fatal.ui; } // stopped post-mortem: it ends as it would have
    if (this.report === null) {
      this.publish();
      this.report = { vcpu: this.index, reason, eip: this.cpu.eip >>> 0, ...(text === undefined ? {} : { text }), ...(ui === undefined ? {} : { ui }) };
      Atomics.store(this.views.i32, this.base + VC.finish, reason);
      this.setState(VcpuState.finished);
      this.countExit(ExitKind.finished);
    }
    return STEP_FINISHED;
  }

  /** The crash report: vCPU, guest EIP and the error. */
  crash(err: unknown): number {
    const message = err instanceof Error ? err.message : String(err);
    const crash = crashReport(this.index, this.cpu.insnEip, message);
    this.countExit(ExitKind.internalError);
    return this.finish(FinishReason.crashed, crash.text, crash.ui);
  }

  /** Why the vCPU shut down when it is not a plain fault chain: a VMX abort, or the built-in VMM's reason. */
  private shutdownWhy(): string | null {
    const abort = this.cpu.vmx.abortIndicator;
    if (abort !== 0) return describeVmxAbort(abort);
    return this.options.vmm?.shutdownText?.() ?? null;
  }

  /** The shutdown's reason as a message the UI translates (see shutdownWhy). */
  private shutdownWhyUi(): UiText | null {
    const abort = this.cpu.vmx.abortIndicator;
    if (abort !== 0) return vmxAbortUi(abort);
    return this.options.vmm?.shutdownUi?.() ?? null;
  }

  private tripleFaultReport(): FaultReport {
    const tf = this.cpu.tripleFault;
    const eip = tf?.eip ?? this.cpu.insnEip;
    const why = this.shutdownWhy();
    if (why !== null) return shutdownReport(this.index, eip, { text: why, ui: this.shutdownWhyUi() ?? { key: 'reports.untranslated' } });
    return tripleFaultReport(this.index, eip, tf?.chain ?? []);
  }
}
