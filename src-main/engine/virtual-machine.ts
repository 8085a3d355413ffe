/**
 * The programmatic face of the engine, for the CLI and the UI services:
 *
 *   const vm = await VirtualMachine.create(config);
 *   vm.onSerial((bytes) => …);
 *   vm.start();
 *   … vm.snapshot() at 10 Hz, vm.pause(), vm.step(), vm.resume() …
 *   const result = await vm.wait();      // or await vm.stop()
 */
import { SingleThreadRunner } from './single-thread-runner';
import { WorkerRunner } from './worker-runner';
import type { LifecycleEntry } from './lifecycle-log';
import type { VcpuRunner } from './vcpu-runner';
import { buildVmStats, snapshotVm, type VmSnapshot, type VmStats } from './vm-stats';
import type { VmConfig } from './vm-config';
import { Vmm, type VcpuReport, type VmOutcome } from './vmm';

export interface VmResult {
  readonly outcome: VmOutcome;
  /** isa-debug-exit value, when the guest wrote one. */
  readonly exitValue: number | null;
  /** Triple-fault and crash reports (vCPU, EIP, fault chain or error). */
  readonly reports: readonly VcpuReport[];
  readonly stats: VmStats;
}

export class VirtualMachine {
  private started = false;
  private result: Promise<VmResult> | null = null;

  private constructor(
    private readonly vmm: Vmm,
    private readonly runner: VcpuRunner,
  ) {}

  /** Builds the machine, loads the guest and (worker mode) starts the vCPU threads, paused. */
  static async create(config: VmConfig): Promise<VirtualMachine> {
    const vmm = new Vmm(config);
    const runner = vmm.threading === 'workers' ? await WorkerRunner.create(vmm) : new SingleThreadRunner(vmm);
    return new VirtualMachine(vmm, runner);
  }

  get vcpuCount(): number {
    return this.vmm.vcpus;
  }

  /** Warnings from loading the kernel, and host pinning problems (worker mode), for stderr or the UI. */
  warnings(): string[] {
    const out = [...this.vmm.kernel.warnings];
    const pins = this.runner.pinReports();
    const failed = pins?.flatMap((p, i) => (p && !p.pinned ? [`vCPU ${i}: ${p.reason}`] : [])) ?? [];
    if (failed.length > 0) out.push(`cannot pin vCPU threads to host CPUs: ${failed.join('; ')}`);
    return out;
  }

  onSerial(listener: (bytes: Uint8Array) => void): void {
    this.vmm.onSerial(listener);
  }

  /** Console input for COM1. */
  sendSerial(bytes: Uint8Array): void {
    this.vmm.pc.uart.receive(bytes);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.runner.start();
    const t0 = performance.now();
    this.result = this.runner.done.then(() => {
      const outcome = this.vmm.outcome();
      this.vmm.log.add(-1, 'KVM_DESTROY_VM', outcome);
      return {
        outcome,
        exitValue: this.vmm.exitValue,
        reports: this.vmm.reports.filter((r) => r.text !== undefined),
        stats: buildVmStats(this.vmm, outcome, performance.now() - t0, this.runner.pinReports()),
      };
    });
  }

  pause(): Promise<void> {
    return this.runner.pause();
  }

  resume(): void {
    this.runner.resume();
  }

  step(): Promise<void> {
    return this.runner.step();
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

  formatLifecycleLog(): string {
    return this.vmm.log.format();
  }
}
