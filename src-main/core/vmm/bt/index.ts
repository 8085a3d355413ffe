/**
 * `--mode bt`: binary translation (core/vmm/bt). Entry point for the engine (core/vmm/soft-vmm.ts): export
 * `createBtVcpu`, a SoftVmmFactory returning a BtVcpu (extends SoftVmmVcpu), or null while the mode is not
 * built (the engine then refuses `--mode bt` with exit status 10).
 */
import type { SoftVmmFactory } from '../modes';

export const createBtVcpu: SoftVmmFactory | null = null;
