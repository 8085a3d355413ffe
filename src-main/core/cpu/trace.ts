/**
 * A bounded ring buffer of CPU events (interrupts, exceptions, privilege changes, VM entries and exits) for
 * the debugger and the UI's event log. Fixed-size typed arrays: recording never allocates.
 */

export const EV_EXCEPTION = 1, EV_INTERRUPT = 2, EV_SOFT_INT = 3, EV_PRIV_CHANGE = 4, EV_DOUBLE_FAULT = 5,
  EV_TRIPLE_FAULT = 6, EV_IRET = 7, EV_SYSENTER = 8, EV_SYSEXIT = 9, EV_TASK_SWITCH = 10;
/** VMX instructions: a = the VMXON region (VMXON, VMXOFF) or the VMCS (VMLAUNCH, VMRESUME: the entry attempt). */
export const EV_VMXON = 20, EV_VMXOFF = 21, EV_VMLAUNCH = 22, EV_VMRESUME = 23;
/**
 * VMX transitions (core/vmx). VM entry: eip = guest EIP, a = VMCS region address, b = the event injected
 * (VM_ENTRY_INTR_INFO_FIELD, 0 for none). VM exit: eip = guest EIP saved, a = VM_EXIT_REASON, b = exit
 * qualification. Entry failure: eip = the VMLAUNCH/VMRESUME, a = the VM-instruction error (7, 8) or the exit
 * reason with bit 31 (0x80000021, 0x80000022), b = the qualification; the failed check itself, with field,
 * rule and SDM section, is cpu.vmx.lastEntryFailure (describeEntryFailure prints it). VMX abort: a = the
 * abort indicator (SDM 28.7), the vCPU shuts down.
 */
export const EV_VM_ENTRY = 11, EV_VM_EXIT = 12, EV_VM_ENTRY_FAILURE = 13, EV_VMX_ABORT = 14;

/**
 * Software VMMs (core/vmm/soft, trap, bt, pv). Trap: a = vector, b = error code (eip = guest EIP). Emulate:
 * a = ISA row id of the emulated instruction. Reflect: the VMM delivering an event through the guest's
 * virtual IDT or trap table, a = vector, b = error code. Hole: a sensitive-but-unprivileged instruction that
 * behaved differently at ring 1, a = hole kind (core/vmm/soft/holes.ts). BT translate: eip = guest EIP,
 * a = translation-cache offset, b = guest instructions. BT callout: a = row id. Hypercall: a = number, b = result.
 */
export const EV_VMM_TRAP = 30, EV_VMM_EMULATE = 31, EV_VMM_REFLECT = 32, EV_VMM_HOLE = 33, EV_BT_TRANSLATE = 34,
  EV_BT_CALLOUT = 35, EV_HYPERCALL = 36;

export const EVENT_NAMES: Record<number, string> = {
  [EV_EXCEPTION]: 'exception', [EV_INTERRUPT]: 'interrupt', [EV_SOFT_INT]: 'software-interrupt',
  [EV_PRIV_CHANGE]: 'privilege-change', [EV_DOUBLE_FAULT]: 'double-fault', [EV_TRIPLE_FAULT]: 'triple-fault',
  [EV_IRET]: 'iret', [EV_SYSENTER]: 'sysenter', [EV_SYSEXIT]: 'sysexit', [EV_TASK_SWITCH]: 'task-switch',
  [EV_VMXON]: 'vmxon', [EV_VMXOFF]: 'vmxoff', [EV_VMLAUNCH]: 'vmlaunch', [EV_VMRESUME]: 'vmresume',
  [EV_VM_ENTRY]: 'vm-entry', [EV_VM_EXIT]: 'vm-exit', [EV_VM_ENTRY_FAILURE]: 'vm-entry-failure', [EV_VMX_ABORT]: 'vmx-abort',
  [EV_VMM_TRAP]: 'vmm-trap', [EV_VMM_EMULATE]: 'vmm-emulate', [EV_VMM_REFLECT]: 'vmm-reflect', [EV_VMM_HOLE]: 'vmm-hole',
  [EV_BT_TRANSLATE]: 'bt-translate', [EV_BT_CALLOUT]: 'bt-callout', [EV_HYPERCALL]: 'hypercall',
};

export interface TraceEvent {
  readonly kind: string;
  /** Instruction count when it happened. */
  readonly at: number;
  readonly eip: number;
  /** Vector for interrupts/exceptions; for privilege changes the ring left. */
  readonly a: number;
  /** Error code (-1 none); for privilege changes the ring entered. */
  readonly b: number;
}

const FIELDS = 5;

export class EventTrace {
  private readonly buf: Float64Array;
  private next = 0;
  private count = 0;
  constructor(readonly capacity = 256) {
    this.buf = new Float64Array(capacity * FIELDS);
  }

  record(kind: number, at: number, eip: number, a: number, b: number): void {
    const o = this.next * FIELDS;
    this.buf[o] = kind; this.buf[o + 1] = at; this.buf[o + 2] = eip >>> 0; this.buf[o + 3] = a; this.buf[o + 4] = b;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    if (this.count < this.capacity) this.count++;
  }

  /** Oldest first. */
  events(): TraceEvent[] {
    const out: TraceEvent[] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const o = ((start + i) % this.capacity) * FIELDS;
      out.push({ kind: EVENT_NAMES[this.buf[o]!] ?? '?', at: this.buf[o + 1]!, eip: this.buf[o + 2]!, a: this.buf[o + 3]!, b: this.buf[o + 4]! });
    }
    return out;
  }

  clear(): void { this.next = 0; this.count = 0; }
}
