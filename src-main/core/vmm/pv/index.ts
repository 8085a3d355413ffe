/**
 * `--mode pv`: paravirtualization (core/vmm/pv). Entry point for the engine (core/vmm/soft-vmm.ts): export
 * `createPvVcpu`, a SoftVmmFactory returning a PvVcpu (extends SoftVmmVcpu), or null while the mode is not
 * built (the engine then refuses `--mode pv` with exit status 10).
 */
import type { SoftVmmFactory } from '../modes';

export const createPvVcpu: SoftVmmFactory | null = null;
