/**
 * THE VMCS field table: every field virtlab's VMX implements, once, with the SDM's encoding (Vol. 3D,
 * Appendix B) and the name Linux's vmx.h gives it. VMREAD/VMWRITE, the VMCS storage, the entry checks, the
 * debugger's decoded VMCS and the include library's vmx.inc all come from these rows. A field not listed
 * here is unsupported: VMREAD/VMWRITE of it fail with VM-instruction error 12.
 *
 * An encoding is 32 bits (SDM 24.11.2): bit 0 access type (1 = high half of a 64-bit field), bits 9:1 index,
 * bits 11:10 type (control, VM-exit information, guest state, host state), bits 14:13 width (16-bit,
 * 64-bit, 32-bit, natural). virtlab is an IA-32 processor without IA-32e mode, so natural width is 32 bits.
 */

export const WIDTH_16 = 0, WIDTH_64 = 1, WIDTH_32 = 2, WIDTH_NATURAL = 3;
export const TYPE_CONTROL = 0, TYPE_EXIT_INFO = 1, TYPE_GUEST = 2, TYPE_HOST = 3;

/** Display groups, in the order the debugger shows them. */
export const FIELD_GROUPS = ['exec', 'exit-ctl', 'entry-ctl', 'exit-info', 'guest', 'host'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];
export const FIELD_GROUP_TITLES: Readonly<Record<FieldGroup, string>> = {
  exec: 'VM-execution controls',
  'exit-ctl': 'VM-exit controls',
  'entry-ctl': 'VM-entry controls',
  'exit-info': 'VM-exit information (read-only)',
  guest: 'Guest state',
  host: 'Host state',
};

/** A feature that must be implemented for the field to exist (capabilities.ts). */
export type FieldFeature = 'ept' | 'vpid';

export interface VmcsField {
  /** Linux vmx.h name, e.g. GUEST_CS_AR_BYTES; vmx.inc spells it VMCS_GUEST_CS_AR_BYTES. */
  readonly name: string;
  readonly encoding: number;
  readonly width: number;
  readonly type: number;
  readonly group: FieldGroup;
  readonly feature?: FieldFeature;
}

