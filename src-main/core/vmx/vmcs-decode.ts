/**
 * A VMCS as the debugger shows it: every implemented field by display group (FIELD_GROUPS order, the
 * field table's order within a group), with its value and, where the bits mean something, the meaning in
 * the SDM's words — control bits by name, exit reasons by name, access rights and interruption information
 * taken apart. The CLI's `info vmcs` and the UI's VMCS view print this.
 */
import { ExitReason, exitReasonName } from './exit-reasons';
import { fieldImplemented } from './capabilities';
import { F, FIELD_GROUPS, FIELD_GROUP_TITLES, VMCS_FIELDS, WIDTH_16, WIDTH_64, type FieldGroup } from './vmcs-fields';
import type { Vmcs } from './vmcs';

export interface DecodedField {
  readonly name: string;
  readonly encoding: number;
  /** 16, 32 or 64 (natural width is 32 bits on virtlab's IA-32 processor). */
  readonly bits: 16 | 32 | 64;
  /** The value as a number (a 64-bit field above 2^53 loses its low bits here: use `hex`). */
  readonly value: number;
  /** Exact, zero-padded to the width: "0x0010", "0x0000c09b", "0xffffffffffffffff". */
  readonly hex: string;
  /** What the value means, when more than a number: "HLT exiting, use I/O bitmaps", "code, S=1, DPL=0, P=1, …". */
  readonly meaning?: string;
}

export interface DecodedGroup {
  readonly group: FieldGroup;
  readonly title: string;
  readonly fields: DecodedField[];
}

type BitNames = Readonly<Record<number, string>>;

// Control bits by name (SDM 25.6–25.8); bits not named here are reserved or default1 bits.
const PIN_BITS: BitNames = { 0: 'external-interrupt exiting', 3: 'NMI exiting', 5: 'virtual NMIs', 6: 'VMX-preemption timer', 7: 'process posted interrupts' };
const CPU_BITS: BitNames = {
  2: 'interrupt-window exiting', 3: 'use TSC offsetting', 7: 'HLT exiting', 9: 'INVLPG exiting', 10: 'MWAIT exiting',
  11: 'RDPMC exiting', 12: 'RDTSC exiting', 15: 'CR3-load exiting', 16: 'CR3-store exiting', 19: 'CR8-load exiting',
  20: 'CR8-store exiting', 21: 'use TPR shadow', 22: 'NMI-window exiting', 23: 'MOV-DR exiting', 24: 'unconditional I/O exiting',
  25: 'use I/O bitmaps', 27: 'monitor trap flag', 28: 'use MSR bitmaps', 29: 'MONITOR exiting', 30: 'PAUSE exiting',
  31: 'activate secondary controls',
};
const CPU2_BITS: BitNames = {
  0: 'virtualize APIC accesses', 1: 'enable EPT', 2: 'descriptor-table exiting', 3: 'enable RDTSCP', 4: 'virtualize x2APIC mode',
  5: 'enable VPID', 6: 'WBINVD exiting', 7: 'unrestricted guest',
};
const EXIT_CTL_BITS: BitNames = {
  2: 'save debug controls', 9: 'host address-space size', 12: 'load IA32_PERF_GLOBAL_CTRL', 15: 'acknowledge interrupt on exit',
  18: 'save IA32_PAT', 19: 'load IA32_PAT', 20: 'save IA32_EFER', 21: 'load IA32_EFER', 22: 'save VMX-preemption timer value',
};
const ENTRY_CTL_BITS: BitNames = {
  2: 'load debug controls', 9: 'IA-32e mode guest', 10: 'entry to SMM', 11: 'deactivate dual-monitor treatment',
  13: 'load IA32_PERF_GLOBAL_CTRL', 14: 'load IA32_PAT', 15: 'load IA32_EFER',
};
const CR0_BITS: BitNames = { 0: 'PE', 1: 'MP', 2: 'EM', 3: 'TS', 4: 'ET', 5: 'NE', 16: 'WP', 18: 'AM', 29: 'NW', 30: 'CD', 31: 'PG' };
const CR4_BITS: BitNames = { 0: 'VME', 1: 'PVI', 2: 'TSD', 3: 'DE', 4: 'PSE', 5: 'PAE', 6: 'MCE', 7: 'PGE', 8: 'PCE', 9: 'OSFXSR', 10: 'OSXMMEXCPT', 13: 'VMXE' };
const EFLAGS_BITS: BitNames = { 0: 'CF', 2: 'PF', 4: 'AF', 6: 'ZF', 7: 'SF', 8: 'TF', 9: 'IF', 10: 'DF', 11: 'OF', 14: 'NT', 16: 'RF', 17: 'VM', 18: 'AC', 19: 'VIF', 20: 'VIP', 21: 'ID' };
const INTERRUPTIBILITY_BITS: BitNames = { 0: 'blocking by STI', 1: 'blocking by MOV SS', 2: 'blocking by SMI', 3: 'blocking by NMI' };

