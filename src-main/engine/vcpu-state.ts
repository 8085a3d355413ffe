/**
 * The vCPU worker's lifecycle as an explicit state machine (after Firecracker's vcpu/mod.rs). The worker
 * owns the state word; the VMM asks for changes through the command word (CMD_*) and reads the state back.
 *
 *              start                        CMD_PAUSE (kick)
 *   created ─────────► running ◄──────────────────────────────► paused
 *                      │  ▲   │               CMD_RUN / CMD_STEP  │
 *        HLT, IF=1     │  │   │ HLT with IF=0, debug exit,        │
 *        no timer      ▼  │   │ triple fault, --max-insns,        │
 *                    halted   │ crash, CMD_STOP                   │ CMD_STOP
 *        (parked on    │  │   ▼                                   │
 *        its wake word)│  └─ interrupt / IPI posted               │
 *                      └──────────────────────────────► finished ◄┘
 *                            CMD_STOP
 *
 *   running / halted ──INIT──► wait-for-sipi ──SIPI──► running      (an AP; --ap-start sipi starts APs there)
 *   (parked on its wake word like halted; it pauses and finishes like halted too)
 *
 * `finished` is final; the finish reason says why (FinishReason).
 */

export const VcpuState = { created: 0, running: 1, paused: 2, halted: 3, finished: 4, waitForSipi: 5 } as const;
export type VcpuState = (typeof VcpuState)[keyof typeof VcpuState];
export const VCPU_STATE_NAMES = ['created', 'running', 'paused', 'halted', 'finished', 'wait-for-sipi'] as const;
export type VcpuStateName = (typeof VCPU_STATE_NAMES)[number];

export const FinishReason = {
  none: 0,
  /** HLT with interrupts off: nothing can wake it (the normal end of a test guest). */
  haltedInterruptsOff: 1,
  /** The VMM stopped it (debug exit, another vCPU's fault, timeout, user). */
  stopped: 2,
  tripleFault: 3,
  /** --max-insns reached. */
  instructionLimit: 4,
  /** The worker threw: a bug, reported with the vCPU and its EIP. */
  crashed: 5,
} as const;
export type FinishReason = (typeof FinishReason)[keyof typeof FinishReason];
export const FINISH_REASON_NAMES = ['none', 'halted-interrupts-off', 'stopped', 'triple-fault', 'instruction-limit', 'crashed'] as const;

/** Events that move a vCPU between states. */
export type VcpuEvent =
  | { readonly kind: 'start' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'halt' }
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'init' }
  | { readonly kind: 'sipi' }
  | { readonly kind: 'finish'; readonly reason: FinishReason };

/** The transition table; null for an event the state ignores. Pure, so the diagram above is testable. */
export function nextVcpuState(state: VcpuState, event: VcpuEvent): VcpuState | null {
  if (state === VcpuState.finished) return null;
  switch (event.kind) {
    case 'start':
      return state === VcpuState.created ? VcpuState.running : null;
    case 'pause':
      return state === VcpuState.running || state === VcpuState.halted || state === VcpuState.waitForSipi ? VcpuState.paused : null;
    case 'resume':
      return state === VcpuState.paused ? VcpuState.running : null;
    case 'halt':
      return state === VcpuState.running ? VcpuState.halted : null;
    case 'interrupt':
      return state === VcpuState.halted ? VcpuState.running : null;
    case 'init':
      return state === VcpuState.running || state === VcpuState.halted ? VcpuState.waitForSipi : null;
    case 'sipi':
      return state === VcpuState.waitForSipi ? VcpuState.running : null;
    case 'finish':
      return VcpuState.finished;
  }
}
