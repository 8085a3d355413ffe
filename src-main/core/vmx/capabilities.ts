/**
 * What virtlab's VMX implements, as the capability MSRs report it (SDM Vol. 3D, Appendix A). Everything else
 * derives from these bit lists: the MSR values, the entry checks' allowed-0/allowed-1 settings, and which
 * VMCS fields exist. A control is listed here only once it works end to end (its exit, with qualification).
 *
 * Each *_CTLS MSR is [allowed-0 settings (bits that must be 1), allowed-1 settings (bits that may be 1)].
 */
import { HIGHEST_FIELD_INDEX, type FieldFeature } from './vmcs-fields';

/** VMCS revision identifier (IA32_VMX_BASIC[30:0]); a VMXON region or VMCS must start with it. */
export const VMCS_REVISION_ID = 1;

export const MSR_VMX_BASIC = 0x480, MSR_VMX_PINBASED_CTLS = 0x481, MSR_VMX_PROCBASED_CTLS = 0x482,
  MSR_VMX_EXIT_CTLS = 0x483, MSR_VMX_ENTRY_CTLS = 0x484, MSR_VMX_MISC = 0x485, MSR_VMX_CR0_FIXED0 = 0x486,
  MSR_VMX_CR0_FIXED1 = 0x487, MSR_VMX_CR4_FIXED0 = 0x488, MSR_VMX_CR4_FIXED1 = 0x489, MSR_VMX_VMCS_ENUM = 0x48a,
  MSR_VMX_PROCBASED_CTLS2 = 0x48b, MSR_VMX_EPT_VPID_CAP = 0x48c, MSR_VMX_TRUE_PINBASED_CTLS = 0x48d,
  MSR_VMX_TRUE_PROCBASED_CTLS = 0x48e, MSR_VMX_TRUE_EXIT_CTLS = 0x48f, MSR_VMX_TRUE_ENTRY_CTLS = 0x490;

const bits = (...b: number[]): number => b.reduce((m, i) => (m | (1 << i)) >>> 0, 0);

// Pin-based controls (SDM 25.6.1): external-interrupt exiting (0), NMI exiting (3); no virtual NMIs (5). Default1: 1, 2, 4.
export const PIN_EXT_INT_EXITING = 1 << 0, PIN_NMI_EXITING = 1 << 3;
export const PIN_DEFAULT1 = bits(1, 2, 4);
export const PIN_ALLOWED1 = (PIN_DEFAULT1 | PIN_EXT_INT_EXITING | PIN_NMI_EXITING) >>> 0;

// Primary processor-based controls (SDM 25.6.2, table 25-6). Default1: 1, 4–6, 8, 13–16, 26.
export const CPU_INTR_WINDOW_EXITING = 1 << 2, CPU_USE_TSC_OFFSETTING = 1 << 3, CPU_HLT_EXITING = 1 << 7,
  CPU_INVLPG_EXITING = 1 << 9, CPU_RDTSC_EXITING = 1 << 12, CPU_CR3_LOAD_EXITING = 1 << 15,
  CPU_CR3_STORE_EXITING = 1 << 16, CPU_MOV_DR_EXITING = 1 << 23, CPU_UNCOND_IO_EXITING = 1 << 24,
  CPU_USE_IO_BITMAPS = 1 << 25, CPU_USE_MSR_BITMAPS = 1 << 28, CPU_ACTIVATE_SECONDARY = 1 << 31;
export const CPU_DEFAULT1 = bits(1, 4, 5, 6, 8, 13, 14, 15, 16, 26);
/** The TRUE MSR lets CR3-load and CR3-store exiting be 0 (SDM A.3.2). */
export const CPU_TRUE_DEFAULT1 = (CPU_DEFAULT1 & ~(CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING)) >>> 0;
export const CPU_ALLOWED1 = (CPU_DEFAULT1 | CPU_INTR_WINDOW_EXITING | CPU_USE_TSC_OFFSETTING | CPU_HLT_EXITING |
  CPU_INVLPG_EXITING | CPU_RDTSC_EXITING | CPU_MOV_DR_EXITING | CPU_UNCOND_IO_EXITING | CPU_USE_IO_BITMAPS |
  CPU_USE_MSR_BITMAPS | CPU_ACTIVATE_SECONDARY) >>> 0;

