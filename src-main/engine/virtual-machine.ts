/**
 * The programmatic face of the engine, for the CLI and the UI services:
 *
 *   const vm = await VirtualMachine.create(config);
 *   vm.onSerial((bytes) => …);
 *   vm.start();                          // or vm.start({ pauseAtEntry: true }) under a debugger
 *   … vm.snapshot() at 10 Hz, vm.pause(), vm.step(), vm.resume() …
 *   … vm.onStop((stop) => …), vm.debug.setBreakpoints([…]), vm.debug.registers(0) …
 *   const result = await vm.wait();      // or await vm.stop()
 */
import { EXPLAINED_STOPS, VmDebugger, type StopReason, type VmStop } from './debug';
import { SingleThreadRunner } from './single-thread-runner';
import { WorkerRunner } from './worker-runner';
import type { LifecycleEntry } from './lifecycle-log';
import type { VcpuRunner } from './vcpu-runner';
import { buildVmStats, snapshotVm, type VmSnapshot, type VmStats } from './vm-stats';
import type { VmConfig } from './vm-config';
import { Vmm, type VcpuReport, type VmOutcome } from './vmm';
import { VC } from './vcpu-control';
import { logVtxTotals } from './vtx-log';
import { readVmxSample } from './vmx-sample';
import { logSoftVmmTotals, readSoftVmmCounters } from './soft-vmm-log';
import { uiText, type LocalizedText } from '../core/api/ui-text';
import { mmuTotals, readMmuSample } from './mmu-sample';
import { VCPU_STATE_NAMES, VcpuState, type VcpuStateName } from './vcpu-state';
import { tuneV8ForEmulation } from './v8-tuning';

export interface VmResult {
  readonly outcome: VmOutcome;
  /** isa-debug-exit value, when the guest wrote one. */
  readonly exitValue: number | null;
  /** Triple-fault and crash reports (vCPU, EIP, fault chain or error). */
  readonly reports: readonly VcpuReport[];
  readonly stats: VmStats;
}

export interface StartOptions {
  /** Hold every vCPU before its first instruction (a stop with reason 'entry'). */
  readonly pauseAtEntry?: boolean;
}

export class VirtualMachine {
  private started = false;
  private ended = false;
  private result: Promise<VmResult> | null = null;
  /** The stop in effect (every vCPU paused by the debugger or a caller), or null while running. */
  private stop_: VmStop | null = null;
  private readonly stopListeners = new Set<(stop: VmStop) => void>();
  private debugger_: VmDebugger | null = null;

  private constructor(
    private readonly vmm: Vmm,
    private readonly runner: VcpuRunner,
  ) {}

  /** Builds the machine, loads the guest and (worker mode) starts the vCPU threads, paused. */
  static async create(config: VmConfig): Promise<VirtualMachine> {
    tuneV8ForEmulation();
    const vmm = new Vmm(config);
    const runner = vmm.threading === 'workers' ? await WorkerRunner.create(vmm) : new SingleThreadRunner(vmm);
    return new VirtualMachine(vmm, runner);
  }

  get vcpuCount(): number {
    return this.vmm.vcpus;
  }

  /** Warnings from loading the kernel, and host pinning problems (worker mode), for stderr or the UI. */
  warnings(): string[] {
    return this.localizedWarnings().map((w) => w.text);
  }

  /** The warnings with their translatable form (core/api/ui-text.ts). */
  localizedWarnings(): LocalizedText[] {
    const out = [...this.vmm.kernel.warnings];
    const pins = this.runner.pinReports();
    const failed = pins?.flatMap((p, i) => (p && !p.pinned ? [uiText('pin.vcpu', { vcpu: i, reason: p.reasonUi }, `vCPU ${i}: ${p.reason}`)] : [])) ?? [];
    if (failed.length > 0) {
      // One message per vCPU, joined by "; " (a list of messages as parameters "first", "rest").
      const list = failed.reduce((rest, f) => uiText('pin.list', { first: rest.ui, next: f.ui }, `${rest.text}; ${f.text}`));
      out.push(uiText('pin.cannotPin', { list: list.ui }, `cannot pin vCPU threads to host CPUs: ${list.text}`));
    }
    return out;
  }

  onSerial(listener: (bytes: Uint8Array) => void): void {
    this.vmm.onSerial(listener);
  }

  /** Console input for COM1. */
  sendSerial(bytes: Uint8Array): void {
    this.vmm.pc.uart.receive(bytes);
  }

