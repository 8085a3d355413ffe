/**
 * What one guest page-table write costs a VMM without nested paging, per technique: the page is write-protected
 * (PAGE_WATCHED here), the store faults into the VMM, which emulates it and syncs the shadow entries.
 *   vtx   VM exit + emulation of the store + shadow-entry sync + VM entry (KVM/VMware on VT-x gen 1)
 *   trap  trap into the VMM + emulation + sync
 *   bt    callout + sync: VMware's adaptive binary translation turns a store that keeps faulting on a page
 *         table into a callout in the translated code (Adams & Agesen §3.3), so no trap remains
 */
import { COST_BT_CALLOUT, COST_EMULATION, COST_SHADOW_SYNC, COST_TRAP_TO_VMM, COST_VM_ENTRY, COST_VM_EXIT } from '../../cpu/costs';

export type ShadowPagingTechnique = 'vtx' | 'trap' | 'bt';

/** The CPU cost kinds (core/cpu/costs.ts) one guest page-table write is charged, per technique. */
export const PT_WRITE_CHARGES: Readonly<Record<ShadowPagingTechnique, readonly number[]>> = {
  vtx: [COST_VM_EXIT, COST_EMULATION, COST_SHADOW_SYNC, COST_VM_ENTRY],
  trap: [COST_TRAP_TO_VMM, COST_EMULATION, COST_SHADOW_SYNC],
  bt: [COST_BT_CALLOUT, COST_SHADOW_SYNC],
};
