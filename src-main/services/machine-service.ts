/**
 * Runs guests for the UI: assemble the editor's source, create a VirtualMachine (vCPUs on worker threads), and
 * push what the renderer shows — serial output, a snapshot of every vCPU and NUMA node at 12.5 Hz, every
 * debugger stop (`machine.stopped`, with a snapshot) and the run's end. The renderer never touches the
 * emulator's shared memory; it only sees these events. The debug.* methods (debug-service.ts) reach a run
 * through `session()`.
 */
import type { AssembleResult } from '../core/asm';
import type { ApiOutput, ApiParsedInput, BackendEvent, Diagnostic, MachineExit } from '../core/api/contract';
import type { UiText } from '../core/api/ui-text';
import { EXPLAINED_STOPS, type VmStop } from '../engine/debug';
import { ProgramMap } from '../engine/debug-program';
import { UnavailableError, type SpawnVcpuWorker, type VmConfig } from '../engine/vm-config';
import { compareModes } from '../engine/compare-modes';
import { VirtualMachine, type VmResult } from '../engine/virtual-machine';
import { breakpointRules, resolveLines, type DebugSession } from './debug-service';
import { conditionHolds, ConditionError, type BreakpointRule } from './breakpoint-condition';
import type { VcpuRegisters } from '../engine/debug';
import { MachineOptionError, machineOptionsConfig, type MachineOptionsConfig } from './machine-options';
import { decideAtStop, planRunTo, planStepOver, StepOutTracker, type StepGoal } from './step-goal';

/** Snapshot period: 80 ms (12.5 Hz, above the 10 Hz the dashboards need). */
const SNAPSHOT_MS = 80;
/** Serial output is coalesced for this long so a chatty guest sends a few messages, not thousands. */
const SERIAL_FLUSH_MS = 30;
/** Step out gives up (and stops where it is) after this long: a function that never returns. */
const STEP_OUT_MS = 3000;
/** Machines one backend runs at once, over all its owners (each is a thread per vCPU and 64 MiB of guest RAM). */
export const DEFAULT_MAX_MACHINES = 4;

/**
 * Who a run belongs to: a lab window (Electron: its webContents; web: the client id its page keeps across
 * reconnects). Only the owner sees a run's events and may control or debug it.
 */
export type OwnerId = string;

export interface MachineServiceOptions {
  readonly spawnVcpuWorker?: SpawnVcpuWorker;
  /** Assembles a buffer (off the event loop: assembler-thread.ts). */
  readonly assemble: (fileName: string, source: string) => Promise<AssembleResult>;
  readonly maxMachines?: number;
}

interface ActiveRun extends DebugSession {
  readonly timer: ReturnType<typeof setInterval>;
  readonly done: Promise<void>;
  /** A step over or run to a line under way (a temporary breakpoint is set). */
  goal: StepGoal | null;
  /** Stops are not reported (a step out steps many times and reports the last stop only). */
  quiet: boolean;
}

const runKey = (owner: OwnerId, runId: number): string => `${runId}@${owner}`;

export class MachineService {
  private nextRunId = 1;
  /** By owner and run id: a run id means something only to its owner. */
  private readonly runs = new Map<string, ActiveRun & { readonly owner: OwnerId; readonly runId: number }>();
  /** Per run: how many lifecycle entries have gone out. */
  private readonly lifecycleSent = new Map<string, number>();
  /** Per owner: the tail of its machine.start calls, which run one after the other. */
  private readonly startChains = new Map<OwnerId, Promise<unknown>>();
  /** Machines being created (counted against maxMachines before they exist). */
  private creating = 0;
  private readonly maxMachines: number;

  constructor(
    private readonly emit: (event: BackendEvent, owner: OwnerId) => void,
    private readonly options: MachineServiceOptions,
  ) {
    this.maxMachines = options.maxMachines ?? DEFAULT_MAX_MACHINES;
  }