const EXCEPTIONS = ['#DE', '#DB', 'NMI', '#BP', '#OF', '#BR', '#UD', '#NM', '#DF', 'CSO', '#TS', '#NP', '#SS', '#GP', '#PF', '#15', '#MF', '#AC', '#MC', '#XM', '#VE'];
const EVENT_TYPES = ['external interrupt', 'reserved type 1', 'NMI', 'hardware exception', 'software interrupt', 'privileged software exception', 'software exception', 'other event'];
const ACTIVITY_STATES = ['active', 'HLT', 'shutdown', 'wait-for-SIPI'];

/** VM-instruction error numbers (SDM 31.4). */
export const VM_INSTRUCTION_ERRORS: Readonly<Record<number, string>> = {
  1: 'VMCALL executed in VMX root operation', 2: 'VMCLEAR with invalid physical address', 3: 'VMCLEAR with VMXON pointer',
  4: 'VMLAUNCH with non-clear VMCS', 5: 'VMRESUME with non-launched VMCS', 6: 'VMRESUME after VMXOFF',
  7: 'VM entry with invalid control field(s)', 8: 'VM entry with invalid host-state field(s)',
  9: 'VMPTRLD with invalid physical address', 10: 'VMPTRLD with VMXON pointer', 11: 'VMPTRLD with incorrect VMCS revision identifier',
  12: 'VMREAD/VMWRITE from/to unsupported VMCS component', 13: 'VMWRITE to read-only VMCS component', 15: 'VMXON executed in VMX root operation',
  16: 'VM entry with invalid executive-VMCS pointer', 17: 'VM entry with non-launched executive VMCS',
  18: 'VM entry with executive-VMCS pointer not VMXON pointer', 19: 'VMCALL with non-clear VMCS', 20: 'VMCALL with invalid VM-exit control fields',
  22: 'VMCALL with incorrect MSEG revision identifier', 23: 'VMXOFF under dual-monitor treatment of SMIs and SMM',
  24: 'VMCALL with invalid SMM-monitor features', 25: 'VM entry with invalid VM-execution control fields in executive VMCS',
  26: 'VM entry with events blocked by MOV SS', 28: 'invalid operand to INVEPT/INVVPID',
};

/** The names of the set bits, comma-separated ("none" when no named bit is set). */
export function bitNames(value: number, names: BitNames): string {
  const set = Object.keys(names).map(Number).filter((b) => ((value >>> b) & 1) !== 0).map((b) => names[b]!);
  return set.length === 0 ? 'none' : set.join(', ');
}

/** Exception vectors of an exception bitmap: "#UD, #GP, #PF". */
function exceptionList(bitmap: number): string {
  const set: string[] = [];
  for (let v = 0; v < 32; v++) if (((bitmap >>> v) & 1) !== 0) set.push(EXCEPTIONS[v] ?? `vector ${v}`);
  return set.length === 0 ? 'none' : set.join(', ');
}

