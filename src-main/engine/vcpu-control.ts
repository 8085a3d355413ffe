/**
 * The words the VMM (main process) and the vCPU workers share, in one SharedArrayBuffer: per vCPU a control
 * block (command, kick, wake, state, the exit mailbox, the published local-APIC identity and IRR) and a row
 * of Float64 counters; plus a VM-wide doorbell the workers ring when they post an exit.
 *
 * Like KVM's `struct kvm_run` page mapped into QEMU: the vCPU thread fills the exit fields, the VMM completes
 * them and lets it go on — here with Atomics.store/notify and Atomics.wait instead of ioctl(KVM_RUN).
 *
 * Layout (Int32 slots): [0] doorbell, [1] VM-wide lock (split-lock fallback of core/cpu/atomic.ts), then vCPU v's
 * block at GLOBAL_SLOTS + v * BLOCK_SLOTS (fields VC.*); the Float64 counters follow, one row of ROW_SLOTS
 * per vCPU (fields CTR.*), rows 1280 bytes apart so no two workers write the same cache line.
 */

export const GLOBAL_SLOTS = 16;
export const DOORBELL = 0;
export const VM_LOCK = 1;
/** Interrupt messages nobody accepted, and those of a kind not modelled across threads (any thread counts). */
export const APIC_UNDELIVERED = 2;
export const APIC_UNSUPPORTED = 3;

/** Int32 fields of a vCPU control block. */
export const VC = {
  /** What the VMM wants: CMD_*. Written by the main process. */
  cmd: 0,
  /** Non-zero stops Engine.run at the next block boundary (the CPU's stop word). */
  kick: 1,
  /** Set to 1 and notified to wake a parked (halted or paused) worker. */
  wake: 2,
  /** VcpuState (vcpu-state.ts), written by the worker. */
  state: 3,
  /** FinishReason once the state is finished. */
  finish: 4,
  /** Exit mailbox: MB_IDLE / MB_POSTED (worker → VMM) / MB_DONE (VMM → worker). */
  mbState: 5,
  mbKind: 6,
  mbAddr: 7,
  mbSize: 8,
  mbValue: 9,
  /** The VMM's answer: the value read, and RESP_* flags. */
  mbResult: 10,
  mbFlags: 11,
  /** Published by the worker at each quantum end and exit (for snapshots and reports). */
  eip: 12,
  ring: 13,
  /** Published local-APIC identity, so any thread can route IPIs: APIC ID, LDR, DFR, enabled (0/1). */
  apicId: 14,
  apicLdr: 15,
  apicDfr: 16,
  apicEnabled: 17,
  /** IF of EFLAGS at the last publish (0/1). */
  interruptsOn: 18,
  /** Debugger (debug-channel.ts): 1 when requests wait on the vCPU's debug port (set by the VMM, cleared by the worker). */
  debugReq: 19,
  /** Sequence number of the last debug request the worker served. */
  debugAck: 20,
  /** Set by the worker when its vCPU stopped at a breakpoint (cleared by the VMM). */
  debugStop: 21,
  /** Local APIC IRR: 8 words (vectors 0–255), posted with Atomics.or from any thread. */
  irr: 24,
  /** Local APIC TMR: 8 words, set (level) or cleared (edge) by whoever posts the vector, before its IRR bit. */
  tmr: 32,
  /** Local APIC NMI/INIT/SIPI requests: 2 words (LINE_* bits, start-up vector), posted from any thread. */
  events: 40,
} as const;
export const BLOCK_SLOTS = 42;

export const CMD_RUN = 0, CMD_PAUSE = 1, CMD_STEP = 2, CMD_STOP = 3;
export const MB_IDLE = 0, MB_POSTED = 1, MB_DONE = 2;
/** The VMM's answer asks the vCPU to stop after this instruction (the VM is ending). */
export const RESP_STOP = 1;

