/** How the VMM drives its vCPUs: all on its own thread (single-thread-runner.ts) or one worker each (worker-runner.ts). */
import type { PinResult } from './host-affinity';

export interface VcpuRunner {
  /** Lets every vCPU run (the first KVM_RUN). */
  start(): void;
  /** Resolves once every vCPU is paused or finished. */
  pause(): Promise<void>;
  resume(): void;
  /** One instruction on every runnable vCPU, then paused again. */
  step(): Promise<void>;
  /** The VM is ending: make every vCPU stop soon. */
  requestStop(): void;
  /** Resolves when every vCPU has finished and its report is in. */
  readonly done: Promise<void>;
  /** Per vCPU, how pinning its thread went (worker mode), else undefined. */
  pinReports(): readonly (PinResult | undefined)[] | undefined;
}