/** Every implemented field: name → encoding (F.GUEST_RIP === 0x681e). */
export const F = {
  // 16-bit
  VIRTUAL_PROCESSOR_ID: 0x0000,
  GUEST_ES_SELECTOR: 0x0800,
  GUEST_CS_SELECTOR: 0x0802,
  GUEST_SS_SELECTOR: 0x0804,
  GUEST_DS_SELECTOR: 0x0806,
  GUEST_FS_SELECTOR: 0x0808,
  GUEST_GS_SELECTOR: 0x080a,
  GUEST_LDTR_SELECTOR: 0x080c,
  GUEST_TR_SELECTOR: 0x080e,
  HOST_ES_SELECTOR: 0x0c00,
  HOST_CS_SELECTOR: 0x0c02,
  HOST_SS_SELECTOR: 0x0c04,
  HOST_DS_SELECTOR: 0x0c06,
  HOST_FS_SELECTOR: 0x0c08,
  HOST_GS_SELECTOR: 0x0c0a,
  HOST_TR_SELECTOR: 0x0c0c,
  // 64-bit (add 1 to an encoding for its high 32 bits)
  IO_BITMAP_A: 0x2000,
  IO_BITMAP_B: 0x2002,
  MSR_BITMAP: 0x2004,
  VM_EXIT_MSR_STORE_ADDR: 0x2006,
  VM_EXIT_MSR_LOAD_ADDR: 0x2008,
  VM_ENTRY_MSR_LOAD_ADDR: 0x200a,
  TSC_OFFSET: 0x2010,
  EPT_POINTER: 0x201a,
  GUEST_PHYSICAL_ADDRESS: 0x2400,
  VMCS_LINK_POINTER: 0x2800,
  GUEST_IA32_DEBUGCTL: 0x2802,
  // 32-bit
  PIN_BASED_VM_EXEC_CONTROL: 0x4000,
  CPU_BASED_VM_EXEC_CONTROL: 0x4002,
  EXCEPTION_BITMAP: 0x4004,
  PAGE_FAULT_ERROR_CODE_MASK: 0x4006,
  PAGE_FAULT_ERROR_CODE_MATCH: 0x4008,
  CR3_TARGET_COUNT: 0x400a,
  VM_EXIT_CONTROLS: 0x400c,
  VM_EXIT_MSR_STORE_COUNT: 0x400e,
  VM_EXIT_MSR_LOAD_COUNT: 0x4010,
  VM_ENTRY_CONTROLS: 0x4012,
  VM_ENTRY_MSR_LOAD_COUNT: 0x4014,
  VM_ENTRY_INTR_INFO_FIELD: 0x4016,
  VM_ENTRY_EXCEPTION_ERROR_CODE: 0x4018,
  VM_ENTRY_INSTRUCTION_LEN: 0x401a,
  SECONDARY_VM_EXEC_CONTROL: 0x401e,
  VM_INSTRUCTION_ERROR: 0x4400,
  VM_EXIT_REASON: 0x4402,
  VM_EXIT_INTR_INFO: 0x4404,
  VM_EXIT_INTR_ERROR_CODE: 0x4406,
  IDT_VECTORING_INFO_FIELD: 0x4408,
  IDT_VECTORING_ERROR_CODE: 0x440a,
  VM_EXIT_INSTRUCTION_LEN: 0x440c,
  VMX_INSTRUCTION_INFO: 0x440e,
  GUEST_ES_LIMIT: 0x4800,
  GUEST_CS_LIMIT: 0x4802,
  GUEST_SS_LIMIT: 0x4804,
  GUEST_DS_LIMIT: 0x4806,
  GUEST_FS_LIMIT: 0x4808,
  GUEST_GS_LIMIT: 0x480a,
  GUEST_LDTR_LIMIT: 0x480c,
  GUEST_TR_LIMIT: 0x480e,
  GUEST_GDTR_LIMIT: 0x4810,
  GUEST_IDTR_LIMIT: 0x4812,
  GUEST_ES_AR_BYTES: 0x4814,
  GUEST_CS_AR_BYTES: 0x4816,
  GUEST_SS_AR_BYTES: 0x4818,
  GUEST_DS_AR_BYTES: 0x481a,
  GUEST_FS_AR_BYTES: 0x481c,
  GUEST_GS_AR_BYTES: 0x481e,
  GUEST_LDTR_AR_BYTES: 0x4820,
  GUEST_TR_AR_BYTES: 0x4822,
  GUEST_INTERRUPTIBILITY_INFO: 0x4824,
  GUEST_ACTIVITY_STATE: 0x4826,
  GUEST_SMBASE: 0x4828,
  GUEST_SYSENTER_CS: 0x482a,
  HOST_IA32_SYSENTER_CS: 0x4c00,
  // natural width (32 bits here)
  CR0_GUEST_HOST_MASK: 0x6000,
  CR4_GUEST_HOST_MASK: 0x6002,
  CR0_READ_SHADOW: 0x6004,
  CR4_READ_SHADOW: 0x6006,
  CR3_TARGET_VALUE0: 0x6008,
  CR3_TARGET_VALUE1: 0x600a,
  CR3_TARGET_VALUE2: 0x600c,
  CR3_TARGET_VALUE3: 0x600e,
  EXIT_QUALIFICATION: 0x6400,
  IO_RCX: 0x6402,
  IO_RSI: 0x6404,
  IO_RDI: 0x6406,
  IO_RIP: 0x6408,
  GUEST_LINEAR_ADDRESS: 0x640a,
  GUEST_CR0: 0x6800,
  GUEST_CR3: 0x6802,
  GUEST_CR4: 0x6804,
  GUEST_ES_BASE: 0x6806,
  GUEST_CS_BASE: 0x6808,
  GUEST_SS_BASE: 0x680a,
  GUEST_DS_BASE: 0x680c,
  GUEST_FS_BASE: 0x680e,
  GUEST_GS_BASE: 0x6810,
  GUEST_LDTR_BASE: 0x6812,
  GUEST_TR_BASE: 0x6814,
  GUEST_GDTR_BASE: 0x6816,
  GUEST_IDTR_BASE: 0x6818,
  GUEST_DR7: 0x681a,
  GUEST_RSP: 0x681c,
  GUEST_RIP: 0x681e,
  GUEST_RFLAGS: 0x6820,
  GUEST_PENDING_DBG_EXCEPTIONS: 0x6822,
  GUEST_SYSENTER_ESP: 0x6824,
  GUEST_SYSENTER_EIP: 0x6826,
  HOST_CR0: 0x6c00,
  HOST_CR3: 0x6c02,
  HOST_CR4: 0x6c04,
  HOST_FS_BASE: 0x6c06,
  HOST_GS_BASE: 0x6c08,
  HOST_TR_BASE: 0x6c0a,
  HOST_GDTR_BASE: 0x6c0c,
  HOST_IDTR_BASE: 0x6c0e,
  HOST_IA32_SYSENTER_ESP: 0x6c10,
  HOST_IA32_SYSENTER_EIP: 0x6c12,
  HOST_RSP: 0x6c14,
  HOST_RIP: 0x6c16,
} as const;
export type FieldName = keyof typeof F;