  /**
   * Assembles and starts a program for `owner`, after its earlier starts have finished: each owner has one
   * machine, so this stops the one it had.
   */
  start(owner: OwnerId, input: ApiParsedInput<'machine.start'>): Promise<ApiOutput<'machine.start'>> {
    return this.afterStarts(owner, () => this.startNow(owner, input));
  }

  /** Stops the machines of an owner that has gone, after any start it still had on its way. */
  release(owner: OwnerId): Promise<void> {
    return this.afterStarts(owner, () => this.stopOwner(owner));
  }

  /** Runs `job` once the owner's earlier starts (and releases) have finished. */
  private afterStarts<T>(owner: OwnerId, job: () => Promise<T>): Promise<T> {
    const previous = this.startChains.get(owner) ?? Promise.resolve();
    const next = previous.then(job);
    const tail = next.catch(() => undefined);
    this.startChains.set(owner, tail);
    void tail.then(() => {
      if (this.startChains.get(owner) === tail) this.startChains.delete(owner);
    });
    return next;
  }

  private async startNow(owner: OwnerId, input: ApiParsedInput<'machine.start'>): Promise<ApiOutput<'machine.start'>> {
    let options: MachineOptionsConfig;
    try {
      options = machineOptionsConfig(input);
    } catch (err) {
      if (err instanceof MachineOptionError) return { ok: false, diagnostics: [], message: err.message, ...(err.ui ? { ui: err.ui } : {}) };
      throw err;
    }
    let asm: AssembleResult;
    try {
      asm = await this.options.assemble(input.fileName, input.source);
    } catch (err) {
      return { ok: false, diagnostics: [], message: err instanceof Error ? err.message : String(err) };
    }
    if (!asm.ok) return { ok: false, diagnostics: asm.diagnostics.map((d) => ({ ...d })), message: 'the program has assembly errors', ui: { key: 'errors.assemblyErrors' } };
    const program = ProgramMap.fromAssembly(input.fileName, asm);
    const rules = breakpointRules(program, input.breakpointLines, input.breakpointConditions);
    if (!rules.ok) return { ok: false, diagnostics: [], message: `breakpoint condition: ${rules.message}`, ui: { key: 'errors.breakpointCondition', params: { problem: rules.message } } };
    await this.stopOwner(owner); // one machine per lab window
    if (this.runs.size + this.creating >= this.maxMachines) {
      const max = this.maxMachines;
      return { ok: false, diagnostics: [], message: `the backend already runs ${max} machines, the most it allows: stop one (or close a lab window) first`, ui: { key: 'errors.tooManyMachines', params: { max } } };
    }
    const runId = input.runId ?? this.nextRunId++;
    let vm: VirtualMachine;
    this.creating++;
    try {
      vm = await VirtualMachine.create({
        image: asm.bytes,
        imageName: input.fileName,
        ...options,
        // Off the event loop even with one vCPU: a guest that never ends must not stall the backend. Deterministic
        // runs share one thread round-robin, this one; it yields to the event loop between time slices.
        threading: options.deterministic ? 'single' : 'workers',
        // A debug session: a fatal fault stops post-mortem at the faulting line, and so does a failed VM entry.
        postMortem: true,
        ...(asm.origin > 0 ? { loadAddress: asm.origin } : {}),
        ...(this.options.spawnVcpuWorker ? { spawnVcpuWorker: this.options.spawnVcpuWorker } : {}),
      });
    } catch (err) {
      if (err instanceof UnavailableError || err instanceof Error) return { ok: false, diagnostics: [], message: err.message };
      throw err;
    } finally {
      this.creating--;
    }
    vm.debug.program = program;
    const warnings = vm.warnings();
    const warningsUi: (UiText | null)[] = warnings.map(() => null);
    const { resolved, unresolved } = resolveLines(program, input.breakpointLines);
    if (resolved.length > 0) vm.debug.setBreakpoints(resolved);
    if (input.watchpoints.length > 0) vm.debug.setWatchpoints(input.watchpoints);
    for (const line of unresolved) {
      warnings.push(`line ${line} has no code: no breakpoint there`);
      warningsUi.push({ key: 'errors.noCodeAtLine', params: { line } });
    }
    this.launch(owner, runId, vm, program, input.pauseAtEntry, rules.rules);
    return { ok: true, runId, warnings, warningsUi };
  }

