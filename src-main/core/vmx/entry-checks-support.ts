/**
 * What the entry checks share: the capability values they test against, read once from the capability MSRs
 * (capabilities.ts) the way a hypervisor reads them with RDMSR, and the one constructor of a failure.
 * Nothing here allocates on a successful entry: failures are built only when a check fails.
 */
import {
  BASIC, CAPABILITY_MSRS, MSR_VMX_CR0_FIXED0, MSR_VMX_CR0_FIXED1, MSR_VMX_CR4_FIXED0, MSR_VMX_CR4_FIXED1,
  MSR_VMX_ENTRY_CTLS, MSR_VMX_EXIT_CTLS, MSR_VMX_MISC, MSR_VMX_PINBASED_CTLS, MSR_VMX_PROCBASED_CTLS,
  MSR_VMX_PROCBASED_CTLS2, MSR_VMX_TRUE_ENTRY_CTLS, MSR_VMX_TRUE_EXIT_CTLS, MSR_VMX_TRUE_PINBASED_CTLS,
  MSR_VMX_TRUE_PROCBASED_CTLS,
} from './capabilities';
import type { EntryCheckArea, EntryCheckFailure } from './entry-failure';
import type { FieldName } from './vmcs-fields';

const msr = (index: number): readonly [number, number] => CAPABILITY_MSRS.get(index) ?? [0, 0];

/** IA32_VMX_BASIC[55]: the TRUE_*_CTLS MSRs say which default1 controls may be 0 (SDM A.2). */
const TRUE_CTLS = (BASIC[1] & (1 << 23)) !== 0;

/**
 * A control field's allowed settings (SDM A.3–A.5) and the MSR a student reads them from. Field values and
 * masks are kept as int32 on the checks' success path (a value above 2^31 as a JS number would be boxed).
 */
export interface ControlCaps {
  /** Allowed-0 settings: a bit set here must be 1. */
  readonly must1: number;
  /** Allowed-1 settings: a bit clear here must be 0. */
  readonly may1: number;
  readonly msrName: string;
}

function controlCaps(trueIndex: number, plainIndex: number, trueName: string, plainName: string): ControlCaps {
  const [lo, hi] = msr(TRUE_CTLS ? trueIndex : plainIndex);
  return { must1: lo | 0, may1: hi | 0, msrName: TRUE_CTLS ? trueName : plainName };
}

export const PIN_CAPS = controlCaps(MSR_VMX_TRUE_PINBASED_CTLS, MSR_VMX_PINBASED_CTLS,
  'IA32_VMX_TRUE_PINBASED_CTLS', 'IA32_VMX_PINBASED_CTLS');
export const CPU_CAPS = controlCaps(MSR_VMX_TRUE_PROCBASED_CTLS, MSR_VMX_PROCBASED_CTLS,
  'IA32_VMX_TRUE_PROCBASED_CTLS', 'IA32_VMX_PROCBASED_CTLS');
/** The secondary controls have no default1 class and no TRUE MSR (SDM A.3.3). */
export const CPU2_CAPS: ControlCaps = {
  must1: msr(MSR_VMX_PROCBASED_CTLS2)[0] | 0, may1: msr(MSR_VMX_PROCBASED_CTLS2)[1] | 0,
  msrName: 'IA32_VMX_PROCBASED_CTLS2',
};
export const EXIT_CAPS = controlCaps(MSR_VMX_TRUE_EXIT_CTLS, MSR_VMX_EXIT_CTLS,
  'IA32_VMX_TRUE_EXIT_CTLS', 'IA32_VMX_EXIT_CTLS');
export const ENTRY_CAPS = controlCaps(MSR_VMX_TRUE_ENTRY_CTLS, MSR_VMX_ENTRY_CTLS,
  'IA32_VMX_TRUE_ENTRY_CTLS', 'IA32_VMX_ENTRY_CTLS');

/** IA32_VMX_MISC (SDM A.6). */
const MISC = msr(MSR_VMX_MISC)[0] | 0;
/** Bits 24:16: how many CR3-target values the processor supports. */
export const MAX_CR3_TARGETS = (MISC >>> 16) & 0x1ff;
/** Bits 8:6: activity states 1 (HLT), 2 (shutdown), 3 (wait-for-SIPI) supported; 0 (active) always is. */
export const activityStateSupported = (state: number): boolean =>
  state === 0 || (state >= 1 && state <= 3 && (MISC & (1 << (5 + state))) !== 0);
/** Bit 30: a VM-entry instruction length of 0 is allowed for software events. */
export const ZERO_LENGTH_INSTRUCTIONS = (MISC & (1 << 30)) !== 0;

/** Fixed bits of CR0 and CR4 in VMX operation (SDM A.7, A.8): FIXED0 bits must be 1, bits clear in FIXED1 must be 0. */
export const CR0_MUST1 = msr(MSR_VMX_CR0_FIXED0)[0] | 0, CR0_MAY1 = msr(MSR_VMX_CR0_FIXED1)[0] | 0;
export const CR4_MUST1 = msr(MSR_VMX_CR4_FIXED0)[0] | 0, CR4_MAY1 = msr(MSR_VMX_CR4_FIXED1)[0] | 0;

/**
 * IA32_VMX_BASIC[48]: the addresses of the VMCS's data structures (I/O and MSR bitmaps, MSR areas) are limited
 * to 32 bits; virtlab's physical addresses are 32 bits anyway. A 64-bit address field is within the width
 * when its high half is 0.
 */
export const ADDRESSES_32BIT = (BASIC[1] & (1 << 16)) !== 0;
export const PHYSICAL_ADDRESS_WIDTH = 32;

/** "0x0000c09b" */
export const hex = (v: number, digits = 8): string => `0x${(v >>> 0).toString(16).padStart(digits, '0')}`;

/** The lowest set bit of a non-zero value. */
export const lowestBit = (v: number): number => 31 - Math.clz32(v & -v);

/** The failure of one check: the field at fault (vmx.h name), the rule in plain words, the SDM section. */
export function fail(area: EntryCheckArea, field: FieldName, rule: string, sdm: string, value: number,
  qualification?: number, valueHigh?: number): EntryCheckFailure {
  return {
    area, field, rule, sdm, value: value >>> 0,
    ...(qualification !== undefined ? { qualification } : {}),
    ...(valueHigh !== undefined ? { valueHigh: valueHigh >>> 0 } : {}),
  };
}