  start(options: StartOptions = {}): void {
    if (this.started) return;
    this.started = true;
    this.runner.onBreakpoint = (vcpu, eip, kind) => this.stopped(kind, vcpu, eip);
    this.runner.start(options.pauseAtEntry === true);
    const t0 = performance.now();
    this.result = this.runner.done.then(() => {
      this.ended = true;
      this.stop_ = null;
      const outcome = this.vmm.outcome();
      if (this.vmm.vtx) for (let v = 0; v < this.vmm.vcpus; v++) logVtxTotals(this.vmm.log, v, readVmxSample(this.vmm.views, v));
      if (this.vmm.softVmm !== null) for (let v = 0; v < this.vmm.vcpus; v++) logSoftVmmTotals(this.vmm.log, v, readSoftVmmCounters(this.vmm.views, v));
      for (let v = 0; v < this.vmm.vcpus; v++) {
        const mmu = readMmuSample(this.vmm.views, v);
        if (mmu.tlbMisses > 0) this.vmm.log.add(v, 'MMU totals', mmuTotals(mmu));
      }
      this.vmm.log.add(-1, 'KVM_DESTROY_VM', uiText(`lifecycle.outcome.${outcome}`, {}, outcome));
      return {
        outcome,
        exitValue: this.vmm.exitValue,
        reports: this.vmm.reports.filter((r) => r.text !== undefined),
        stats: buildVmStats(this.vmm, outcome, performance.now() - t0, this.runner.pinReports()),
      };
    });
    if (options.pauseAtEntry === true) this.stopped('entry', 0, this.vmm.kernel.entry.eip);
  }

  /** Pauses every vCPU (a stop with reason 'pause'). */
  async pause(): Promise<void> {
    if (this.ended) return;
    await Promise.race([this.runner.pause(), this.runner.done]);
    this.stopped('pause');
  }

  /** Lets every vCPU run again; a vCPU sitting on a breakpoint steps over it. */
  resume(): void {
    this.stop_ = null;
    this.runner.resume();
  }

  /** One instruction on every runnable vCPU, then a stop with reason 'step'. */
  async step(): Promise<void> {
    if (this.ended) return;
    this.stop_ = null;
    await Promise.race([this.runner.step(), this.runner.done]);
    // The step ran into a fault, failed entry or watchpoint: that stop stands.
    if (this.stop_ !== null && EXPLAINED_STOPS.includes((this.stop_ as VmStop).reason)) return;
    this.stopped('step');
  }

  /** The stop in effect, or null while the vCPUs run (or after the run ended). */
  currentStop(): VmStop | null {
    return this.stop_;
  }

  /** Called at every stop: entry, breakpoint (after every vCPU paused), step, pause. Returns an unsubscribe. */
  onStop(listener: (stop: VmStop) => void): () => void {
    this.stopListeners.add(listener);
    return () => this.stopListeners.delete(listener);
  }

  /** The debugger: registers, memory, disassembly, breakpoints and the event trace of every vCPU. */
  get debug(): VmDebugger {
    this.debugger_ ??= new VmDebugger({
      vcpuCount: this.vmm.vcpus,
      currentStop: () => this.stop_,
      ended: () => this.ended,
      vcpuState: (v) => this.vcpuState(v),
      call: (v, req) => this.runner.debugCall(v, req),
      setBreakpoints: (addresses) => this.runner.setBreakpoints(addresses),
      setWatchpoints: (watches) => this.runner.setWatchpoints(watches),
    });
    return this.debugger_;
  }

  private vcpuState(v: number): VcpuStateName {
    return VCPU_STATE_NAMES[this.vmm.views.get(v, VC.state)] ?? 'running';
  }

  /** Records a stop and tells the listeners (with the guest's serial output flushed first). */
  private stopped(reason: StopReason, vcpu?: number, eip?: number): void {
    if (this.ended || this.vmm.stopping) return;
    const views = this.vmm.views;
    let v = vcpu ?? 0;
    if (vcpu === undefined) {
      for (let u = 0; u < this.vmm.vcpus; u++) {
        if (views.get(u, VC.state) !== VcpuState.finished) { v = u; break; }
      }
    }
    const stop: VmStop = { reason, vcpu: v, eip: (eip ?? views.get(v, VC.eip)) >>> 0 };
    this.stop_ = stop;
    this.vmm.flushSerial();
    for (const listener of this.stopListeners) listener(stop);
  }

  /** Ends the run (outcome 'stopped' unless it already ended otherwise). */
  stop(): Promise<VmResult> {
    if (!this.started) this.start();
    this.vmm.requestStop('stopped');
    this.runner.requestStop();
    return this.wait();
  }

  wait(): Promise<VmResult> {
    if (!this.result) throw new Error('the VM has not been started');
    return this.result;
  }

  /** Exit round trips in ns per vCPU, once the run ended (worker mode with VmConfig.exitTimingSamples). */
  exitRoundTrips(): readonly Float64Array[] {
    return this.vmm.exitTimings;
  }

  snapshot(): VmSnapshot {
    return snapshotVm(this.vmm);
  }

  lifecycleLog(): readonly LifecycleEntry[] {
    return this.vmm.log.list();
  }

  /** Lifecycle entries not kept because the log was full. */
  lifecycleDropped(): number {
    return this.vmm.log.dropped;
  }

  formatLifecycleLog(): string {
    return this.vmm.log.format();
  }
}