/** Access rights in the VMCS layout (SDM 24.4.1): "code execute/read accessed, S=1, DPL=0, P=1, D/B=1, G=1". */
export function describeAccessRights(ar: number): string {
  if ((ar & 0x10000) !== 0) return 'unusable';
  const type = ar & 0xf;
  const s = (ar >>> 4) & 1;
  let kind: string;
  if (s === 1) {
    kind = (type & 8) !== 0
      ? `code ${(type & 2) !== 0 ? 'execute/read' : 'execute-only'}${(type & 4) !== 0 ? ' conforming' : ''}`
      : `data ${(type & 2) !== 0 ? 'read/write' : 'read-only'}${(type & 4) !== 0 ? ' expand-down' : ''}`;
    if ((type & 1) !== 0) kind += ' accessed';
  } else {
    const system: Record<number, string> = { 1: '16-bit TSS (available)', 2: 'LDT', 3: '16-bit TSS (busy)', 9: '32-bit TSS (available)', 11: '32-bit TSS (busy)' };
    kind = system[type] ?? `system type ${type}`;
  }
  return `${kind}, S=${s}, DPL=${(ar >>> 5) & 3}, P=${(ar >>> 7) & 1}, D/B=${(ar >>> 14) & 1}, G=${(ar >>> 15) & 1}`;
}

/** VM-entry/exit interruption information and IDT-vectoring information (SDM 24.8.3, 24.9.2–3). */
export function describeInterruptionInfo(info: number, exitInfo: boolean): string {
  if ((info >>> 31) === 0) return 'not valid';
  const vector = info & 0xff;
  const type = (info >>> 8) & 7;
  const what = type === 3 || type === 5 || type === 6 ? `${EXCEPTIONS[vector] ?? 'exception'} (vector ${vector})` : `vector ${vector}`;
  const parts = [`valid, ${EVENT_TYPES[type]!} ${what}`];
  if ((info & 0x800) !== 0) parts.push('error code');
  if (exitInfo && (info & 0x1000) !== 0) parts.push('NMI unblocking due to IRET');
  return parts.join(', ');
}

/** VM_EXIT_REASON: "IO_INSTRUCTION (30)", with "VM-entry failure" when bit 31 is set. */
export function describeExitReason(reason: number): string {
  const basic = reason & 0xffff;
  return `${exitReasonName(basic)} (${basic})${(reason >>> 31) !== 0 ? ', VM-entry failure' : ''}`;
}

const IO_SIZES: Record<number, string> = { 0: '1 byte', 1: '2 bytes', 3: '4 bytes' };
const GPRS = ['EAX', 'ECX', 'EDX', 'EBX', 'ESP', 'EBP', 'ESI', 'EDI'];

/** The exit qualification of the reasons whose qualification has fields (SDM 28.2.1), else undefined. */
export function describeQualification(reason: number, q: number): string | undefined {
  switch (reason & 0xffff) {
    case ExitReason.IO_INSTRUCTION:
      return `${(q & 8) !== 0 ? 'IN' : 'OUT'}${(q & 16) !== 0 ? ' string' : ''}${(q & 32) !== 0 ? ' REP' : ''} port 0x${((q >>> 16) & 0xffff).toString(16).padStart(4, '0')}, ${IO_SIZES[q & 7] ?? `size ${q & 7}`}, ${(q & 64) !== 0 ? 'immediate' : 'DX'}`;
    case ExitReason.CR_ACCESS: {
      const type = (q >>> 4) & 3;
      const cr = `CR${q & 15}`;
      if (type === 2) return 'CLTS';
      if (type === 3) return `LMSW ${(q & 64) !== 0 ? 'memory' : 'register'} source 0x${((q >>> 16) & 0xffff).toString(16)}`;
      return type === 0 ? `MOV ${cr}, ${GPRS[(q >>> 8) & 7]}` : `MOV ${GPRS[(q >>> 8) & 7]}, ${cr}`;
    }
    default: return undefined; // a linear address, a vector…: the number says it
  }
}

