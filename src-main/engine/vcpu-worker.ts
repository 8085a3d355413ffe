/**
 * Entry of a vCPU worker thread (one per vCPU, as each KVM vCPU is a QEMU thread). It pins its own OS thread,
 * builds its CPU over the shared guest RAM with its local APIC in-thread, and loops: read the command word,
 * run a quantum, park on HLT or pause with Atomics.wait; debugger requests are answered between quanta and
 * while paused (debug-channel.ts), and a breakpoint pauses the vCPU at once. Exits to devices go through the mailbox
 * (worker-bus.ts). Any error is caught and reported with the vCPU and its guest EIP; the VM goes on to stop.
 */
import type { JitMode } from '../core/jit/modes';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { Cpu } from '../core/cpu/cpu';
import { Engine } from '../core/cpu/engine';
import { LocalApic } from '../core/machine/devices/local-apic';
import type { EntryState } from '../core/machine/boot/entry-state';
import type { SharedCodeState } from '../core/cpu/cpu';
import { NumaMemory, type NumaPlan, type NumaShared } from '../core/numa';
import { applyEntryState } from './apply-entry-state';
import { enterInitState } from '../core/cpu/reset';
import { serveDebugRequests } from './debug-channel';
import { VcpuDebugTarget } from './debug-target';
import { VcpuNuma, type NumaTablesShared } from './numa-accounting';
import { notPinned, pinCurrentThread, type PinResult } from './host-affinity';
import { SharedApicBus } from './shared-apic-bus';
import { CMD_PAUSE, CMD_RUN, CMD_STEP, CMD_STOP, ControlViews, CTR, ROW_SLOTS, VC, VM_LOCK } from './vcpu-control';
import { DEBUG_STOP_KINDS, STEP_BREAKPOINT, STEP_FINISHED, STEP_PARK, VcpuDriver } from './vcpu-driver';
import { FinishReason, VcpuState } from './vcpu-state';
import { WorkerBus } from './worker-bus';
import type { VcpuReport } from './vmm';
import { VtxVcpu, type VtxOptions } from '../core/vmm/vtx';
import { BUILT_IN_VMM_GUEST_CPU, isSoftVmmMode, type BuiltInVmmVcpu } from '../core/vmm/modes';
import { softVmmFactory } from '../core/vmm/soft-vmm';
import type { LocalizedText } from '../core/api/ui-text';
import type { VmMode } from './vm-config';

export interface VcpuWorkerData {
  readonly index: number;
  readonly vcpus: number;
  readonly ram: SharedArrayBuffer;
  readonly ramSize: number;
  readonly control: SharedArrayBuffer;
  readonly entry: EntryState;
  /** An AP under --ap-start sipi: it starts in the INIT state, waiting for a start-up IPI. */
  readonly waitForSipi: boolean;
  /** Real CPUs to pin this thread to, or null to leave it unpinned. */
  readonly pinCpus: readonly number[] | null;
  readonly quantum: number;
  readonly maxInsns: number;
  readonly crashAfter: number;
  /** VmConfig.postMortem: a debug session holds a fatal fault (and a failed VM entry) as a stop. */
  readonly postMortem: boolean;
  readonly costs: Int32Array;
  /** Page kinds and code generations shared by every vCPU (views of SharedArrayBuffers). */
  readonly sharedCode: SharedCodeState | null;
  /** Exit round trips to time (0: none). */
  readonly exitTimingSamples: number;
  /** NUMA plan, shared counters and cost tables, or null when NUMA accounting is off. */
  readonly numa: { readonly plan: NumaPlan; readonly shared: NumaShared; readonly tables: NumaTablesShared } | null;
  /** The mode: vtx runs the guest in VMX non-root under the built-in VMM, trap/bt/pv under a software VMM. */
  readonly mode: VmMode;
  /** The translator's mode (core/jit/modes.ts). */
  readonly jit: JitMode;
  /** --mode vtx: EPT, VPID and EPT page size; null in other modes. */
  readonly vtx: VtxOptions | null;
  /** This worker's end of its debug channel (debug-channel.ts). */
  readonly debugPort: MessagePort;
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly pin: PinResult }
  | { readonly type: 'final'; readonly report: VcpuReport; readonly exitTimings?: Float64Array }
  /** --mode vtx: the vCPU's first VM exit of a reason (for I/O, per port and direction), for the lifecycle log. */
  | { readonly type: 'vm-exit'; readonly reason: number; readonly port: number; readonly size: number; readonly isIn: boolean }
  /** --mode trap|bt|pv: the software VMM did something for the first time (lifecycle log). */
  | { readonly type: 'vmm-note'; readonly what: string; readonly detail: LocalizedText };

const PARK_TIMEOUT_MS = 100;

