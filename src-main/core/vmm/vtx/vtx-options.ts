/**
 * How the built-in VMM virtualizes memory (`--ept`, `--vpid`, `--ept-pages`): with EPT (the default, as KVM on
 * every VT-x part since Nehalem) the guest's page tables are its own and the VMM only fills an EPT lazily; without
 * it the VMM shadows the guest's page tables (first-generation VT-x, 2005–2008). VPID tags the TLB so that VM
 * entries and exits need not flush it.
 */
import { CAPABILITY_MSRS, CPU2_ALLOWED1, CPU2_ENABLE_EPT, CPU2_ENABLE_VPID, MSR_VMX_EPT_VPID_CAP } from '../../vmx/capabilities';

/** IA32_VMX_EPT_VPID_CAP bit 16: 2 MiB EPT pages (SDM A.10). */
const EPT_CAP_2M = 1 << 16;

export interface VtxOptions {
  /** EPT: guest-physical → host-physical by the VMM's EPT (true), or shadow paging (false). */
  readonly ept: boolean;
  /** VPID: the vCPU's TLB entries survive VM entry and exit (true), or every transition flushes (false). */
  readonly vpid: boolean;
  /** EPT violations on guest RAM map a 2 MiB EPT page (true) instead of a 4 KiB one. Needs `ept`. */
  readonly eptLargePages: boolean;
}

/** KVM's defaults on a current part: EPT and VPID on, 4 KiB EPT pages. */
export const VTX_DEFAULT_OPTIONS: VtxOptions = { ept: true, vpid: true, eptLargePages: false };

/** The first generation of VT-x, as Adams and Agesen measured it (2006): no EPT, no VPID. */
export const VTX_GEN1_OPTIONS: VtxOptions = { ept: false, vpid: false, eptLargePages: false };

/** What the VMX implementation offers (IA32_VMX_PROCBASED_CTLS2 allowed-1 bits, IA32_VMX_EPT_VPID_CAP). */
export interface VtxHardware {
  readonly ept: boolean;
  readonly vpid: boolean;
  readonly ept2m: boolean;
}

export const VTX_HARDWARE: VtxHardware = {
  ept: (CPU2_ALLOWED1 & CPU2_ENABLE_EPT) !== 0,
  vpid: (CPU2_ALLOWED1 & CPU2_ENABLE_VPID) !== 0,
  ept2m: ((CAPABILITY_MSRS.get(MSR_VMX_EPT_VPID_CAP)?.[0] ?? 0) & EPT_CAP_2M) !== 0,
};

/**
 * The options of a VM's config (the VmConfig fields of the same names), defaults filled in. As KVM's enable_ept
 * and enable_vpid, a feature left to its default is used when the hardware has it; one asked for explicitly
 * that the hardware lacks is an error (a string saying why).
 */
export function vtxOptions(c: { readonly ept?: boolean; readonly vpid?: boolean; readonly eptLargePages?: boolean }, hw: VtxHardware = VTX_HARDWARE): VtxOptions | string {
  if (c.ept === true && !hw.ept) return '--ept on: this VMX implementation has no EPT (IA32_VMX_PROCBASED_CTLS2 bit 33)';
  if (c.vpid === true && !hw.vpid) return '--vpid on: this VMX implementation has no VPID (IA32_VMX_PROCBASED_CTLS2 bit 37)';
  const ept = (c.ept ?? VTX_DEFAULT_OPTIONS.ept) && hw.ept;
  if (c.eptLargePages === true && !ept) return '--ept-pages 2m needs EPT (--ept on)';
  if (c.eptLargePages === true && !hw.ept2m) return '--ept-pages 2m: IA32_VMX_EPT_VPID_CAP has no 2 MiB pages (bit 16)';
  return { ept, vpid: (c.vpid ?? VTX_DEFAULT_OPTIONS.vpid) && hw.vpid, eptLargePages: ept && (c.eptLargePages ?? VTX_DEFAULT_OPTIONS.eptLargePages) };
}

/** In words, for the lifecycle log and the compare table. */
export function describeVtxOptions(o: VtxOptions): string {
  const ept = o.ept ? `EPT (${o.eptLargePages ? '2 MiB' : '4 KiB'} pages)` : 'shadow paging (no EPT)';
  return `${ept}, ${o.vpid ? 'VPID' : 'no VPID'}`;
}