const AR_FIELDS = new Set(VMCS_FIELDS.filter((f) => f.name.endsWith('_AR_BYTES')).map((f) => f.encoding));

function meaningOf(encoding: number, value: number, vmcs: Vmcs): string | undefined {
  if (AR_FIELDS.has(encoding)) return describeAccessRights(value);
  switch (encoding) {
    case F.PIN_BASED_VM_EXEC_CONTROL: return bitNames(value, PIN_BITS);
    case F.CPU_BASED_VM_EXEC_CONTROL: return bitNames(value, CPU_BITS);
    case F.SECONDARY_VM_EXEC_CONTROL: return bitNames(value, CPU2_BITS);
    case F.VM_EXIT_CONTROLS: return bitNames(value, EXIT_CTL_BITS);
    case F.VM_ENTRY_CONTROLS: return bitNames(value, ENTRY_CTL_BITS);
    case F.EXCEPTION_BITMAP: return exceptionList(value);
    case F.VM_ENTRY_INTR_INFO_FIELD: return describeInterruptionInfo(value, false);
    case F.VM_EXIT_INTR_INFO: case F.IDT_VECTORING_INFO_FIELD: return describeInterruptionInfo(value, true);
    case F.VM_EXIT_REASON: return describeExitReason(value);
    case F.VM_INSTRUCTION_ERROR: return value === 0 ? 'none' : VM_INSTRUCTION_ERRORS[value] ?? `error ${value}`;
    case F.EXIT_QUALIFICATION: return describeQualification(vmcs.read(F.VM_EXIT_REASON), value);
    case F.GUEST_INTERRUPTIBILITY_INFO: return bitNames(value, INTERRUPTIBILITY_BITS);
    case F.GUEST_ACTIVITY_STATE: return ACTIVITY_STATES[value] ?? `state ${value}`;
    case F.GUEST_RFLAGS: return `${bitNames(value, EFLAGS_BITS)}; IOPL=${(value >>> 12) & 3}`;
    case F.GUEST_CR0: case F.HOST_CR0: case F.CR0_GUEST_HOST_MASK: case F.CR0_READ_SHADOW: return bitNames(value, CR0_BITS);
    case F.GUEST_CR4: case F.HOST_CR4: case F.CR4_GUEST_HOST_MASK: case F.CR4_READ_SHADOW: return bitNames(value, CR4_BITS);
    case F.VMCS_LINK_POINTER: return (vmcs.read(encoding) & vmcs.read(encoding | 1)) === -1 ? 'none (FFFFFFFF_FFFFFFFFH)' : undefined;
  }
  return undefined;
}

/** Every implemented field of `vmcs` by display group, decoded. */
export function decodeVmcs(vmcs: Vmcs): DecodedGroup[] {
  return FIELD_GROUPS.map((group) => ({
    group,
    title: FIELD_GROUP_TITLES[group],
    fields: VMCS_FIELDS.filter((f) => f.group === group && fieldImplemented(f.feature)).map((f) => {
      const wide = f.width === WIDTH_64;
      const value = wide ? vmcs.read64(f.encoding) : vmcs.read(f.encoding) >>> 0;
      const bits = f.width === WIDTH_16 ? 16 : wide ? 64 : 32;
      const low = (vmcs.read(f.encoding) >>> 0).toString(16).padStart(bits / 4, '0').slice(-Math.min(8, bits / 4));
      const hex = `0x${wide ? (vmcs.read(f.encoding | 1) >>> 0).toString(16).padStart(8, '0') : ''}${low}`;
      const meaning = meaningOf(f.encoding, value, vmcs);
      return { name: f.name, encoding: f.encoding, bits, value, hex, ...(meaning === undefined ? {} : { meaning }) };
    }),
  }));
}
