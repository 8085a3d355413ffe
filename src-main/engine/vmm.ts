/**
 * The main-process half of a VM, shared by both ways of running vCPUs: the PC with its devices, the loaded
 * kernel, the NUMA plan and counters, the control buffer, the serial output, the lifecycle log, and the
 * decision of how the run ends.
 */
import { parseJitMode, type JitMode } from '../core/jit/modes';
import { PcPlatform } from '../core/machine/pc';
import type { LoadedKernel } from '../core/machine/boot/load-kernel';
import { DEFAULT_RAM_BYTES } from '../core/machine/ram';
import { costPreset, cpuCostVector, createCostCounters, DEFAULT_COST_PRESET, type CostCounters, type CostPreset } from '../core/cost';
import { createNumaShared, NumaMemory, planNuma, SMP4, type NumaPlan, type NumaShared } from '../core/numa';
import { createSharedCodeState, type SharedCodeState } from '../core/cpu/cpu';
import { createNumaTables, guestPagesTotal, type NumaTablesShared } from './numa-accounting';
import type { AccessSize } from '../core/machine/platform';
import type { ApicMessage } from '../core/machine/devices/apic-message';
import { ExitKind, handleExit, KVM_EXIT_NAMES, type ExitDevices, type ExitResponse, type VcpuExit } from './exit-handler';
import { LifecycleLog } from './lifecycle-log';
import { uiText, type LocalizedText, type UiText } from '../core/api/ui-text';
import { SharedApicBus } from './shared-apic-bus';
import { CMD_PAUSE, ControlViews, createControl, MB_DONE, MB_POSTED, VC } from './vcpu-control';
import { FinishReason, VcpuState } from './vcpu-state';
import { guestNumaLayout, UnavailableError, type Threading, type VmConfig } from './vm-config';
import { vtxOptions, type VtxOptions } from '../core/vmm/vtx/vtx-options';
import { logVtxVcpu, VTX_IO_EXIT, VTX_MMIO_NOTE, VTX_MMIO_NOTE_EPT, VTX_RUN_DETAIL } from './vtx-log';
import { isSoftVmmMode, type SoftVmmMode } from '../core/vmm/modes';
import { modeUnavailable } from '../core/vmm/mode-availability';
import { softVmmRunDetail } from './soft-vmm-log';
import type { VmMode } from './vm-config';

/** Serial output is handed on at least every this many bytes (and at every runner slice). */
const SERIAL_FLUSH_BYTES = 64 * 1024;

export type VmOutcome = 'debug-exit' | 'halted' | 'triple-fault' | 'timeout' | 'instruction-limit' | 'crashed' | 'stopped';

/** A vCPU's end as its runner reports it (the triple-fault or crash report for stderr). */
export interface VcpuReport {
  readonly vcpu: number;
  readonly reason: FinishReason;
  readonly eip: number;
  readonly text?: string;
  /** The text's lines as messages the UI translates (core/api/ui-text.ts). */
  readonly ui?: readonly UiText[];
}

/** A mutable exit record and response, reused for every exit (no allocation per exit). */
class ExitRecord implements VcpuExit {
  vcpu = 0;
  kind = 0;
  addr = 0;
  size = 0;
  value = 0;
}

