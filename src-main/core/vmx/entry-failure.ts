/**
 * A VM entry that failed its checks (SDM chapter 27), said the way a hypervisor author needs it: which area,
 * which field, which rule, where the SDM states it, and what the guest program sees. The debugger, the trace,
 * the CLI and the UI all print `describeEntryFailure`.
 *
 * Architectural results (SDM 27.1–27.4):
 *  - control fields (27.2.1)      → VMfailValid(7)  "VM entry with invalid control field(s)"
 *  - host-state area (27.2.2–4)   → VMfailValid(8)  "VM entry with invalid host-state field(s)"
 *  - guest-state area (27.3.1)    → VM exit, reason 33 | bit 31 (invalid guest state), qualification 0
 *    (3: an NMI injected into a guest blocking by STI; 4: an invalid VMCS link pointer — SDM 27.8, table 27-1)
 *  - MSR-load area (27.4)         → VM exit, reason 34 | bit 31, qualification = 1-based entry index
 */
export type EntryCheckArea = 'control' | 'host' | 'guest' | 'msr-load';

export interface EntryCheckFailure {
  readonly area: EntryCheckArea;
  /** The VMCS field at fault by its vmx.h name (GUEST_CS_AR_BYTES), or the MSR-load entry ("MSR-load entry 2"). */
  readonly field: string;
  /** The rule in plain words, e.g. "a code segment must be accessed (bit 0)". */
  readonly rule: string;
  /** The SDM section that states it, e.g. "27.3.1.2". */
  readonly sdm: string;
  /** The value found in the field (its low 32 bits for a 64-bit field). */
  readonly value: number;
  /** The high 32 bits of a 64-bit field's value (VMCS link pointer, bitmap and MSR-area addresses). */
  readonly valueHigh?: number;
  /** Exit qualification for guest-state and MSR-load failures. */
  readonly qualification?: number;
}

export const VMERR_ENTRY_INVALID_CONTROL = 7, VMERR_ENTRY_INVALID_HOST_STATE = 8;

const hex32 = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');

/**
 * "guest-state field GUEST_CS_AR_BYTES = 0x0000c09a: CS must be an accessed code segment (type 9, 11, 13 or
 * 15; bit 0 of the type is the accessed bit) — SDM 27.3.1.2". A 64-bit value prints as 0xHHHHHHHH_LLLLLLLL.
 */
export function describeEntryFailure(f: EntryCheckFailure): string {
  const where = f.area === 'control' ? 'control field' : f.area === 'host' ? 'host-state field' :
    f.area === 'guest' ? 'guest-state field' : 'VM-entry MSR-load area,';
  const value = f.valueHigh !== undefined ? `0x${hex32(f.valueHigh)}_${hex32(f.value)}` : `0x${hex32(f.value)}`;
  return `${where} ${f.field} = ${value}: ${f.rule} — SDM ${f.sdm}`;
}

/** What the guest program sees, in words: "VMfailValid(7)" / "VM exit 33 (invalid guest state)". */
export function entryFailureResult(f: EntryCheckFailure): string {
  switch (f.area) {
    case 'control': return 'VMfailValid(7): VM entry with invalid control field(s)';
    case 'host': return 'VMfailValid(8): VM entry with invalid host-state field(s)';
    case 'guest': return `VM exit 0x80000021 (reason 33, invalid guest state), qualification ${f.qualification ?? 0}`;
    default: return `VM exit 0x80000022 (reason 34, MSR loading), qualification ${f.qualification ?? 0}`;
  }
}
