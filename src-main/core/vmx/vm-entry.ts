/**
 * VM entry (SDM chapter 27) for VMLAUNCH, VMRESUME and the built-in VMM's re-entry: the checks of
 * entry-checks.ts (a failure gives VMfailValid(7/8) or an entry-failure exit 33/34), then loading the guest
 * state, the MSR-load area, event injection, and non-root operation.
 *
 * SKELETON: the signature callers use. The transitions work replaces the body.
 */
import type { Cpu } from '../cpu/cpu';
import type { Vmcs } from './vmcs';

/** Enter the guest of `vmcs` (the current VMCS). `launch`: VMLAUNCH (marks the VMCS launched) vs VMRESUME. */
export function vmEntry(cpu: Cpu, vmcs: Vmcs, launch: boolean): void {
  void cpu; void vmcs; void launch;
  throw new Error('VM entry: not implemented yet');
}
