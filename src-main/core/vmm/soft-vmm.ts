/**
 * From `--mode` to the per-vCPU software VMM object the engine drives (trap, bt, pv). Each mode's folder
 * exports a SoftVmmFactory (or null while that mode is not built).
 */
import type { SoftVmmFactory, SoftVmmMode } from './modes';
import { createTrapVcpu } from './trap';
import { createBtVcpu } from './bt';
import { createPvVcpu } from './pv';

const FACTORIES: Record<SoftVmmMode, SoftVmmFactory | null> = {
  trap: createTrapVcpu,
  bt: createBtVcpu,
  pv: createPvVcpu,
};

/** The factory of `mode`, or null when this build does not have it. */
export function softVmmFactory(mode: SoftVmmMode): SoftVmmFactory | null {
  return FACTORIES[mode];
}