function main(): void {
  const d = workerData as VcpuWorkerData;
  const port = parentPort!;
  const i = d.index;
  const views = new ControlViews({ buffer: d.control, vcpus: d.vcpus });
  const i32 = views.i32;
  const base = views.slot(i, 0);
  const pin: PinResult = d.pinCpus ? pinCurrentThread(d.pinCpus) : notPinned('disabled', {}, 'pinning disabled');

  const apicBus = new SharedApicBus(views);
  let bus: WorkerBus | null = null;
  const lapic = new LocalApic({
    apicId: i,
    bsp: i === 0,
    sendIpi: (msg) => apicBus.deliver(msg),
    onLevelEoi: (vector) => bus?.eoi(vector),
    irr: views.irr(i),
    tmr: views.tmr(i),
    events: views.events(i),
  });
  bus = new WorkerBus(views, i, lapic);
  if (d.exitTimingSamples > 0) bus.timings = new Float64Array(d.exitTimingSamples);
  const numa = d.numa ? new VcpuNuma(i, new NumaMemory(d.numa.plan.setup, d.numa.shared), d.numa.plan, d.numa.tables) : null;
  const cpu = new Cpu({ u8: new Uint8Array(d.ram), size: d.ramSize }, bus, lapic, null, {
    apicId: i,
    stopFlag: i32,
    stopIndex: base + VC.kick,
    costs: d.costs,
    // Other vCPU threads share this RAM: LOCK-prefixed instructions and XCHG with memory are atomic.
    atomicRam: true,
    atomicLock: i32,
    atomicLockIndex: VM_LOCK,
    ...(d.sharedCode ? { sharedCode: d.sharedCode } : {}),
    ...(numa ? numa.cpuOptions() : {}),
    ...(d.mode !== 'native' ? BUILT_IN_VMM_GUEST_CPU : {}),
  });
  bus.cpu = cpu;
  applyEntryState(cpu, d.entry);
  if (d.waitForSipi) enterInitState(cpu, false);
  let vmm: BuiltInVmmVcpu | null = null;
  if (d.vtx !== null) {
    vmm = new VtxVcpu(cpu, i, d.vtx, (reason, p, size, isIn) => port.postMessage({ type: 'vm-exit', reason, port: p, size, isIn } satisfies WorkerMessage));
  } else if (isSoftVmmMode(d.mode)) {
    const create = softVmmFactory(d.mode);
    if (create === null) throw new Error(`--mode ${d.mode} is not in this build`); // (the VMM refused it before any worker started)
    vmm = create(cpu, i, (what, detail) => port.postMessage({ type: 'vmm-note', what, detail } satisfies WorkerMessage));
  }
  const driver = new VcpuDriver(i, cpu, new Engine(cpu, { jit: d.jit }), lapic, views, { maxInsns: d.maxInsns, crashAfter: d.crashAfter, numa, vmm, postMortem: d.postMortem });
  const debugTarget = new VcpuDebugTarget(driver);
  const serveDebug = (): void => serveDebugRequests(d.debugPort, views, i, debugTarget);
  port.postMessage({ type: 'ready', pin } satisfies WorkerMessage);

  // Clear the wake word before the last look at the IRR and the command, so a post in between is not lost.
  const park = (): void => {
    Atomics.store(i32, base + VC.wake, 0);
    if (driver.interruptPending() || Atomics.load(i32, base + VC.cmd) !== CMD_RUN) return;
    Atomics.wait(i32, base + VC.wake, 0, PARK_TIMEOUT_MS);
  };
  try {
    for (;;) {
      serveDebug();
      const cmd = Atomics.load(i32, base + VC.cmd);
      if (cmd === CMD_STOP) {
        driver.finish(FinishReason.stopped);
        break;
      }
      if (cmd === CMD_PAUSE) {
        if (Atomics.load(i32, base + VC.state) !== VcpuState.created) driver.setState(VcpuState.paused);
        views.ringDoorbell();
        Atomics.store(i32, base + VC.wake, 0);
        serveDebug();
        if (Atomics.load(i32, base + VC.cmd) === CMD_PAUSE) Atomics.wait(i32, base + VC.wake, 0, PARK_TIMEOUT_MS);
        continue;
      }
      Atomics.store(i32, base + VC.kick, 0);
      const next = driver.runQuantum(cmd === CMD_STEP ? 1 : d.quantum);
      if (cmd === CMD_STEP) Atomics.compareExchange(i32, base + VC.cmd, CMD_STEP, CMD_PAUSE);
      if (next === STEP_FINISHED) break;
      if (next === STEP_BREAKPOINT) {
        // All-stop: this vCPU pauses itself at once; the VMM sees debugStop and pauses the others.
        Atomics.store(i32, base + VC.debugStop, DEBUG_STOP_KINDS.indexOf(driver.stopKind) + 1);
        Atomics.compareExchange(i32, base + VC.cmd, CMD_RUN, CMD_PAUSE);
        views.ringDoorbell();
        continue;
      }
      if (next === STEP_PARK && !driver.interruptPending()) {
        driver.setState(driver.parkState());
        const c = views.counters;
        c[i * ROW_SLOTS + CTR.haltParks] = c[i * ROW_SLOTS + CTR.haltParks]! + 1;
        park();
      }
    }
  } catch (err) {
    driver.crash(err);
  }
  views.ringDoorbell();
  const timings = bus.timings?.slice(0, bus.timingCount);
  port.postMessage({ type: 'final', report: driver.report!, ...(timings ? { exitTimings: timings } : {}) } satisfies WorkerMessage);
  // A finished vCPU stays inspectable by the debugger while the rest of the VM runs.
  while (Atomics.load(i32, base + VC.cmd) !== CMD_STOP) {
    Atomics.store(i32, base + VC.wake, 0);
    serveDebug();
    if (Atomics.load(i32, base + VC.cmd) !== CMD_STOP) Atomics.wait(i32, base + VC.wake, 0, PARK_TIMEOUT_MS);
  }
}

main();