export class Vmm implements ExitDevices {
  readonly config: VmConfig;
  readonly vcpus: number;
  readonly ramSize: number;
  readonly threading: Exclude<Threading, 'auto'>;
  readonly quantum: number;
  readonly pc: PcPlatform;
  readonly kernel: LoadedKernel;
  readonly plan: NumaPlan;
  readonly numaShared: NumaShared;
  /** The main process's view of the NUMA counters (snapshots, cost table). */
  readonly numa: NumaMemory;
  /** Every vCPU's per-page NUMA cost table (numa-accounting.ts), or null when NUMA accounting is off. */
  readonly numaTables: NumaTablesShared | null;
  /** pages_total per node: the guest RAM share that may live there under the policy. */
  readonly pagesTotal: readonly number[];
  /**
   * Page kinds and code generations shared by every vCPU, so code one vCPU writes is dropped by all (null with
   * one vCPU: nothing to share, and the CPU's fetch path skips the generation check).
   */
  readonly sharedCode: SharedCodeState | null;
  readonly costPreset: CostPreset;
  readonly costCounters: CostCounters;
  readonly views: ControlViews;
  readonly apicBus: SharedApicBus;
  readonly log = new LifecycleLog();
  readonly mode: VmMode;
  /** The translator's mode for every vCPU (VmConfig.jit, else VIRTLAB_JIT, else on). */
  readonly jit: JitMode;
  /** --mode vtx: every vCPU runs in VMX non-root under the built-in VMM (core/vmm/vtx). */
  readonly vtx: boolean;
  /** --mode vtx: EPT or shadow paging, VPID, EPT page size (defaults filled in); null in other modes. */
  readonly vtxOptions: VtxOptions | null;
  /** --mode trap|bt|pv: every vCPU runs under a software VMM (core/vmm/soft and the mode's folder), else null. */
  readonly softVmm: SoftVmmMode | null;
  readonly reports: VcpuReport[] = [];
  /** Exit round trips in ns per vCPU (worker mode with VmConfig.exitTimingSamples). */
  readonly exitTimings: Float64Array[] = [];
  readonly createdAt = performance.now();
  /** When the vCPUs were first let run (--timeout counts from here). */
  startedAt = performance.now();

  stopping = false;
  /** isa-debug-exit value, once written. */
  exitValue: number | null = null;
  /** Why the VM is ending, decided by the first cause. */
  endCause: VmOutcome | null = null;
  private serialBytes: number[] = [];
  private readonly serialListeners: ((bytes: Uint8Array) => void)[] = [];
  private readonly exit = new ExitRecord();
  private readonly response = { value: 0, flags: 0 };
  /** Called when the VM starts ending (backends kick their vCPUs). */
  onStopRequest: () => void = () => {};
  /** In single-thread mode: the vCPU running now, to end its run at isa-debug-exit. */
  onDebugExit: () => void = () => {};

