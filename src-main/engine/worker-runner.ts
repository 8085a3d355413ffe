/**
 * One worker thread per vCPU, the VMM on the calling thread. The VMM's loop services exit mailboxes as the
 * doorbell rings: it blocks in Atomics.wait on the doorbell (after a short spin) for at most a slice, then
 * yields to the event loop so timers, worker messages and UI calls get their turn, and flushes the serial
 * output. Pause, step and stop are command words plus a kick (the CPU's stop word) and a wake notify, so
 * every vCPU reacts at its next block boundary — well within 50 ms. A vCPU that reaches a breakpoint pauses
 * itself and raises its debugStop word; the loop then pauses every other vCPU and reports the stop once all
 * are paused (gdb's all-stop). Debug requests reach each worker through its debug channel (debug-channel.ts).
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import { planAffinity, realAllowedCpus, type PinResult } from './host-affinity';
import { startTsWorker } from './ts-worker';
import type { SpawnVcpuWorker } from './vm-config';

/** From source (CLI, web host, tests): the worker's TypeScript entry runs through tsx. */
const spawnFromSource: SpawnVcpuWorker = (options) => startTsWorker(new URL('./vcpu-worker.ts', import.meta.url), options);
import { WorkerDebugChannel } from './debug-channel';
import { DebugError, type DebugAnswer, type DebugRequest } from './debug-protocol';
import { CMD_PAUSE, CMD_RUN, CMD_STEP, CMD_STOP, CTR, DOORBELL, ROW_SLOTS, VC } from './vcpu-control';
import { FinishReason, VcpuState } from './vcpu-state';
import { uiText } from '../core/api/ui-text';
import type { VcpuRunner } from './vcpu-runner';
import type { Watch } from '../core/cpu/watch';
import type { VcpuWorkerData, WorkerMessage } from './vcpu-worker';
import { DEBUG_STOP_KINDS, type DebugStopKind } from './vcpu-driver';
import { crashReport } from './fault-report';
import type { VcpuReport, Vmm } from './vmm';
import { logVtxExit } from './vtx-log';
import { logSoftVmmNote } from './soft-vmm-log';

const SLICE_MS = 20;
/** Spin on the doorbell before sleeping: long while exits come thick and fast, short otherwise. */
const DOORBELL_SPINS_BUSY = 200_000;
const DOORBELL_SPINS_IDLE = 1000;
/** How long to wait for a worker's final report after the VM stopped before declaring it lost. */
const FINAL_REPORT_TIMEOUT_MS = 5000;

export class WorkerRunner implements VcpuRunner {
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly finals: (VcpuReport | null)[];
  private readonly finalWaiters: (() => void)[] = [];
  private pauseWaiters: (() => void)[] = [];
  private stepWaiters: (() => void)[] = [];
  private running = false;
  private ended = false;
  /** A vCPU stopped at a breakpoint; reported once every vCPU is paused (all-stop). */
  private breakStop: { vcpu: number; eip: number; kind: DebugStopKind } | null = null;
  /** Sum of the parked vCPUs' run counts at the last look (checkParkedForever), -1 when not all parked. */
  private parkedRuns = -1;
  private readonly lost: boolean[];
  onBreakpoint: ((vcpu: number, eip: number, kind: DebugStopKind) => void) | null = null;

