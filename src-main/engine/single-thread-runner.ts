/**
 * All vCPUs on the calling thread, round-robin with a fixed instruction quantum: the 1-vCPU path and
 * `--deterministic` (the order of events depends only on the guest and the quantum, so serial output and
 * counters are identical run to run). The loop yields to the event loop between wall-clock slices, which
 * never changes the schedule; when every vCPU is parked on HLT with no timer armed it sleeps.
 */
import { Cpu } from '../core/cpu/cpu';
import { Engine } from '../core/cpu/engine';
import { STOP_EXIT_REQUEST } from '../core/cpu/exceptions';
import { applyEntryState } from './apply-entry-state';
import { enterInitState } from '../core/cpu/reset';
import { DebugError, type DebugAnswer, type DebugRequest } from './debug-protocol';
import { VcpuDebugTarget } from './debug-target';
import { VcpuNuma } from './numa-accounting';
import type { Watch } from '../core/cpu/watch';
import { CMD_PAUSE, CMD_RUN, CMD_STEP, VC } from './vcpu-control';
import { STEP_BREAKPOINT, STEP_FINISHED, STEP_PARK, VcpuDriver, type DebugStopKind } from './vcpu-driver';
import { FinishReason, VcpuState } from './vcpu-state';
import { uiText } from '../core/api/ui-text';
import type { Vmm } from './vmm';
import type { VcpuRunner } from './vcpu-runner';
import { VtxVcpu } from '../core/vmm/vtx';
import { BUILT_IN_VMM_GUEST_CPU, type BuiltInVmmVcpu } from '../core/vmm/modes';
import { softVmmFactory } from '../core/vmm/soft-vmm';
import { logVtxExit } from './vtx-log';
import { logSoftVmmNote } from './soft-vmm-log';

const SLICE_MS = 20;

