/**
 * Runs guests for the UI: assemble the editor's source, create a VirtualMachine (vCPUs on worker threads), and
 * push what the renderer shows — serial output, a snapshot of every vCPU and NUMA node at 12.5 Hz, every
 * debugger stop (`machine.stopped`, with a snapshot) and the run's end. The renderer never touches the
 * emulator's shared memory; it only sees these events. The debug.* methods (debug-service.ts) reach a run
 * through `session()`.
 */
import { assembleBuffer } from '../core/asm';
import type { ApiOutput, ApiParsedInput, BackendEvent, MachineExit } from '../core/api/contract';
import { topologyPreset } from '../core/numa';
import type { VmStop } from '../engine/debug';
import { ProgramMap } from '../engine/debug-program';
import { UnavailableError, type SpawnVcpuWorker } from '../engine/vm-config';
import { VirtualMachine, type VmResult } from '../engine/virtual-machine';
import { resolveLines, type DebugSession } from './debug-service';

/** Snapshot period: 80 ms (12.5 Hz, above the 10 Hz the dashboards need). */
const SNAPSHOT_MS = 80;
/** Serial output is coalesced for this long so a chatty guest sends a few messages, not thousands. */
const SERIAL_FLUSH_MS = 30;

interface ActiveRun extends DebugSession {
  readonly timer: ReturnType<typeof setInterval>;
  readonly done: Promise<void>;
}

export class MachineService {
  private nextRunId = 1;
  private readonly runs = new Map<number, ActiveRun>();
  /** Per run: how many lifecycle entries have gone out. */
  private readonly lifecycleSent = new Map<number, number>();

  constructor(
    private readonly emit: (event: BackendEvent) => void,
    private readonly spawnVcpuWorker?: SpawnVcpuWorker,
  ) {}

  /** `readInclude` reads the workspace's files for `%include` (by workspace-relative path). */
  async start(input: ApiParsedInput<'machine.start'>, readInclude?: (path: string) => string | undefined): Promise<ApiOutput<'machine.start'>> {
    const asm = assembleBuffer(input.fileName, input.source, readInclude);
    if (!asm.ok) return { ok: false, diagnostics: asm.diagnostics.map((d) => ({ ...d })), message: 'the program has assembly errors' };
    await this.stopAll(); // one machine per lab window
    let vm: VirtualMachine;
    try {
      vm = await VirtualMachine.create({
        image: asm.bytes,
        imageName: input.fileName,
        vcpus: input.vcpus,
        mode: input.mode,
        topology: topologyPreset(input.topology),
        deterministic: input.deterministic,
        ...(asm.origin > 0 ? { loadAddress: asm.origin } : {}),
        ...(this.spawnVcpuWorker ? { spawnVcpuWorker: this.spawnVcpuWorker } : {}),
      });
    } catch (err) {
      if (err instanceof UnavailableError || err instanceof Error) return { ok: false, diagnostics: [], message: err.message };
      throw err;
    }
    const runId = this.nextRunId++;
    const program = ProgramMap.fromAssembly(input.fileName, asm);
    vm.debug.program = program;
    const warnings = vm.warnings();
    const { resolved, unresolved } = resolveLines(program, input.breakpointLines);
    if (resolved.length > 0) vm.debug.setBreakpoints(resolved);
    for (const line of unresolved) warnings.push(`line ${line} has no code: no breakpoint there`);
    this.launch(runId, vm, program, input.pauseAtEntry);
    return { ok: true, runId, warnings };
  }

  /** The run's machine and program, for the debugger. */
  session(runId: number): DebugSession | undefined {
    return this.runs.get(runId);
  }

  async stop(runId: number): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run) return false;
    await run.vm.stop();
    await run.done;
    return true;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runs.keys()].map((id) => this.stop(id)));
  }

  /** Pauses the run; the stop (`machine.stopped`, reason 'pause') and a snapshot follow as events. */
  async pause(runId: number): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run) return false;
    await run.vm.pause();
    return true;
  }

  resume(runId: number): boolean {
    const run = this.runs.get(runId);
    run?.vm.resume();
    return run !== undefined;
  }

  /** One instruction on every vCPU; the stop (reason 'step') and a snapshot follow as events. */
  async step(runId: number): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run) return false;
    await run.vm.step();
    return true;
  }

  input(runId: number, text: string): boolean {
    const run = this.runs.get(runId);
    run?.vm.sendSerial(new TextEncoder().encode(text));
    return run !== undefined;
  }

  /** Wires the run's events, then starts it: serial output is captured from the first byte. */
  private launch(runId: number, vm: VirtualMachine, program: ProgramMap, pauseAtEntry: boolean): void {
    const decoder = new TextDecoder('utf-8');
    let pending = '';
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      flushTimer = null;
      if (pending) this.emit({ topic: 'machine.serial', payload: { runId, text: pending } });
      pending = '';
    };
    vm.onSerial((bytes) => {
      pending += decoder.decode(bytes, { stream: true });
      flushTimer ??= setTimeout(flush, SERIAL_FLUSH_MS);
    });
    // Deferred a turn: the entry stop happens inside vm.start(), before machine.start has answered with the runId.
    // The guest's output up to the stop goes out first.
    vm.onStop((stop) =>
      setImmediate(() => {
        if (flushTimer) clearTimeout(flushTimer);
        flush();
        this.emitStop(runId, vm, program, stop);
      }),
    );
    vm.start({ pauseAtEntry });
    const timer = setInterval(() => this.emitSnapshot(runId, vm), SNAPSHOT_MS);
    const done = vm.wait().then((result) => {
      clearInterval(timer);
      if (flushTimer) clearTimeout(flushTimer);
      flush();
      this.emitSnapshot(runId, vm);
      this.emit({ topic: 'machine.exit', payload: describeExit(runId, result) });
      this.runs.delete(runId);
      this.lifecycleSent.delete(runId);
    });
    this.runs.set(runId, { vm, program, timer, done });
  }

  private emitStop(runId: number, vm: VirtualMachine, program: ProgramMap, stop: VmStop): void {
    if (!this.runs.has(runId)) return; // ended meanwhile: machine.exit has gone out already
    let linear = stop.eip;
    try {
      linear = (vm.debug.registers(stop.vcpu).segments.cs.base + stop.eip) >>> 0;
    } catch {
      // the machine went on (or ended) since the stop: EIP as a flat address
    }
    const source = program.sourceAt(linear);
    this.emitSnapshot(runId, vm);
    this.emit({ topic: 'machine.stopped', payload: { runId, reason: stop.reason, vcpu: stop.vcpu, eip: stop.eip, source: source ? { ...source } : null } });
  }

  private emitSnapshot(runId: number, vm: VirtualMachine): void {
    const s = vm.snapshot();
    this.emit({
      topic: 'machine.snapshot',
      payload: { runId, vcpus: s.vcpus.map((v) => ({ ...v, exits: { ...v.exits } })), nodes: s.nodes.map((n) => ({ ...n })) },
    });
    this.emitLifecycle(runId, vm);
  }

  /** The lifecycle entries added since the last time, if any (KVM_CREATE_VM … KVM_RUN, first exits, KVM_DESTROY_VM). */
  private emitLifecycle(runId: number, vm: VirtualMachine): void {
    const log = vm.lifecycleLog();
    const sent = this.lifecycleSent.get(runId) ?? 0;
    if (log.length === sent) return;
    this.lifecycleSent.set(runId, log.length);
    this.emit({ topic: 'machine.lifecycle', payload: { runId, entries: log.slice(sent).map((e) => ({ ...e })), dropped: vm.lifecycleDropped() } });
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