  constructor(config: VmConfig) {
    const mode = config.mode ?? 'native';
    this.mode = mode;
    const jit = parseJitMode(config.jit ?? (process.env.VIRTLAB_JIT || 'on'));
    if (jit === null) throw new RangeError(`jit mode must be off, on or force, not "${config.jit ?? process.env.VIRTLAB_JIT}"`);
    this.jit = jit;
    this.softVmm = isSoftVmmMode(mode) ? mode : null;
    const unavailable = modeUnavailable(config);
    if (unavailable !== null) throw new UnavailableError(unavailable.cli, { key: `/machine.reason.${unavailable.code}` });
    this.vtx = mode === 'vtx';
    const vtx = this.vtx ? vtxOptions(config) : null;
    if (typeof vtx === 'string') throw new UnavailableError(vtx);
    this.vtxOptions = vtx;
    this.config = config;
    this.vcpus = config.vcpus ?? 1;
    this.ramSize = config.ramSize ?? DEFAULT_RAM_BYTES;
    const threading = config.threading ?? 'auto';
    this.threading = threading === 'auto' ? (this.vcpus === 1 || config.deterministic ? 'single' : 'workers') : threading;
    if (config.deterministic && this.threading === 'workers') throw new RangeError('--deterministic runs every vCPU on one thread; it cannot use workers');
    // Several vCPUs on one thread take turns in short quanta (they may wait on each other); one vCPU alone, or
    // each on its own thread, runs long ones (a quantum end publishes counters: 7 % of a translated loop at 10 000).
    this.quantum = config.quantum ?? (this.threading === 'single' && (this.vcpus > 1 || config.deterministic) ? 10_000 : 200_000);
    const preset = costPreset(config.cost ?? DEFAULT_COST_PRESET);
    if (!preset) throw new RangeError(`unknown cost preset "${config.cost}"`);
    this.costPreset = preset;
    this.costCounters = createCostCounters(this.vcpus);

    const topology = config.topology ?? SMP4;
    this.plan = planNuma({
      topology,
      vcpus: this.vcpus,
      ...(config.vcpupin === undefined ? {} : { vcpupin: config.vcpupin }),
      ...(config.policy === undefined ? {} : { policy: config.policy }),
      guestBytes: this.ramSize,
      localAccessCycles: preset.cycles.MemoryLocal,
    });
    this.numaShared = createNumaShared(this.plan.setup);
    this.numa = new NumaMemory(this.plan.setup, this.numaShared);
    if (config.numaBalancing && config.numaAccounting === false) throw new RangeError('NUMA balancing needs NUMA accounting');
    this.numaTables = (config.numaAccounting ?? true) ? createNumaTables(this.numa, this.plan, { balancing: config.numaBalancing ?? false }) : null;
    this.pagesTotal = guestPagesTotal(this.numa, this.plan);
    this.sharedCode = this.vcpus > 1 ? createSharedCodeState(this.ramSize) : null;

    this.views = new ControlViews(createControl(this.vcpus));
    this.apicBus = new SharedApicBus(this.views);
    this.pc = new PcPlatform({
      ramSize: this.ramSize,
      vcpus: this.vcpus,
      sharedRam: true,
      // With workers the local APICs live in the vCPU threads: I/O APIC messages go to their shared IRR/TMR.
      ...(this.threading === 'workers' ? { ioapicDeliver: (msg: ApicMessage) => this.apicBus.deliver(msg) } : {}),
      numa: guestNumaLayout(topology, this.plan.placement, this.ramSize),
      serialSink: (b) => {
        // A guest writing a flood of output between two of the runner's flushes must not grow this buffer.
        if (this.serialBytes.push(b) >= SERIAL_FLUSH_BYTES) this.flushSerial();
      },
      run: { requestExit: (v) => this.requestDebugExit(v) },
    });
    this.kernel = this.pc.loadKernel(config.image, {
      kernelName: config.imageName,
      ...(config.append === undefined ? {} : { append: config.append }),
      ...(config.modules === undefined ? {} : { modules: config.modules }),
      ...(config.initrdOption === undefined ? {} : { initrdOption: config.initrdOption }),
      ...(config.loadAddress === undefined ? {} : { loadAddress: config.loadAddress }),
    });

    for (let v = 0; v < this.vcpus; v++) {
      this.views.set(v, VC.cmd, CMD_PAUSE);
      this.views.set(v, VC.state, VcpuState.created);
      this.views.set(v, VC.apicId, v);
      this.views.set(v, VC.apicDfr, -1);
      this.views.set(v, VC.apicEnabled, 1);
      this.views.set(v, VC.eip, this.kernel.entry.eip | 0);
    }
    const mb = 1024 * 1024;
    const workers = this.threading === 'workers';
    this.log.add(-1, 'KVM_CREATE_VM', uiText(`lifecycle.createVm.${workers ? 'workers' : 'single'}`, { vcpus: this.vcpus },
      `${this.vcpus} vCPU(s), ${workers ? 'one worker thread per vCPU' : 'all vCPUs on one thread'}`));
    this.log.add(-1, 'KVM_SET_USER_MEMORY_REGION', uiText(`lifecycle.memoryRegion.${workers ? 'shared' : 'plain'}`, { mib: this.ramSize / mb },
      `slot 0: guest-physical 0x0, ${this.ramSize / mb} MiB${workers ? ' (SharedArrayBuffer)' : ''}`));
    this.log.add(-1, 'KVM_CREATE_IRQCHIP', uiText('lifecycle.irqchip', {}, 'I/O APIC at 0xfec00000 in the VMM; a local APIC per vCPU, in its thread'));
    for (let v = 0; v < this.vcpus; v++) {
      const cpu = this.plan.placement.cpuOf[v] ?? -1;
      const node = this.plan.placement.nodeOf[v] ?? -1;
      this.log.add(v, 'KVM_CREATE_VCPU', uiText('lifecycle.createVcpu', { apic: v, cpu, node }, `APIC ID ${v}, host CPU ${cpu} (node ${node})`));
      if (this.waitsForSipi(v)) this.log.add(v, 'KVM_SET_MP_STATE', uiText('lifecycle.waitSipi', {}, 'INIT_RECEIVED: waits for INIT-SIPI-SIPI (--ap-start sipi)'));
      else {
        const eip = `0x${(this.kernel.entry.eip >>> 0).toString(16)}`;
        this.log.add(v, 'KVM_SET_REGS', uiText('lifecycle.setRegs', { eip, format: this.kernel.format }, `EIP=${eip} (${this.kernel.format})`));
      }
      if (this.vtxOptions !== null) logVtxVcpu(this.log, v, this.vtxOptions);
    }
  }