/** Fields that exist only when their feature is implemented. */
const FEATURE_OF: Partial<Record<FieldName, FieldFeature>> = {
  VIRTUAL_PROCESSOR_ID: 'vpid', EPT_POINTER: 'ept', GUEST_PHYSICAL_ADDRESS: 'ept',
};

/** Display group: by the encoding's type, controls split by what they control. */
function groupOf(name: string, encoding: number): FieldGroup {
  switch (encodingType(encoding)) {
    case TYPE_GUEST: return 'guest';
    case TYPE_HOST: return 'host';
    case TYPE_EXIT_INFO: return 'exit-info';
    default: return name.startsWith('VM_EXIT_') ? 'exit-ctl' : name.startsWith('VM_ENTRY_') ? 'entry-ctl' : 'exec';
  }
}

export const encodingWidth = (encoding: number): number => (encoding >>> 13) & 3;
export const encodingType = (encoding: number): number => (encoding >>> 10) & 3;
export const encodingIndex = (encoding: number): number => (encoding >>> 1) & 0x1ff;
/** Bit 0: the high 32 bits of a 64-bit field. */
export const encodingHigh = (encoding: number): boolean => (encoding & 1) === 1;

export const VMCS_FIELDS: readonly VmcsField[] = (Object.entries(F) as [FieldName, number][]).map(([name, encoding]) => {
  const feature = FEATURE_OF[name];
  return { name, encoding, group: groupOf(name, encoding), width: encodingWidth(encoding), type: encodingType(encoding), ...(feature ? { feature } : {}) };
});

const BY_ENCODING = new Map(VMCS_FIELDS.map((f) => [f.encoding, f]));
const BY_NAME = new Map(VMCS_FIELDS.map((f) => [f.name, f]));

/** The field an encoding names (the high half of a 64-bit field gives that field), or undefined. */
export function fieldOf(encoding: number): VmcsField | undefined {
  if ((encoding >>> 0) > 0x7fff) return undefined; // bits 31:15 must be 0
  const f = BY_ENCODING.get(encoding & ~1);
  if (f === undefined) return undefined;
  if (encodingHigh(encoding) && f.width !== WIDTH_64) return undefined;
  return f;
}

export function fieldByName(name: string): VmcsField | undefined { return BY_NAME.get(name); }


/** Highest index (bits 9:1) of any encoding, for IA32_VMX_VMCS_ENUM. */
export const HIGHEST_FIELD_INDEX = Math.max(...VMCS_FIELDS.map((f) => encodingIndex(f.encoding)));