// Secondary processor-based controls (SDM 25.6.2, table 25-7): no default1 bits.
export const CPU2_ENABLE_EPT = 1 << 1, CPU2_DESC_TABLE_EXITING = 1 << 2, CPU2_ENABLE_VPID = 1 << 5,
  CPU2_WBINVD_EXITING = 1 << 6, CPU2_UNRESTRICTED_GUEST = 1 << 7;
/** Features whose controls (and VMCS fields) exist: EPT (cpu/ept.ts) and VPID-tagged TLBs (cpu/tlb-sets.ts). */
export const FEATURES: Readonly<Record<FieldFeature, boolean>> = { ept: true, vpid: true };
export const CPU2_ALLOWED1 = ((FEATURES.ept ? CPU2_ENABLE_EPT : 0) | (FEATURES.vpid ? CPU2_ENABLE_VPID : 0) |
  CPU2_DESC_TABLE_EXITING | CPU2_WBINVD_EXITING) >>> 0;

// VM-exit controls (SDM 25.7.1). Default1: 0–8, 10, 11, 13, 14, 16, 17 (bit 2 = save debug controls).
export const EXIT_SAVE_DEBUG_CONTROLS = 1 << 2, EXIT_HOST_ADDR_SPACE_SIZE = 1 << 9, EXIT_ACK_INTR_ON_EXIT = 1 << 15;
export const EXIT_DEFAULT1 = bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14, 16, 17);
export const EXIT_ALLOWED1 = (EXIT_DEFAULT1 | EXIT_ACK_INTR_ON_EXIT) >>> 0;

// VM-entry controls (SDM 25.8.1). Default1: 0–8, 12 (bit 2 = load debug controls).
export const ENTRY_LOAD_DEBUG_CONTROLS = 1 << 2, ENTRY_IA32E_MODE_GUEST = 1 << 9;
export const ENTRY_DEFAULT1 = bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 12);
export const ENTRY_ALLOWED1 = ENTRY_DEFAULT1;

/** CR0: PE, NE and PG must be 1 in VMX operation (and in the guest, without unrestricted guest). */
export const CR0_FIXED0 = 0x80000021 | 0, CR0_FIXED1 = 0xffffffff | 0;
/** CR4: VMXE must be 1; only the bits virtlab's CR4 has may be 1 (VME PVI TSD DE PSE PGE PCE VMXE). */
export const CR4_FIXED0 = 1 << 13, CR4_FIXED1 = bits(0, 1, 2, 3, 4, 7, 8, 13) | 0;

/** IA32_VMX_MISC: HLT activity state (bit 6), 4 CR3-target values (bits 24:16), 512-entry MSR lists (27:25 = 0). */
export const MISC_CR3_TARGETS = 4;
export const MISC_LOW = ((1 << 6) | (MISC_CR3_TARGETS << 16)) >>> 0;
/** MSR-list limit: 512 × (IA32_VMX_MISC[27:25] + 1). */
export const MSR_LIST_MAX = 512;

/**
 * IA32_VMX_EPT_VPID_CAP (SDM A.10). Low dword: no execute-only pages (0), 4-level walks (6), UC (8) and WB (14)
 * paging structures, 2 MiB pages (16), INVEPT (20) single-context (25) and all-context (26). No 1 GiB pages,
 * no EPT accessed/dirty flags, no advanced EPT-violation information (bit 22: qualification bits 9–11 stay 0).
 * High dword (bits 63:32): INVVPID (32), individual-address (40), single-context (41), all-context (42),
 * single-context-retaining-globals (43).
 */
export const EPT_CAP_WALK_4 = 1 << 6, EPT_CAP_UC = 1 << 8, EPT_CAP_WB = 1 << 14, EPT_CAP_2MB_PAGES = 1 << 16,
  EPT_CAP_INVEPT = 1 << 20, EPT_CAP_INVEPT_SINGLE = 1 << 25, EPT_CAP_INVEPT_ALL = 1 << 26;
