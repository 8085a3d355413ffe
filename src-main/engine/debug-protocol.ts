/**
 * What the VMM asks of the place a vCPU lives (its worker thread, or the VMM thread in single-thread mode)
 * when it debugs it, and what comes back. Plain data only: in worker mode it crosses a MessagePort.
 */
import type { RegisterSnapshot, SegName } from '../core/cpu/debug';
import type { LocalizedText, UiText } from '../core/api/ui-text';
import type { DebugTraceEvent } from './debug-trace';
import type { VmxView } from '../core/vmx/vmx-view';
import type { BtView } from '../core/vmm/bt/bt-view';
import type { DescriptorsView } from '../core/cpu/descriptor-view';
import type { TlbView, TranslationView } from '../core/mmu-view/types';
import type { Watch } from '../core/cpu/watch';
import type { StopExplanation } from './explain-stop';

export type MemorySpace = 'linear' | 'physical';

export interface SegmentWrite {
  readonly selector: number;
  readonly base: number;
  readonly limit: number;
  readonly accessRights: number;
}

export interface MemoryRead {
  readonly bytes: Uint8Array;
  /** false: no translation (linear) or no RAM behind it (physical); the byte reads as 0. */
  readonly mapped: boolean[];
}

/** Every request by op: its fields and its answer. */
export interface DebugOps {
  registers: { req: object; res: RegisterSnapshot };
  setRegister: { req: { readonly name: string; readonly value: number }; res: null };
  setSegment: { req: { readonly name: SegName; readonly value: SegmentWrite }; res: null };
  read: { req: { readonly space: MemorySpace; readonly address: number; readonly length: number }; res: MemoryRead };
  write: { req: { readonly space: MemorySpace; readonly address: number; readonly bytes: Uint8Array }; res: null };
  translate: { req: { readonly address: number }; res: number | null };
  events: { req: { readonly limit: number }; res: DebugTraceEvent[] };
  /** VMX state and the current VMCS decoded by field group. */
  vmx: { req: object; res: VmxView };
  /** The GDT, IDT and LDT entry by entry and the current TSS, decoded (core/cpu/descriptor-view). */
  descriptors: { req: object; res: DescriptorsView };
  /** `--mode bt`: the translation cache's blocks, and the listing of the block at `address` (guest EIP or TC address). */
  bt: { req: { readonly address: number | null }; res: BtView };
  /** Every tree that translates a linear address, step by step (core/mmu-view): native, shadow, EPT. */
  page: { req: { readonly address: number }; res: TranslationView };
  /** The TLB's counters and its first `limit` entries. */
  tlb: { req: { readonly limit: number }; res: TlbView };
  /** Replace the vCPU's breakpoints (linear addresses). */
  breakpoints: { req: { readonly addresses: readonly number[] }; res: null };
  /** The next run steps over a breakpoint at the current EIP (resume after a stop). */
  stepOver: { req: object; res: null };
  /** Replace the vCPU's watchpoints (linear ranges; the guest's DR0–DR7 stay its own). */
  watchpoints: { req: { readonly watches: readonly Watch[] }; res: null };
  /** Why the vCPU stopped: the fatal fault, failed VM entry or watchpoint hit, decoded (explain-stop.ts). */
  explain: { req: object; res: StopExplanation };
}
export type DebugOp = keyof DebugOps;
export type DebugRequestOf<K extends DebugOp> = { readonly op: K } & DebugOps[K]['req'];
export type DebugRequest = { [K in DebugOp]: DebugRequestOf<K> }[DebugOp];
export type DebugAnswer = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** A debugger request that cannot be done now (the vCPU runs, the run ended, no such memory…): shown to the user as is. */
/** A debugger request that cannot be answered now; `ui` is its message for the UI to translate (core/api/ui-text.ts). */
export class DebugError extends Error {
  override name = 'DebugError';
  readonly ui: UiText | undefined;
  constructor(message: string | LocalizedText) {
    super(typeof message === 'string' ? message : message.text);
    this.ui = typeof message === 'string' ? undefined : message.ui;
  }
}

/** Unwraps an answer: the value, or a DebugError with the target's message. */
export function answerValue<K extends DebugOp>(answer: DebugAnswer): DebugOps[K]['res'] {
  if (!answer.ok) throw new DebugError(answer.message);
  return answer.value as DebugOps[K]['res'];
}