/** Float64 counters per vCPU. */
export const CTR = {
  instructions: 0,
  cycles: 1,
  /** Exits by kind: index exitsBase + ExitKind. */
  exitsBase: 2,
  /** Quanta run (KVM_RUN calls). */
  runs: 18,
  /** Times the worker parked on HLT. */
  haltParks: 19,
  /** MMU counters, copied from the CPU at each publish (engine/mmu-sample.ts). */
  mmuTlbHits: 20,
  mmuWalkRefs: 21,
  mmuEptWalkRefs: 22,
  mmuTlbFlushes: 23,
  /** Translator counters, copied from the engine's block cache at each publish (engine/jit-sample.ts). */
  jitBlocksTranslated: 24,
  jitBlocksCached: 25,
  jitInvalidations: 26,
  jitFlushes: 27,
  jitInstructions: 28,
  // VMX figures, copied from cpu.vmx at each publish (engine/vmx-sample.ts).
  vmxEntries: 32,
  vmxExits: 33,
  /** Full VM_EXIT_REASON of the last exit plus 1; 0 before any (a zeroed buffer reads as none). */
  vmxLastReason: 34,
  vmxLastQualification: 35,
  /** Physical address of the current VMCS plus 1; 0 for none. */
  vmcsPtr: 36,
  /** VMX operation: VMX_OFF / VMX_ROOT / VMX_NON_ROOT (core/vmx/vmx-state.ts). */
  vmxMode: 37,
  /** VM exits by basic reason: index vmxExitsBase + reason (EXIT_REASON_COUNT of them). */
  vmxExitsBase: 40,
  /**
   * Events and cycles by CPU cost kind (core/cpu/costs.ts), copied at each publish (engine/cost-sample.ts):
   * kind k's count at costBase + 2k, its cycles at costBase + 2k + 1 (room for 24 kinds).
   */
  costBase: 112,
  /** A software VMM's counters (--mode trap|bt|pv): index svBase + SV.* slot (core/vmm/soft/vmm-stats.ts, SV_SLOTS of them). */
  svBase: 160,
} as const;
export const ROW_SLOTS = 280;

/**
 * Bytes per vCPU, after the counters, for the last failed VM entry: an Int32 sequence number (odd while the
 * vCPU rewrites it), the UTF-8 length, then the EntryCheckFailure as JSON. Written only when it changes.
 */
export const ENTRY_FAILURE_BYTES = 1024;

export interface ControlBuffers {
  readonly buffer: SharedArrayBuffer;
  readonly vcpus: number;
}

export function controlBytes(vcpus: number): number {
  return (GLOBAL_SLOTS + vcpus * BLOCK_SLOTS) * 4 + vcpus * ROW_SLOTS * 8 + vcpus * ENTRY_FAILURE_BYTES;
}

export function createControl(vcpus: number): ControlBuffers {
  return { buffer: new SharedArrayBuffer(controlBytes(vcpus)), vcpus };
}

/** Typed views over the control buffer; any thread may build them. */
export class ControlViews {
  readonly i32: Int32Array;
  readonly counters: Float64Array;
  constructor(readonly shared: ControlBuffers) {
    const slots = GLOBAL_SLOTS + shared.vcpus * BLOCK_SLOTS;
    this.i32 = new Int32Array(shared.buffer, 0, slots);
    this.counters = new Float64Array(shared.buffer, slots * 4, shared.vcpus * ROW_SLOTS);
  }

  /** vCPU v's entry-failure slot (ENTRY_FAILURE_BYTES; see there). */
  entryFailureSlot(v: number): { readonly header: Int32Array; readonly text: Uint8Array } {
    const at = (GLOBAL_SLOTS + this.shared.vcpus * BLOCK_SLOTS) * 4 + this.shared.vcpus * ROW_SLOTS * 8 + v * ENTRY_FAILURE_BYTES;
    return { header: new Int32Array(this.shared.buffer, at, 2), text: new Uint8Array(this.shared.buffer, at + 8, ENTRY_FAILURE_BYTES - 8) };
  }

  /** Slot index of field `f` of vCPU `v`. */
  slot(v: number, f: number): number {
    return GLOBAL_SLOTS + v * BLOCK_SLOTS + f;
  }

  get(v: number, f: number): number {
    return Atomics.load(this.i32, this.slot(v, f));
  }

  set(v: number, f: number, value: number): void {
    Atomics.store(this.i32, this.slot(v, f), value);
  }

  /** The IRR words of vCPU v (for LocalApic's `irr` option). */
  irr(v: number): Int32Array {
    return new Int32Array(this.shared.buffer, this.slot(v, VC.irr) * 4, 8);
  }

  /** The NMI/INIT/SIPI words of vCPU v (for LocalApic's `events` option). */
  events(v: number): Int32Array {
    return new Int32Array(this.shared.buffer, this.slot(v, VC.events) * 4, 2);
  }

  /** The TMR words of vCPU v (for LocalApic's `tmr` option). */
  tmr(v: number): Int32Array {
    return new Int32Array(this.shared.buffer, this.slot(v, VC.tmr) * 4, 8);
  }

  counter(v: number, c: number): number {
    return this.counters[v * ROW_SLOTS + c] as number;
  }

  /** Wakes vCPU v's worker if it is parked. */
  wake(v: number): void {
    const i = this.slot(v, VC.wake);
    Atomics.store(this.i32, i, 1);
    Atomics.notify(this.i32, i);
  }

  ringDoorbell(): void {
    Atomics.add(this.i32, DOORBELL, 1);
    Atomics.notify(this.i32, DOORBELL);
  }
}