  /** How KVM_RUN enters the guest in this mode, for the lifecycle log (none natively). */
  runDetail(): LocalizedText | null {
    if (this.vtx) return uiText('lifecycle.run.vtx', {}, VTX_RUN_DETAIL);
    return this.softVmm !== null ? uiText(`lifecycle.run.${this.softVmm}`, {}, softVmmRunDetail(this.softVmm)) : null;
  }

  /** KVM_RUN's detail: where the vCPU runs (`thread`, translatable), how it enters the guest, whether it waits for the debugger. */
  runEntry(thread: LocalizedText, paused: boolean): LocalizedText {
    const how = this.runDetail();
    return uiText(
      paused ? 'lifecycle.kvmRun.paused' : 'lifecycle.kvmRun.running',
      { thread: thread.ui, how: how === null ? '' : { key: 'lifecycle.run.then', params: { how: how.ui } } },
      `${thread.text}${how === null ? '' : `; ${how.text}`}${paused ? ', stopped at entry by the debugger' : ''}`,
    );
  }

  /** Whether vCPU v starts in wait-for-SIPI rather than at the entry point (an AP under --ap-start sipi). */
  waitsForSipi(v: number): boolean {
    return v > 0 && this.config.apStart === 'sipi';
  }

  /** The cost preset's cycles in the CPU's own kinds (CpuOptions.costs). */
  cpuCosts(): Int32Array {
    return cpuCostVector(this.costPreset);
  }

  get stoppedAt(): number {
    return this.stopTime;
  }
  private stopTime = 0;

  // ---- ExitDevices: the shared bus (the local APICs are with their vCPUs) ----

  portIn(port: number, size: AccessSize): number {
    return this.pc.bus.portIn(port, size);
  }
  portOut(port: number, size: AccessSize, value: number): void {
    this.pc.bus.portOut(port, size, value);
  }
  mmioRead(addr: number, size: AccessSize): number {
    return this.pc.bus.mmioRead(addr, size);
  }
  mmioWrite(addr: number, size: AccessSize, value: number): void {
    this.pc.bus.mmioWrite(addr, size, value);
  }
  ioapicEoi(vector: number): void {
    this.pc.ioapic.endOfInterrupt(vector);
  }

  private requestDebugExit(value: number): void {
    if (this.exitValue === null) this.exitValue = value;
    const status = ((value << 1) | 1) & 0xff;
    this.log.add(-1, 'isa-debug-exit', uiText('lifecycle.debugExit', { value, status }, `value ${value} → exit status ${status}`));
    this.onDebugExit();
    this.requestStop('debug-exit');
  }

  /** Starts ending the VM; the first cause wins. */
  requestStop(cause: VmOutcome): void {
    if (this.stopping) return;
    this.stopping = true;
    this.endCause = cause;
    this.stopTime = performance.now();
    this.onStopRequest();
  }

