/** `--mode trap`: the trap-and-emulate VMM. */
import type { SoftVmmFactory } from '../modes';
import { TrapVcpu } from './trap-vcpu';

export { TrapVcpu };

export const createTrapVcpu: SoftVmmFactory = (cpu, index, note) => new TrapVcpu(cpu, index, note);