export class SingleThreadRunner implements VcpuRunner {
  readonly drivers: VcpuDriver[] = [];
  private readonly targets: VcpuDebugTarget[] = [];
  private cmd = CMD_PAUSE;
  private ended = false;
  /** A vCPU stopped at a breakpoint; reported after the slice, with every vCPU paused. */
  private breakStop: { vcpu: number; eip: number; kind: DebugStopKind } | null = null;
  onBreakpoint: ((vcpu: number, eip: number, kind: DebugStopKind) => void) | null = null;
  private current: VcpuDriver | null = null;
  private wakeUp: (() => void) | null = null;
  private stepDone: (() => void) | null = null;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(private readonly vmm: Vmm) {
    const pc = vmm.pc;
    const costs = vmm.cpuCosts();
    const maxInsns = vmm.config.maxInsns ?? Infinity;
    const hooks = vmm.config.testHooks;
    for (let i = 0; i < vmm.vcpus; i++) {
      const numa = vmm.numaTables ? new VcpuNuma(i, vmm.numa, vmm.plan, vmm.numaTables) : null;
      const cpu = new Cpu(pc.ram, pc.busFor(i), pc.lapics[i]!, null, {
        apicId: i,
        stopFlag: vmm.views.i32,
        stopIndex: vmm.views.slot(i, VC.kick),
        costs,
        ...(vmm.sharedCode ? { sharedCode: vmm.sharedCode } : {}),
        ...(numa ? numa.cpuOptions() : {}),
        ...(vmm.mode !== 'native' ? BUILT_IN_VMM_GUEST_CPU : {}),
      });
      applyEntryState(cpu, vmm.kernel.entry);
      if (vmm.waitsForSipi(i)) enterInitState(cpu, false);
      let builtIn: BuiltInVmmVcpu | null = null;
      if (vmm.vtxOptions !== null) builtIn = new VtxVcpu(cpu, i, vmm.vtxOptions, (reason, port, size, isIn) => logVtxExit(vmm, i, reason, port, size, isIn, false));
      else if (vmm.softVmm !== null) builtIn = softVmmFactory(vmm.softVmm)!(cpu, i, (what, detail) => logSoftVmmNote(vmm.log, i, what, detail));
      this.drivers.push(
        new VcpuDriver(i, cpu, new Engine(cpu, { jit: vmm.jit }), pc.lapics[i]!, vmm.views, {
          maxInsns,
          crashAfter: hooks?.crashVcpu === i ? (hooks.crashAfter ?? 0) : Infinity,
          numa,
          vmm: builtIn,
          postMortem: vmm.config.postMortem === true,
        }),
      );
    }
    for (const d of this.drivers) this.targets.push(new VcpuDebugTarget(d));
    vmm.onDebugExit = () => {
      if (this.current) this.current.cpu.stopReason = STOP_EXIT_REQUEST;
    };
    vmm.onStopRequest = () => this.wakeUp?.();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  start(paused = false): void {
    this.cmd = paused ? CMD_PAUSE : CMD_RUN;
    this.vmm.startedAt = performance.now();
    const how = this.vmm.runEntry(uiText('lifecycle.thread.single', {}, 'round-robin on the VMM thread'), paused);
    for (const d of this.drivers) this.vmm.log.add(d.index, 'KVM_RUN', how);
    void this.loop();
  }

  pause(): Promise<void> {
    this.cmd = CMD_PAUSE;
    // Nothing runs between two turns of the loop on this thread: every vCPU is paused already.
    for (const d of this.drivers) if (!d.finished) d.setState(VcpuState.paused);
    return Promise.resolve();
  }

  resume(): void {
    this.armStepOver();
    this.cmd = CMD_RUN;
    this.wakeUp?.();
  }

  step(): Promise<void> {
    this.armStepOver();
    this.cmd = CMD_STEP;
    return new Promise((resolve) => {
      this.stepDone = resolve;
      this.wakeUp?.();
    });
  }

  requestStop(): void {
    // A paused loop must run once more to see `vmm.stopping` and finish every vCPU.
    this.cmd = CMD_RUN;
    this.wakeUp?.();
  }

  debugCall(v: number, req: DebugRequest): DebugAnswer {
    if (this.ended) throw new DebugError('the run has ended');
    const d = this.drivers[v]!;
    if (this.cmd !== CMD_PAUSE && !d.finished) throw new DebugError(`vCPU ${v} is running`);
    return this.targets[v]!.handle(req);
  }

  /** Applied at once: nothing runs between two calls on this thread. */
  setBreakpoints(addresses: readonly number[]): void {
    for (const t of this.targets) t.handle({ op: 'breakpoints', addresses });
  }

  setWatchpoints(watches: readonly Watch[]): void {
    for (const t of this.targets) t.handle({ op: 'watchpoints', watches: [...watches] });
  }

  /** Resuming after a pause: each vCPU steps over a breakpoint it sits on. */
  private armStepOver(): void {
    if (this.cmd !== CMD_PAUSE) return;
    for (const d of this.drivers) d.armStepOver();
  }

  /** Pin results: no worker threads here. */
  pinReports(): undefined {
    return undefined;
  }

  private async loop(): Promise<void> {
    const vmm = this.vmm;
    const quantum = vmm.quantum;
    try {
      for (;;) {
        const sliceEnd = performance.now() + SLICE_MS;
        let idle = false;
        while (!idle && this.cmd !== CMD_PAUSE && performance.now() < sliceEnd) {
          const step = this.cmd === CMD_STEP;
          let active = 0;
          let progressed = false;
          for (const d of this.drivers) {
            if (d.finished) continue;
            if (vmm.stopping) {
              d.finish(FinishReason.stopped);
              this.onFinished(d);
              continue;
            }
            active++;
            this.current = d;
            const before = d.cpu.instructions;
            let next: number;
            try {
              next = d.runQuantum(step ? 1 : quantum);
            } catch (err) {
              next = d.crash(err);
            }
            this.current = null;
            if (d.cpu.instructions !== before) progressed = true;
            if (next === STEP_BREAKPOINT) {
              // All-stop: the vCPUs after this one in the round do not run either.
              this.cmd = CMD_PAUSE;
              this.breakStop = { vcpu: d.index, eip: d.cpu.eip >>> 0, kind: d.stopKind };
              progressed = true;
              break;
            }
            if (next === STEP_FINISHED) this.onFinished(d);
            else if (next === STEP_PARK) {
              d.setState(d.parkState());
              if (!d.interruptPending() && !d.timerArmed()) continue;
              progressed = true;
            } else if (d.timerArmed()) progressed = true;
          }
          if (active === 0 || this.drivers.every((d) => d.finished)) return;
          // APs still waiting for a start-up IPI when every other vCPU has finished: nobody can send one.
          if (this.drivers.every((d) => d.finished || (d.cpu.waitForSipi && !d.interruptPending()))) {
            for (const d of this.drivers) if (!d.finished) { d.finish(FinishReason.stopped); this.onFinished(d); }
            return;
          }
          if (step) {
            this.cmd = CMD_PAUSE;
            this.stepDone?.();
            this.stepDone = null;
          }
          idle = !progressed;
        }
        vmm.flushSerial();
        this.checkTimeout();
        // Every vCPU left is parked on HLT with no interrupt pending and no timer armed: under --max-insns
        // the limit can never be reached, so the run ends there (README: "Limits").
        if (idle && this.cmd !== CMD_PAUSE && vmm.config.maxInsns !== undefined) vmm.requestStop('instruction-limit');
        if (this.cmd === CMD_PAUSE) {
          for (const d of this.drivers) if (!d.finished) d.setState(VcpuState.paused);
        }
        const stop = this.breakStop;
        this.breakStop = null;
        if (stop !== null && !vmm.stopping) this.onBreakpoint?.(stop.vcpu, stop.eip, stop.kind);
        // Yield to the event loop; sleep while nothing can run (paused, or all parked on HLT).
        await new Promise<void>((resolve) => {
          const wait = idle || this.cmd === CMD_PAUSE ? 5 : 0;
          this.wakeUp = resolve;
          if (wait === 0) setImmediate(resolve);
          else setTimeout(resolve, wait);
        });
        this.wakeUp = null;
      }
    } finally {
      vmm.flushSerial();
      this.ended = true;
      this.resolveDone();
    }
  }

  private onFinished(d: VcpuDriver): void {
    const report = d.report!;
    this.vmm.reports.push(report);
    if (report.reason === FinishReason.tripleFault) this.vmm.requestStop('triple-fault');
    else if (report.reason === FinishReason.crashed) this.vmm.requestStop('crashed');
  }

  private checkTimeout(): void {
    const t = this.vmm.config.timeoutMs;
    if (t !== undefined && performance.now() - this.vmm.startedAt > t) this.vmm.requestStop('timeout');
  }
}