  /**
   * Services every posted exit mailbox (worker mode). Returns how many were handled. No allocation: the
   * exit record and response are reused.
   */
  serviceExits(): number {
    const views = this.views;
    const i32 = views.i32;
    let handled = 0;
    for (let v = 0; v < this.vcpus; v++) {
      const base = views.slot(v, 0);
      if (Atomics.load(i32, base + VC.mbState) !== MB_POSTED) continue;
      const e = this.exit;
      e.vcpu = v;
      e.kind = i32[base + VC.mbKind]!;
      e.addr = i32[base + VC.mbAddr]!;
      e.size = i32[base + VC.mbSize]!;
      e.value = i32[base + VC.mbValue]!;
      const r: ExitResponse = handleExit(e, this, this.response);
      this.noteExit(e);
      i32[base + VC.mbResult] = r.value;
      i32[base + VC.mbFlags] = r.flags;
      Atomics.store(i32, base + VC.mbState, MB_DONE);
      Atomics.notify(i32, base + VC.mbState);
      handled++;
    }
    return handled;
  }

  /** First occurrences of each exit go to the lifecycle log. */
  noteExit(e: VcpuExit): void {
    const name = KVM_EXIT_NAMES[e.kind] ?? 'KVM_EXIT_UNKNOWN';
    if (e.kind === ExitKind.ioIn || e.kind === ExitKind.ioOut) {
      const port = `0x${(e.addr & 0xffff).toString(16)}`;
      const direction = e.kind === ExitKind.ioIn ? 'in' : 'out';
      const access = uiText(`lifecycle.port.${direction}`, { port, size: e.size }, `${direction} port ${port}, ${e.size} byte(s)`);
      this.log.addFirst(e.vcpu, name, `${e.kind}:${e.addr & 0xffff}`, this.vtx ? uiText('lifecycle.vtxIoExit', { access: access.ui }, `${VTX_IO_EXIT} → ${access.text}`) : access);
    } else if (e.kind === ExitKind.mmioRead || e.kind === ExitKind.mmioWrite) {
      const address = `0x${(e.addr >>> 0).toString(16)}`;
      const direction = e.kind === ExitKind.mmioRead ? 'read' : 'write';
      const access = uiText(`lifecycle.mmio.${direction}`, { address, size: e.size }, `${direction} ${address}, ${e.size} byte(s)`);
      const note = this.vtxOptions === null ? null : this.vtxOptions.ept ? 'ept' : 'noEpt';
      this.log.addFirst(e.vcpu, name, `${e.kind}:${e.addr >>> 12}`, note === null ? access
        : uiText(`lifecycle.vtxMmio.${note}`, { access: access.ui }, `${note === 'ept' ? VTX_MMIO_NOTE_EPT : VTX_MMIO_NOTE}: ${access.text}`));
    } else this.log.addFirst(e.vcpu, name, String(e.kind), '');
  }

  onSerial(listener: (bytes: Uint8Array) => void): void {
    this.serialListeners.push(listener);
  }

  /** Hands buffered guest serial output to the listeners. */
  flushSerial(): void {
    if (this.serialBytes.length === 0) return;
    const bytes = Uint8Array.from(this.serialBytes);
    this.serialBytes = [];
    for (const l of this.serialListeners) l(bytes);
  }

  /** Decides the outcome once every vCPU has finished. */
  outcome(): VmOutcome {
    if (this.endCause !== null && this.endCause !== 'stopped') return this.endCause;
    const reasons = this.reports.map((r) => r.reason);
    if (reasons.includes(FinishReason.tripleFault)) return 'triple-fault';
    if (reasons.includes(FinishReason.crashed)) return 'crashed';
    if (this.endCause === 'stopped') return 'stopped';
    if (reasons.includes(FinishReason.instructionLimit)) return 'instruction-limit';
    return 'halted';
  }
}