  /**
   * `machine.compare`: assembles the program (and its PV port) and runs it under every mode, one column after
   * the other, on this thread as `virtlab compare` does (a deterministic run yields to the event loop between
   * time slices, so the backend stays responsive). It counts as one machine while it runs.
   */
  async compare(input: ApiParsedInput<'machine.compare'>): Promise<ApiOutput<'machine.compare'>> {
    let options: MachineOptionsConfig;
    try {
      options = machineOptionsConfig({ ...input, mode: 'native', ept: undefined, vpid: undefined, eptLargePages: undefined, breakpointLines: [], breakpointConditions: [], pauseAtEntry: false, watchpoints: [] });
    } catch (err) {
      if (err instanceof MachineOptionError) return { ok: false, diagnostics: [], message: err.message };
      throw err;
    }
    const config = async (fileName: string, source: string): Promise<VmConfig | { diagnostics: Diagnostic[]; message: string }> => {
      const asm = await this.options.assemble(fileName, source);
      if (!asm.ok) return { diagnostics: asm.diagnostics.map((d) => ({ ...d })), message: `${fileName} has assembly errors` };
      const { mode: _mode, deterministic: _deterministic, ...shape } = options;
      return {
        image: asm.bytes, imageName: fileName, ...shape, ept: input.ept, vpid: input.vpid, eptLargePages: input.eptLargePages, maxInsns: input.maxInsns,
        ...(asm.origin > 0 ? { loadAddress: asm.origin } : {}),
      };
    };
    const main = await config(input.fileName, input.source).catch((e: unknown) => ({ diagnostics: [], message: e instanceof Error ? e.message : String(e) }));
    if ('message' in main) return { ok: false, ...main };
    const pv = input.pv ? await config(input.pv.fileName, input.pv.source) : null;
    if (pv !== null && 'message' in pv) return { ok: false, ...pv };
    if (this.runs.size + this.creating >= this.maxMachines) {
      return { ok: false, diagnostics: [], message: `the backend already runs ${this.maxMachines} machines, the most it allows: stop one (or close a lab window) first` };
    }
    this.creating++;
    try {
      const c = await compareModes({ config: main, pvConfig: pv, exitStatus: () => 0 });
      return {
        ok: true, guest: c.guest, pvGuest: c.pvGuest, cost: { ...c.cost },
        modes: c.modes.map((m) => (m.available
          ? { column: m.column, mode: m.mode, guest: m.guest, available: true as const, outcome: m.outcome, exitValue: m.exitValue, reports: [...m.reports],
            instructions: m.instructions, trapsToVmm: m.trapsToVmm, exitsByReason: { ...m.exitsByReason }, vmExits: m.vmExits, hypercalls: m.hypercalls,
            translatedBlocks: m.translatedBlocks, translations: m.translations, callouts: m.callouts, holes: m.holes,
            cyclesByKind: { ...m.cyclesByKind } as Record<string, number>, totalCycles: m.totalCycles, overhead: m.overhead,
            cyclesWithoutMemory: m.cyclesWithoutMemory, overheadWithoutMemory: m.overheadWithoutMemory }
          : { column: m.column, mode: m.mode, guest: m.guest, available: false as const, reason: m.reason })),
      };
    } catch (err) {
      if (err instanceof Error) return { ok: false, diagnostics: [], message: err.message };
      throw err;
    } finally {
      this.creating--;
    }
  }

  /** The run's machine and program, for the debugger; undefined when `owner` has no such run. */
  session(owner: OwnerId, runId: number): DebugSession | undefined {
    return this.runs.get(runKey(owner, runId));
  }

  /** The runs of `owner` that have not ended. */
  runsOf(owner: OwnerId): { runId: number; paused: boolean }[] {
    return [...this.runs.values()].filter((r) => r.owner === owner).map((r) => ({ runId: r.runId, paused: r.vm.currentStop() !== null }));
  }

