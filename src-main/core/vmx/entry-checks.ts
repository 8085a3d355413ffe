/**
 * The checks of a VM entry (SDM 27.2 control and host-state fields, 27.3.1 guest state), in the SDM's order;
 * the first that fails is returned with its field, rule and section (entry-failure.ts).
 *
 * SKELETON: the signature vm-entry.ts calls. The entry-checks work replaces the body.
 */
import type { Vmcs } from './vmcs';
import type { EntryCheckFailure } from './entry-failure';

/** The first failing check of entering `vmcs` (`launch`: VMLAUNCH rather than VMRESUME), or null. */
export function checkVmEntry(vmcs: Vmcs, launch: boolean): EntryCheckFailure | null {
  void vmcs; void launch;
  return null;
}