  private constructor(
    private readonly vmm: Vmm,
    private readonly workers: Worker[],
    private readonly pins: PinResult[],
    private readonly channels: WorkerDebugChannel[],
  ) {
    this.lost = workers.map(() => false);
    this.finals = workers.map(() => null);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    workers.forEach((w, v) => {
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'final') {
          if (m.exitTimings) vmm.exitTimings[v] = m.exitTimings;
          this.onFinal(v, m.report);
        } else if (m.type === 'vm-exit') logVtxExit(vmm, v, m.reason, m.port, m.size, m.isIn, true);
        else if (m.type === 'vmm-note') logSoftVmmNote(vmm.log, v, m.what, m.detail);
      });
      w.on('error', (err) => this.onLost(v, err));
      w.on('exit', (code) => {
        if (this.finals[v] === null) this.onLost(v, new Error(`the worker thread exited (code ${code}) without a report`));
      });
    });
    vmm.onStopRequest = () => this.requestStop();
  }

  static async create(vmm: Vmm): Promise<WorkerRunner> {
    const real = realAllowedCpus();
    const affinity = real && real.length > 0 && (vmm.config.pinThreads ?? true) ? planAffinity(vmm.plan.topology, real) : null;
    const costs = vmm.cpuCosts();
    const hooks = vmm.config.testHooks;
    const workers: Worker[] = [];
    const channels: WorkerDebugChannel[] = [];
    const ready: Promise<PinResult>[] = [];
    for (let v = 0; v < vmm.vcpus; v++) {
      const debug = new MessageChannel();
      channels.push(new WorkerDebugChannel(debug.port1, vmm.views, v));
      const data: VcpuWorkerData = {
        index: v,
        vcpus: vmm.vcpus,
        ram: vmm.pc.ram.buffer as SharedArrayBuffer,
        ramSize: vmm.ramSize,
        control: vmm.views.shared.buffer,
        entry: vmm.kernel.entry,
        waitForSipi: vmm.waitsForSipi(v),
        pinCpus: affinity ? [...(affinity.realCpusFor.get(vmm.plan.placement.cpuOf[v]!) ?? [])] : null,
        quantum: vmm.quantum,
        maxInsns: vmm.config.maxInsns ?? Infinity,
        crashAfter: hooks?.crashVcpu === v ? (hooks.crashAfter ?? 0) : Infinity,
        postMortem: vmm.config.postMortem === true,
        costs,
        sharedCode: vmm.sharedCode,
        exitTimingSamples: vmm.config.exitTimingSamples ?? 0,
        numa: vmm.numaTables ? { plan: vmm.plan, shared: vmm.numaShared, tables: vmm.numaTables } : null,
        mode: vmm.mode,
        jit: vmm.jit,
        vtx: vmm.vtxOptions,
        debugPort: debug.port2,
      };
      const w = (vmm.config.spawnVcpuWorker ?? spawnFromSource)({ workerData: data, name: `vcpu${v}`, transferList: [debug.port2] });
      workers.push(w);
      ready.push(
        new Promise((resolve, reject) => {
          const onMessage = (m: WorkerMessage): void => {
            if (m.type !== 'ready') return;
            w.off('message', onMessage);
            w.off('error', reject);
            resolve(m.pin);
          };
          w.on('message', onMessage);
          w.once('error', reject);
        }),
      );
    }
    let pins: PinResult[];
    try {
      pins = await Promise.all(ready);
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      channels.forEach((c) => c.close());
      throw err;
    }
    pins.forEach((p, v) => {
      const cpu = vmm.plan.placement.cpuOf[v] ?? -1;
      vmm.log.add(v, 'sched_setaffinity', p.pinned
        ? uiText('lifecycle.pinned', { cpu, real: p.cpusAllowed }, `host CPU ${cpu} → real CPUs ${p.cpusAllowed}`)
        : uiText('lifecycle.notPinned', { cpu, reason: p.reasonUi }, `host CPU ${cpu}: not pinned (${p.reason})`));
    });
    return new WorkerRunner(vmm, workers, pins, channels);
  }

  pinReports(): readonly PinResult[] {
    return this.pins;
  }

  start(paused = false): void {
    this.vmm.startedAt = performance.now();
    this.running = true;
    for (let v = 0; v < this.vmm.vcpus; v++) {
      this.vmm.log.add(v, 'KVM_RUN', this.vmm.runEntry(uiText('lifecycle.thread.worker', { vcpu: v }, `worker thread vcpu${v}`), paused));
      if (!paused) this.command(v, CMD_RUN);
    }
    void this.loop();
  }

  pause(): Promise<void> {
    for (let v = 0; v < this.vmm.vcpus; v++) if (!this.finished(v)) this.command(v, CMD_PAUSE);
    return new Promise((resolve) => {
      this.pauseWaiters.push(resolve);
      this.wakeLoop();
    });
  }

  resume(): void {
    this.armStepOver();
    for (let v = 0; v < this.vmm.vcpus; v++) if (!this.finished(v)) this.command(v, CMD_RUN);
  }

  step(): Promise<void> {
    this.armStepOver();
    for (let v = 0; v < this.vmm.vcpus; v++) if (!this.finished(v)) this.command(v, CMD_STEP);
    return new Promise((resolve) => {
      this.stepWaiters.push(resolve);
      this.wakeLoop();
    });
  }

  requestStop(): void {
    for (let v = 0; v < this.vmm.vcpus; v++) this.command(v, CMD_STOP);
    this.wakeLoop();
  }

  debugCall(v: number, req: DebugRequest): DebugAnswer {
    const refusal = this.debugRefusal(v);
    if (refusal !== null) throw new DebugError(refusal);
    return this.channels[v]!.call(req);
  }

  /** Every vCPU gets the new breakpoints: at once while paused, at its next quantum while it runs. */
  setBreakpoints(addresses: readonly number[]): void {
    if (this.ended) return;
    const req: DebugRequest = { op: 'breakpoints', addresses: [...addresses] };
    for (let v = 0; v < this.vmm.vcpus; v++) {
      if (this.lost[v]) continue;
      if (this.debugRefusal(v) === null) this.channels[v]!.call(req);
      else if (!this.finished(v)) this.channels[v]!.notify(req);
    }
  }

  /** Every vCPU gets the new watchpoints, as breakpoints do. */
  setWatchpoints(watches: readonly Watch[]): void {
    if (this.ended) return;
    const req: DebugRequest = { op: 'watchpoints', watches: [...watches] };
    for (let v = 0; v < this.vmm.vcpus; v++) {
      if (this.lost[v]) continue;
      if (this.debugRefusal(v) === null) this.channels[v]!.call(req);
      else if (!this.finished(v)) this.channels[v]!.notify(req);
    }
  }

  /** Why vCPU v cannot answer a debug request now, or null when it can (paused, or finished but serving). */
  private debugRefusal(v: number): string | null {
    if (this.ended || this.vmm.stopping) return 'the run has ended';
    if (this.lost[v]) return `vCPU ${v}'s thread is gone`;
    const views = this.vmm.views;
    const state = views.get(v, VC.state);
    if (state === VcpuState.finished) return null;
    const paused = state === VcpuState.paused || state === VcpuState.created;
    return paused && views.get(v, VC.cmd) === CMD_PAUSE ? null : `vCPU ${v} is running`;
  }

  /** Resuming after a stop: each paused vCPU steps over a breakpoint it sits on. */
  private armStepOver(): void {
    this.breakStop = null; // a hit not reported yet is moot: the vCPUs go on
    for (let v = 0; v < this.vmm.vcpus; v++) {
      const state = this.vmm.views.get(v, VC.state);
      if (state !== VcpuState.finished && this.debugRefusal(v) === null) this.channels[v]!.call({ op: 'stepOver' });
    }
  }

  private command(v: number, cmd: number): void {
    const views = this.vmm.views;
    views.set(v, VC.cmd, cmd);
    if (cmd !== CMD_RUN) views.set(v, VC.kick, 1);
    views.wake(v);
  }

  private finished(v: number): boolean {
    return this.vmm.views.get(v, VC.state) === VcpuState.finished;
  }

  private wakeLoop(): void {
    this.vmm.views.ringDoorbell();
  }

  private async loop(): Promise<void> {
    const vmm = this.vmm;
    const i32 = vmm.views.i32;
    let lastExit = 0;
    while (this.running) {
      const sliceEnd = performance.now() + SLICE_MS;
      while (this.running) {
        const seen = Atomics.load(i32, DOORBELL);
        const handled = vmm.serviceExits();
        this.checkStates();
        if (!this.running) break;
        const now = performance.now();
        if (now >= sliceEnd) break;
        if (handled > 0) {
          lastExit = now;
          continue;
        }
        const limit = now - lastExit < 1 ? DOORBELL_SPINS_BUSY : DOORBELL_SPINS_IDLE;
        let spins = 0;
        while (Atomics.load(i32, DOORBELL) === seen && ++spins < limit) { /* spin: the next exit is often µs away */ }
        if (spins >= limit) Atomics.wait(i32, DOORBELL, seen, sliceEnd - now);
      }
      vmm.flushSerial();
      this.checkTimeout();
      this.checkParkedForever();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    vmm.flushSerial();
    await this.collectFinals();
    this.ended = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.channels.forEach((c) => c.close());
    this.resolveDone();
  }

  /** Reacts to state words: finished vCPUs, completed pauses and steps. */
  private checkStates(): void {
    const views = this.vmm.views;
    let finished = 0;
    let paused = 0;
    let stepped = 0;
    let waitingForSipi = 0;
    for (let v = 0; v < this.vmm.vcpus; v++) {
      if (views.get(v, VC.debugStop) !== 0) this.onBreakpointHit(v);
      const state = views.get(v, VC.state);
      if (state === VcpuState.finished) {
        finished++;
        const reason = views.get(v, VC.finish);
        if (reason === FinishReason.tripleFault) this.vmm.requestStop('triple-fault');
        else if (reason === FinishReason.crashed) this.vmm.requestStop('crashed');
      } else if (state === VcpuState.waitForSipi) {
        // One with an INIT/SIPI posted is about to run: its thread has not had the CPU to take it yet.
        if (Atomics.load(this.vmm.views.events(v), 0) === 0) waitingForSipi++;
      } else if (state === VcpuState.paused || state === VcpuState.created) {
        paused++;
        if (views.get(v, VC.cmd) === CMD_PAUSE) stepped++;
      }
    }
    const n = this.vmm.vcpus;
    if (finished === n) this.running = false;
    // APs still waiting for a start-up IPI when every other vCPU has finished: nobody can send one.
    if (waitingForSipi > 0 && finished + waitingForSipi === n) {
      for (let v = 0; v < n; v++) if (views.get(v, VC.state) === VcpuState.waitForSipi) this.command(v, CMD_STOP);
    }
    if (this.pauseWaiters.length > 0 && paused + finished === n) {
      this.pauseWaiters.forEach((r) => r());
      this.pauseWaiters = [];
    }
    if (this.stepWaiters.length > 0 && stepped + finished === n) {
      this.stepWaiters.forEach((r) => r());
      this.stepWaiters = [];
    }
    if (this.breakStop !== null && paused + finished === n) {
      const stop = this.breakStop;
      this.breakStop = null;
      if (!this.vmm.stopping) {
        this.vmm.flushSerial();
        this.onBreakpoint?.(stop.vcpu, stop.eip, stop.kind);
      }
    }
  }

  /** vCPU v stopped itself at a breakpoint: pause every other vCPU (the first hit is the one reported). */
  private onBreakpointHit(v: number): void {
    const views = this.vmm.views;
    const kind = DEBUG_STOP_KINDS[views.get(v, VC.debugStop) - 1] ?? 'breakpoint';
    views.set(v, VC.debugStop, 0);
    if (this.breakStop !== null) return;
    this.breakStop = { vcpu: v, eip: views.get(v, VC.eip) >>> 0, kind };
    for (let u = 0; u < this.vmm.vcpus; u++) if (!this.finished(u)) this.command(u, CMD_PAUSE);
  }

  /**
   * --max-insns: every vCPU left is parked on HLT (no interrupt pending, no timer armed when it parked) and
   * none has run since the last look, one slice ago — nothing will wake them, so the limit can never be
   * reached and the run ends there (README: "Limits"). Two looks a slice apart let an IPI sent just before
   * its sender halted wake its target first.
   */
  private checkParkedForever(): void {
    const vmm = this.vmm;
    if (vmm.config.maxInsns === undefined || vmm.stopping) return;
    const views = vmm.views;
    let runs = 0;
    for (let v = 0; v < vmm.vcpus; v++) {
      const state = views.get(v, VC.state);
      if (state === VcpuState.finished) continue;
      const parked = state === VcpuState.halted || state === VcpuState.waitForSipi;
      if (!parked || views.get(v, VC.cmd) !== CMD_RUN) { this.parkedRuns = -1; return; }
      runs += views.counters[v * ROW_SLOTS + CTR.runs]!;
    }
    if (runs === this.parkedRuns) vmm.requestStop('instruction-limit');
    this.parkedRuns = runs;
  }

  private checkTimeout(): void {
    const t = this.vmm.config.timeoutMs;
    if (t !== undefined && performance.now() - this.vmm.startedAt > t) this.vmm.requestStop('timeout');
  }

  private onFinal(v: number, report: VcpuReport): void {
    if (this.finals[v] !== null) return;
    this.finals[v] = report;
    this.vmm.reports.push(report);
    this.finalWaiters.splice(0).forEach((r) => r());
  }

  /** A worker died without reporting (e.g. it could not even start): the VM stops with a report. */
  private onLost(v: number, err: unknown): void {
    this.lost[v] = true;
    if (this.finals[v] !== null) return;
    const views = this.vmm.views;
    const eip = views.get(v, VC.eip) >>> 0;
    const message = err instanceof Error ? err.message : String(err);
    views.set(v, VC.finish, FinishReason.crashed);
    views.set(v, VC.state, VcpuState.finished);
    const crash = crashReport(v, eip, message);
    this.onFinal(v, { vcpu: v, reason: FinishReason.crashed, eip, text: crash.text, ui: crash.ui });
    this.vmm.requestStop('crashed');
    this.wakeLoop();
  }

  private async collectFinals(): Promise<void> {
    const deadline = performance.now() + FINAL_REPORT_TIMEOUT_MS;
    while (this.finals.some((f) => f === null) && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.finalWaiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    this.finals.forEach((f, v) => {
      if (f === null) this.onLost(v, new Error('no final report from the worker thread'));
    });
  }
}
