/**
 * `--mode bt`: binary translation (core/vmm/bt). Entry point for the engine (core/vmm/soft-vmm.ts): the
 * SoftVmmFactory making one BtVcpu (extends SoftVmmVcpu) per vCPU.
 */
import type { SoftVmmFactory } from '../modes';
import { BtVcpu } from './bt-vcpu';

export { BtVcpu };
export type { BtView } from './bt-view';
export { BT_CALLOUT_VECTOR } from './emit';

export const createBtVcpu: SoftVmmFactory | null = (cpu, index, note) => new BtVcpu(cpu, index, note);
