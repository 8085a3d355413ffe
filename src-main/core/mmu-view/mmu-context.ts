/**
 * Whose tables translate a vCPU's addresses. A VMM that runs the guest on tables of its own (shadow paging:
 * trap, bt, pv, vtx without EPT) or under EPT registers a provider on the CPU (`cpu.mmuContext`) that answers
 * with the guest's own paging state — which the real CR0/CR3/CR4 no longer show — and the EPT pointer. Without
 * a provider the inspector reads the CPU itself: the CR3 it walks, and in VMX non-root with "enable EPT" the
 * current VMCS's EPT pointer (a student's bare-metal hypervisor).
 */
import type { Cpu } from '../cpu/cpu';
import { CAPABILITY_MSRS, CPU2_ENABLE_EPT, MSR_VMX_EPT_VPID_CAP } from '../vmx/capabilities';
import { F } from '../vmx/vmcs-fields';
import { VMX_NON_ROOT } from '../vmx/vmx-state';
import { eptSupportOf, type EptSupport } from './ept-walk';

export interface MmuContext {
  /** The guest's own paging: its (virtual) CR0.PG, CR3 and CR4 (PSE decides 4 MiB pages). */
  readonly guestPaging: boolean;
  readonly guestCr3: number;
  readonly guestCr4: number;
  /** The EPT pointer (low 32 bits) the guest runs under, or null: no EPT (the real CR3 holds the VMM's tables). */
  readonly eptp: number | null;
}

/** Registered by a VMM on its vCPU's Cpu (`cpu.mmuContext = () => …`); called only by the inspector. */
export type MmuContextProvider = () => MmuContext;

/**
 * The context of `cpu` now: its VMM's provider, completed with the EPT pointer of the current VMCS when the
 * vCPU runs in VMX non-root with "enable EPT" (so a provider need not know about EPT); without a provider, EPT
 * alone (a bare-metal hypervisor's guest); else null — the CPU's own registers say everything (native).
 */
export function mmuContextOf(cpu: Cpu): MmuContext | null {
  const vmcs = cpu.vmx.current;
  const eptp = cpu.vmxMode === VMX_NON_ROOT && (cpu.vmx.cpu2Controls & CPU2_ENABLE_EPT) !== 0 && vmcs !== null ? vmcs.read(F.EPT_POINTER) >>> 0 : null;
  if (cpu.mmuContext !== null) {
    const c = cpu.mmuContext();
    return c.eptp === null && eptp !== null ? { ...c, eptp } : c;
  }
  return eptp === null ? null : { guestPaging: cpu.pagingOn, guestCr3: cpu.cr3, guestCr4: cpu.cr4, eptp };
}

/** The EPT formats this machine's VMX supports (IA32_VMX_EPT_VPID_CAP). */
export function machineEptSupport(): EptSupport {
  return eptSupportOf((CAPABILITY_MSRS.get(MSR_VMX_EPT_VPID_CAP) ?? [0, 0])[0]! >>> 0);
}
