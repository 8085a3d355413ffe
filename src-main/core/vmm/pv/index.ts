/**
 * `--mode pv`: paravirtualization, Xen's x86_32 PV ABI (docs/pv.md). Entry point for the engine
 * (core/vmm/soft-vmm.ts): `createPvVcpu`, the SoftVmmFactory of the mode.
 */
import type { SoftVmmFactory } from '../modes';
import { PvVcpu } from './pv-vcpu';

export const createPvVcpu: SoftVmmFactory = (cpu, index, note) => new PvVcpu(cpu, index, note);

export { PvVcpu, PV_TIMER_VECTOR } from './pv-vcpu';
export { pvDomainLayout, type PvDomainLayout } from './pv-domain';
export * from './pv-abi';