  /** How many machines run now, over all owners. */
  get running(): number {
    return this.runs.size;
  }

  async stop(owner: OwnerId, runId: number): Promise<boolean> {
    const run = this.runs.get(runKey(owner, runId));
    if (!run) return false;
    await run.vm.stop();
    await run.done;
    return true;
  }

  /** Stops every machine of `owner` (its window closed, or it starts another). */
  async stopOwner(owner: OwnerId): Promise<void> {
    await Promise.all([...this.runs.values()].filter((r) => r.owner === owner).map(async (r) => {
      await r.vm.stop();
      await r.done;
    }));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runs.values()].map(async (r) => {
      await r.vm.stop();
      await r.done;
    }));
  }

  /** Pauses the run; the stop (`machine.stopped`, reason 'pause') and a snapshot follow as events. */
  async pause(owner: OwnerId, runId: number): Promise<boolean> {
    const run = this.runs.get(runKey(owner, runId));
    if (!run) return false;
    await run.vm.pause();
    return true;
  }

  resume(owner: OwnerId, runId: number): boolean {
    const run = this.runs.get(runKey(owner, runId));
    run?.vm.resume();
    return run !== undefined;
  }

  /** One instruction on every vCPU; the stop (reason 'step') and a snapshot follow as events. */
  async step(owner: OwnerId, runId: number): Promise<boolean> {
    const run = this.runs.get(runKey(owner, runId));
    if (!run) return false;
    await run.vm.step();
    return true;
  }

  /**
   * Step over on vCPU `vcpu`: a CALL runs until the instruction after it (the callee's work done), anything else
   * is one step. The stop (reason 'step') follows as an event.
   */
  async stepOver(owner: OwnerId, runId: number, vcpu: number): Promise<boolean> {
    const run = this.stoppedRun(owner, runId);
    if (!run) return false;
    const regs = run.vm.debug.registers(vcpu);
    const [line] = run.vm.debug.disassemble(vcpu, { before: 0, after: 1 });
    const goal = line ? planStepOver(vcpu, line, regs.gpr.esp, run.vm.debug.breakpoints()) : null;
    if (!goal) {
      await run.vm.step();
      return true;
    }
    this.pursue(run, goal);
    return true;
  }

  /** Runs until the first address of source line `line` (any vCPU). False when the line has no code. */
  runTo(owner: OwnerId, runId: number, line: number): boolean {
    const run = this.stoppedRun(owner, runId);
    const address = run?.program.lineAddress(line) ?? null;
    if (!run || address === null) return false;
    this.pursue(run, planRunTo(address, run.vm.debug.breakpoints()));
    return true;
  }

  /** Steps vCPU `vcpu`'s machine until the RET that leaves the current function has run (at most STEP_OUT_MS). */
  async stepOut(owner: OwnerId, runId: number, vcpu: number): Promise<boolean> {
    const run = this.stoppedRun(owner, runId);
    if (!run) return false;
    const tracker = new StepOutTracker();
    const deadline = performance.now() + STEP_OUT_MS;
    run.quiet = true;
    try {
      for (;;) {
        const [line] = run.vm.debug.disassemble(vcpu, { before: 0, after: 1 });
        const last = !line || tracker.isLastStep(line.text) || performance.now() > deadline || run.vm.debug.registers(vcpu).state === 'finished';
        if (last) run.quiet = false; // this step's stop is the one reported
        await run.vm.step();
        const stop = run.vm.currentStop();
        if (last || stop === null || EXPLAINED_STOPS.includes(stop.reason)) break; // (a fault or watchpoint is reported as it is)
      }
    } finally {
      run.quiet = false;
    }
    return true;
  }

  /** A run of `owner` stopped in the debugger, or undefined. */
  private stoppedRun(owner: OwnerId, runId: number): (ActiveRun & { readonly owner: OwnerId; readonly runId: number }) | undefined {
    const run = this.runs.get(runKey(owner, runId));
    return run && run.vm.currentStop() !== null ? run : undefined;
  }

  /** Sets the goal's temporary breakpoint and lets the machine run; the stop listener decides at each stop. */
  private pursue(run: ActiveRun, goal: StepGoal): void {
    run.goal = goal;
    run.vm.debug.setBreakpoints([...goal.userBreakpoints, goal.address]);
    run.vm.resume();
  }

  /**
   * What becomes of a stop: a conditional breakpoint whose condition is false and a goal not reached yet run
   * on (null); a reached goal reads as a step. Breakpoint hits are counted here.
   */
  private filterStop(run: ActiveRun, stop: VmStop): VmStop | null {
    let regs: VcpuRegisters | null = null;
    try {
      regs = run.vm.debug.registers(stop.vcpu);
    } catch {
      // the machine went on or ended: report the stop as it came
    }
    const linear = regs ? (regs.segments.cs.base + regs.eip) >>> 0 : stop.eip;
    if (EXPLAINED_STOPS.includes(stop.reason)) {
      // A fault, failed entry or watchpoint ends a step over / run to line where it happened.
      if (run.goal) this.dropGoal(run, run.goal);
      return stop;
    }
    if (stop.reason === 'breakpoint' && linear !== run.goal?.address) {
      const rule = run.breakpointRules.get(linear);
      if (rule) {
        rule.hits++;
        if (rule.condition && regs && !this.holds(rule.condition, regs, run.program)) {
          run.vm.resume();
          return null;
        }
      }
    }
    const goal = run.goal;
    if (!goal) return stop;
    const other = goal.vcpu !== null && goal.vcpu !== stop.vcpu ? this.placeOf(run, goal.vcpu) : null;
    const decision = decideAtStop(goal, stop, linear, regs?.gpr.esp ?? 0, other);
    if (decision === 'continue') {
      run.vm.resume();
      return null;
    }
    this.dropGoal(run, goal);
    if (decision !== 'reached') return stop;
    // Reported as the goal vCPU's step (another vCPU may have stopped the machine at the same moment).
    return other && goal.vcpu !== null ? { reason: 'step', vcpu: goal.vcpu, eip: other.eip } : { ...stop, reason: 'step' };
  }

  /** The goal is over: its temporary breakpoint goes, the user's stay. */
  private dropGoal(run: ActiveRun, goal: StepGoal): void {
    run.goal = null;
    try {
      run.vm.debug.setBreakpoints(goal.userBreakpoints);
    } catch {
      // the run ended
    }
  }

  /** Where a (stopped) vCPU is: linear address of EIP, EIP and ESP; null when it cannot be read. */
  private placeOf(run: ActiveRun, vcpu: number): { linear: number; eip: number; esp: number } | null {
    try {
      const r = run.vm.debug.registers(vcpu);
      return { linear: (r.segments.cs.base + r.eip) >>> 0, eip: r.eip, esp: r.gpr.esp };
    } catch {
      return null;
    }
  }

  /** A breakpoint's condition on the stopped vCPU; one that names nothing stops (the student sees why it did). */
  private holds(condition: NonNullable<BreakpointRule['condition']>, regs: VcpuRegisters, program: ProgramMap): boolean {
    try {
      return conditionHolds(condition, { registers: { ...regs.gpr, eip: regs.eip, eflags: regs.eflags }, symbol: (n) => program.symbol(n) });
    } catch (err) {
      if (err instanceof ConditionError) return true;
      throw err;
    }
  }

  input(owner: OwnerId, runId: number, text: string): boolean {
    const run = this.runs.get(runKey(owner, runId));
    run?.vm.sendSerial(new TextEncoder().encode(text));
    return run !== undefined;
  }

  /** Wires the run's events, then starts it: serial output is captured from the first byte. */
  private launch(owner: OwnerId, runId: number, vm: VirtualMachine, program: ProgramMap, pauseAtEntry: boolean, rules: Map<number, BreakpointRule>): void {
    const key = runKey(owner, runId);
    const emit = (event: BackendEvent) => this.emit(event, owner);
    const decoder = new TextDecoder('utf-8');
    let pending = '';
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      flushTimer = null;
      if (pending) emit({ topic: 'machine.serial', payload: { runId, text: pending } });
      pending = '';
    };
    vm.onSerial((bytes) => {
      pending += decoder.decode(bytes, { stream: true });
      flushTimer ??= setTimeout(flush, SERIAL_FLUSH_MS);
    });
    // Deferred a turn: the entry stop happens inside vm.start(). The guest's output up to the stop goes out first.
    vm.onStop((stop) => {
      // As it is now: a step out may end before this turn. A fault or watchpoint on the way is never hidden.
      const quiet = this.runs.get(key)?.quiet === true && !EXPLAINED_STOPS.includes(stop.reason);
      setImmediate(() => {
        const run = this.runs.get(key);
        if (quiet) return;
        const shown = run ? this.filterStop(run, stop) : stop;
        if (!shown) return;
        if (flushTimer) clearTimeout(flushTimer);
        flush();
        this.emitStop(owner, runId, vm, program, shown);
      });
    });
    vm.start({ pauseAtEntry });
    const timer = setInterval(() => this.emitSnapshot(owner, runId, vm), SNAPSHOT_MS);
    const done = vm.wait().then((result) => {
      clearInterval(timer);
      if (flushTimer) clearTimeout(flushTimer);
      flush();
      this.emitSnapshot(owner, runId, vm);
      emit({ topic: 'machine.exit', payload: describeExit(runId, result) });
      this.runs.delete(key);
      this.lifecycleSent.delete(key);
    });
    this.runs.set(key, { owner, runId, vm, program, timer, done, goal: null, quiet: false, breakpointRules: rules });
  }

  private emitStop(owner: OwnerId, runId: number, vm: VirtualMachine, program: ProgramMap, stop: VmStop): void {
    if (!this.runs.has(runKey(owner, runId))) return; // ended meanwhile: machine.exit has gone out already
    let linear = stop.eip;
    try {
      linear = (vm.debug.registers(stop.vcpu).segments.cs.base + stop.eip) >>> 0;
    } catch {
      // the machine went on (or ended) since the stop: EIP as a flat address
    }
    const source = program.sourceAt(linear);
    this.emitSnapshot(owner, runId, vm);
    this.emit({ topic: 'machine.stopped', payload: { runId, reason: stop.reason, vcpu: stop.vcpu, eip: stop.eip, source: source ? { ...source } : null } }, owner);
  }

  private emitSnapshot(owner: OwnerId, runId: number, vm: VirtualMachine): void {
    const s = vm.snapshot();
    this.emit({
      topic: 'machine.snapshot',
      payload: {
        runId,
        vcpus: s.vcpus.map((v) => ({ ...v, exits: { ...v.exits } })),
        nodes: s.nodes.map((n) => ({ ...n })),
        nodeAccesses: s.nodeAccesses.map((row) => [...row]),
      },
    }, owner);
    this.emitLifecycle(owner, runId, vm);
  }

  /** The lifecycle entries added since the last time, if any (KVM_CREATE_VM … KVM_RUN, first exits, KVM_DESTROY_VM). */
  private emitLifecycle(owner: OwnerId, runId: number, vm: VirtualMachine): void {
    const key = runKey(owner, runId);
    const log = vm.lifecycleLog();
    const sent = this.lifecycleSent.get(key) ?? 0;
    if (log.length === sent) return;
    this.lifecycleSent.set(key, log.length);
    this.emit({ topic: 'machine.lifecycle', payload: { runId, entries: log.slice(sent).map((e) => ({ ...e })), dropped: vm.lifecycleDropped() } }, owner);
  }
}

function describeExit(runId: number, result: VmResult): MachineExit {
  return {
    runId,
    outcome: result.outcome,
    exitValue: result.exitValue,
    reports: result.reports.map((r) => r.text ?? `vCPU ${r.vcpu} at EIP 0x${(r.eip >>> 0).toString(16)}`),
  };
}
