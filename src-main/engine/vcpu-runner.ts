/** How the VMM drives its vCPUs: all on its own thread (single-thread-runner.ts) or one worker each (worker-runner.ts). */
import type { DebugAnswer, DebugRequest } from './debug-protocol';
import type { PinResult } from './host-affinity';
import type { Watch } from '../core/cpu/watch';
import type { DebugStopKind } from './vcpu-driver';

export interface VcpuRunner {
  /** Lets every vCPU run (the first KVM_RUN); `paused`: the debugger holds them before their first instruction. */
  start(paused?: boolean): void;
  /** Resolves once every vCPU is paused or finished. */
  pause(): Promise<void>;
  /** Lets every vCPU run again; one sitting on a breakpoint steps over it. */
  resume(): void;
  /** One instruction on every runnable vCPU (stepping over a breakpoint it sits on), then paused again. */
  step(): Promise<void>;
  /** The VM is ending: make every vCPU stop soon. */
  requestStop(): void;
  /** Resolves when every vCPU has finished and its report is in. */
  readonly done: Promise<void>;
  /** Per vCPU, how pinning its thread went (worker mode), else undefined. */
  pinReports(): readonly (PinResult | undefined)[] | undefined;
  /** Runs a debug request on vCPU v; throws DebugError while it runs (only paused or finished vCPUs answer). */
  debugCall(v: number, req: DebugRequest): DebugAnswer;
  /** Replaces every vCPU's breakpoints (linear addresses), running or not. */
  setBreakpoints(addresses: readonly number[]): void;
  /** Replaces every vCPU's watchpoints, running or not. */
  setWatchpoints(watches: readonly Watch[]): void;
  /** Called once every vCPU is paused after `vcpu` stopped at `eip` (all-stop): a breakpoint, post-mortem fault, failed entry or watchpoint. */
  onBreakpoint: ((vcpu: number, eip: number, kind: DebugStopKind) => void) | null;
}
