/**
 * The checks of a VM entry, in the SDM's order: the control fields (27.2.1, entry-checks-controls.ts), the
 * host-state area (27.2.2–27.2.4, entry-checks-host.ts), then the guest-state area (27.3.1,
 * entry-checks-guest.ts and entry-checks-segments.ts). The first rule broken is returned with its field, the
 * rule in plain words and the SDM section (entry-failure.ts prints it); null means the entry may proceed to
 * loading the guest (the MSR-load area, 27.4, is checked while it is loaded: msr-areas.ts).
 *
 * The allowed settings are read from the capability MSRs (capabilities.ts), never written here, so what the
 * checks accept is exactly what IA32_VMX_* report. Pure and allocation-free on success: it runs on every
 * VMLAUNCH and VMRESUME.
 */
import type { Vmcs } from './vmcs';
import type { EntryCheckFailure } from './entry-failure';
import { checkControls } from './entry-checks-controls';
import { checkHostState } from './entry-checks-host';
import { checkGuestState } from './entry-checks-guest';

/**
 * The first failing check of entering `vmcs`, or null. `launch` (VMLAUNCH rather than VMRESUME) changes no
 * check of 27.2–27.3: the launch state itself is checked by the instruction (VM-instruction errors 4 and 5).
 */
export function checkVmEntry(vmcs: Vmcs, launch: boolean): EntryCheckFailure | null {
  void launch;
  return checkControls(vmcs) ?? checkHostState(vmcs) ?? checkGuestState(vmcs);
}
