/**
 * Runs guests for the UI: assemble the editor's source, create a VirtualMachine (vCPUs on worker threads), and
 * push what the renderer shows — serial output, a snapshot of every vCPU and NUMA node at 12.5 Hz, and the
 * run's end. The renderer never touches the emulator's shared memory; it only sees these events.
 */
import { assembleBuffer } from '../core/asm';
import type { ApiOutput, ApiParsedInput, BackendEvent, MachineExit } from '../core/api/contract';
import { topologyPreset } from '../core/numa';
import { UnavailableError, type SpawnVcpuWorker } from '../engine/vm-config';
import { VirtualMachine, type VmResult } from '../engine/virtual-machine';

/** Snapshot period: 80 ms (12.5 Hz, above the 10 Hz the dashboards need). */
const SNAPSHOT_MS = 80;
/** Serial output is coalesced for this long so a chatty guest sends a few messages, not thousands. */
const SERIAL_FLUSH_MS = 30;

interface ActiveRun {
  readonly vm: VirtualMachine;
  readonly timer: ReturnType<typeof setInterval>;
  readonly done: Promise<void>;
}

export class MachineService {
  private nextRunId = 1;
  private readonly runs = new Map<number, ActiveRun>();

  constructor(
    private readonly emit: (event: BackendEvent) => void,
    private readonly spawnVcpuWorker?: SpawnVcpuWorker,
  ) {}

  async start(input: ApiParsedInput<'machine.start'>): Promise<ApiOutput<'machine.start'>> {
    const asm = assembleBuffer(input.fileName, input.source);
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
    this.launch(runId, vm);
    return { ok: true, runId, warnings: vm.warnings() };
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

  async pause(runId: number): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run) return false;
    await run.vm.pause();
    this.emitSnapshot(runId, run.vm);
    return true;
  }

  resume(runId: number): boolean {
    const run = this.runs.get(runId);
    run?.vm.resume();
    return run !== undefined;
  }

  async step(runId: number): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run) return false;
    await run.vm.step();
    this.emitSnapshot(runId, run.vm);
    return true;
  }

  input(runId: number, text: string): boolean {
    const run = this.runs.get(runId);
    run?.vm.sendSerial(new TextEncoder().encode(text));
    return run !== undefined;
  }

  /** Wires the run's events, then starts it: serial output is captured from the first byte. */
  private launch(runId: number, vm: VirtualMachine): void {
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
    vm.start();
    const timer = setInterval(() => this.emitSnapshot(runId, vm), SNAPSHOT_MS);
    const done = vm.wait().then((result) => {
      clearInterval(timer);
      if (flushTimer) clearTimeout(flushTimer);
      flush();
      this.emitSnapshot(runId, vm);
      this.emit({ topic: 'machine.exit', payload: describeExit(runId, result) });
      this.runs.delete(runId);
    });
    this.runs.set(runId, { vm, timer, done });
  }

  private emitSnapshot(runId: number, vm: VirtualMachine): void {
    const s = vm.snapshot();
    this.emit({ topic: 'machine.snapshot', payload: { runId, vcpus: s.vcpus.map((v) => ({ ...v })), nodes: s.nodes.map((n) => ({ ...n })) } });
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