export const VPID_CAP_INVVPID = 1 << 0, VPID_CAP_INDIVIDUAL = 1 << 8, VPID_CAP_SINGLE = 1 << 9, VPID_CAP_ALL = 1 << 10,
  VPID_CAP_SINGLE_RETAIN_GLOBALS = 1 << 11;
export const EPT_VPID_CAP_LOW = FEATURES.ept ? (EPT_CAP_WALK_4 | EPT_CAP_UC | EPT_CAP_WB | EPT_CAP_2MB_PAGES | EPT_CAP_INVEPT |
  EPT_CAP_INVEPT_SINGLE | EPT_CAP_INVEPT_ALL) >>> 0 : 0;
export const EPT_VPID_CAP_HIGH = FEATURES.vpid ? (VPID_CAP_INVVPID | VPID_CAP_INDIVIDUAL | VPID_CAP_SINGLE | VPID_CAP_ALL |
  VPID_CAP_SINGLE_RETAIN_GLOBALS) >>> 0 : 0;

/** IA32_VMX_BASIC: revision, 4 KiB regions (44:32), 32-bit physical addresses (48), WB (53:50 = 6), INS/OUTS info (54), TRUE controls (55). */
export const BASIC: readonly [number, number] = [VMCS_REVISION_ID, 4096 | (1 << 16) | (6 << 18) | (1 << 22) | (1 << 23)];

const ctl = (default1: number, allowed1: number): readonly [number, number] => [default1 | 0, allowed1 | 0];

/** msr → [low dword, high dword], for RDMSR (msr.ts `vmxCapabilities`). */
export const CAPABILITY_MSRS: ReadonlyMap<number, readonly [number, number]> = new Map<number, readonly [number, number]>([
  [MSR_VMX_BASIC, BASIC],
  [MSR_VMX_PINBASED_CTLS, ctl(PIN_DEFAULT1, PIN_ALLOWED1)],
  [MSR_VMX_PROCBASED_CTLS, ctl(CPU_DEFAULT1, CPU_ALLOWED1)],
  [MSR_VMX_EXIT_CTLS, ctl(EXIT_DEFAULT1, EXIT_ALLOWED1)],
  [MSR_VMX_ENTRY_CTLS, ctl(ENTRY_DEFAULT1, ENTRY_ALLOWED1)],
  [MSR_VMX_MISC, [MISC_LOW | 0, 0]],
  [MSR_VMX_CR0_FIXED0, [CR0_FIXED0, 0]],
  [MSR_VMX_CR0_FIXED1, [CR0_FIXED1, 0]],
  [MSR_VMX_CR4_FIXED0, [CR4_FIXED0, 0]],
  [MSR_VMX_CR4_FIXED1, [CR4_FIXED1, 0]],
  [MSR_VMX_VMCS_ENUM, [HIGHEST_FIELD_INDEX << 1, 0]],
  [MSR_VMX_PROCBASED_CTLS2, ctl(0, CPU2_ALLOWED1)],
  [MSR_VMX_EPT_VPID_CAP, [EPT_VPID_CAP_LOW | 0, EPT_VPID_CAP_HIGH | 0]],
  [MSR_VMX_TRUE_PINBASED_CTLS, ctl(PIN_DEFAULT1, PIN_ALLOWED1)],
  [MSR_VMX_TRUE_PROCBASED_CTLS, ctl(CPU_TRUE_DEFAULT1, CPU_ALLOWED1)],
  [MSR_VMX_TRUE_EXIT_CTLS, ctl(EXIT_DEFAULT1, EXIT_ALLOWED1)],
  [MSR_VMX_TRUE_ENTRY_CTLS, ctl(ENTRY_DEFAULT1, ENTRY_ALLOWED1)],
]);

/** True when a VMCS field exists on this implementation (its feature, if any, is implemented). */
export function fieldImplemented(feature: FieldFeature | undefined): boolean {
  return feature === undefined || FEATURES[feature];
}
