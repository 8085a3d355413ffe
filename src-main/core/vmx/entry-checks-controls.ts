/**
 * Checks on the VM-execution, VM-exit and VM-entry control fields (SDM 27.2.1), in the SDM's order. A failure
 * makes VMLAUNCH/VMRESUME fail with VMfailValid(7). The allowed settings come from the capability MSRs
 * (entry-checks-support.ts); a control virtlab does not implement is simply not allowed-1 there, so the rules
 * that only concern such controls (TPR shadow, posted interrupts, PML, SMM, IA-32e mode, ...) can never be
 * reached and are not written out: the reserved-bit check names the control instead. The rules of controls
 * machine.md plans (virtual NMIs and NMI-window exiting, the preemption timer, EPT, VPID, unrestricted guest) are
 * written out, and tested with those controls allowed (test/unit/vmx/entry-checks-future.test.ts).
 */
import type { Vmcs } from './vmcs';
import { F, type FieldName } from './vmcs-fields';
import { CAPABILITY_MSRS, MSR_VMX_EPT_VPID_CAP } from './capabilities';
import type { EntryCheckFailure } from './entry-failure';
import {
  CPU2_CAPS, CPU_CAPS, ENTRY_CAPS, EXIT_CAPS, INTR_DELIVER_ERROR_CODE, INTR_TYPE_HW_EXCEPTION, INTR_TYPE_NMI,
  INTR_TYPE_OTHER, INTR_TYPE_PRIV_SW_EXCEPTION, INTR_TYPE_SW_EXCEPTION, INTR_TYPE_SW_INTERRUPT, INTR_VALID,
  MAX_CR3_TARGETS, PIN_CAPS, ZERO_LENGTH_INSTRUCTIONS, fail, hex, lowestBit, type ControlCaps,
} from './entry-checks-support';

const EXEC = '27.2.1.1', EXIT = '27.2.1.2', ENTRY = '27.2.1.3';

// Control bits the rules below name (SDM tables 25-5 to 25-15; vmx.inc spells them the same way).
const PIN_NMI_EXITING = 1 << 3, PIN_VIRTUAL_NMIS = 1 << 5, PIN_PREEMPTION_TIMER = 1 << 6;
const CPU_NMI_WINDOW_EXITING = 1 << 22, CPU_USE_IO_BITMAPS = 1 << 25, CPU_MONITOR_TRAP_FLAG = 1 << 27,
  CPU_USE_MSR_BITMAPS = 1 << 28, CPU_ACTIVATE_SECONDARY = 1 << 31;
const CPU2_ENABLE_EPT = 1 << 1, CPU2_ENABLE_VPID = 1 << 5, CPU2_UNRESTRICTED_GUEST = 1 << 7;
const EXIT_SAVE_PREEMPTION_TIMER = 1 << 22;

/** Names of the control bits, for the reserved-bit diagnostics; a bit missing here is reserved. */
const PIN_NAMES: Readonly<Record<number, string>> = {
  0: 'external-interrupt exiting', 3: 'NMI exiting', 5: 'virtual NMIs', 6: 'activate VMX-preemption timer',
  7: 'process posted interrupts',
};
const CPU_NAMES: Readonly<Record<number, string>> = {
  2: 'interrupt-window exiting', 3: 'use TSC offsetting', 7: 'HLT exiting', 9: 'INVLPG exiting',
  10: 'MWAIT exiting', 11: 'RDPMC exiting', 12: 'RDTSC exiting', 15: 'CR3-load exiting', 16: 'CR3-store exiting',
  17: 'activate tertiary controls', 19: 'CR8-load exiting', 20: 'CR8-store exiting', 21: 'use TPR shadow',
  22: 'NMI-window exiting', 23: 'MOV-DR exiting', 24: 'unconditional I/O exiting', 25: 'use I/O bitmaps',
  27: 'monitor trap flag', 28: 'use MSR bitmaps', 29: 'MONITOR exiting', 30: 'PAUSE exiting',
  31: 'activate secondary controls',
};
const CPU2_NAMES: Readonly<Record<number, string>> = {
  0: 'virtualize APIC accesses', 1: 'enable EPT', 2: 'descriptor-table exiting', 3: 'enable RDTSCP',
  4: 'virtualize x2APIC mode', 5: 'enable VPID', 6: 'WBINVD exiting', 7: 'unrestricted guest',
  8: 'APIC-register virtualization', 9: 'virtual-interrupt delivery', 10: 'PAUSE-loop exiting',
  11: 'RDRAND exiting', 12: 'enable INVPCID', 13: 'enable VM functions', 14: 'VMCS shadowing',
  15: 'enable ENCLS exiting', 16: 'RDSEED exiting', 17: 'enable PML', 18: 'EPT-violation #VE',
  19: 'conceal VMX from PT', 20: 'enable XSAVES/XRSTORS', 22: 'mode-based execute control for EPT',
  23: 'sub-page write permissions for EPT', 24: 'Intel PT uses guest-physical addresses', 25: 'use TSC scaling',
  26: 'enable user wait and pause', 28: 'enable ENCLV exiting',
};
const EXIT_NAMES: Readonly<Record<number, string>> = {
  2: 'save debug controls', 9: 'host address-space size', 12: 'load IA32_PERF_GLOBAL_CTRL',
  15: 'acknowledge interrupt on exit', 18: 'save IA32_PAT', 19: 'load IA32_PAT', 20: 'save IA32_EFER',
  21: 'load IA32_EFER', 22: 'save VMX-preemption timer value', 23: 'clear IA32_BNDCFGS',
  24: 'conceal VMX from PT', 25: 'clear IA32_RTIT_CTL', 28: 'load CET state', 29: 'load PKRS',
};
const ENTRY_NAMES: Readonly<Record<number, string>> = {
  2: 'load debug controls', 9: 'IA-32e mode guest', 10: 'entry to SMM', 11: 'deactivate dual-monitor treatment',
  13: 'load IA32_PERF_GLOBAL_CTRL', 14: 'load IA32_PAT', 15: 'load IA32_EFER', 16: 'load IA32_BNDCFGS',
  17: 'conceal VMX from PT', 18: 'load IA32_RTIT_CTL', 20: 'load CET state', 22: 'load PKRS',
};
/** Why a control cannot be 1 on virtlab when the plain "not implemented" would not say enough. */
const WHY_NOT: Readonly<Record<string, string>> = {
  'host address-space size': 'the host would be in 64-bit mode, and virtlab\'s processor has no IA-32e mode',
  'IA-32e mode guest': 'the guest would be in IA-32e mode, and virtlab\'s processor has no IA-32e mode',
  'entry to SMM': 'virtlab\'s processor has no system-management mode',
  'deactivate dual-monitor treatment': 'virtlab\'s processor has no system-management mode',
};

/** The rule broken by the lowest wrongly set or cleared bit of a control field, or null when its bits are right. */
function reservedBitsRule(value: number, caps: ControlCaps, names: Readonly<Record<number, string>>): string | null {
  const v = value | 0;
  const missing = caps.must1 & ~v, extra = v & ~caps.may1;
  if (missing === 0 && extra === 0) return null;
  // Report the lowest offending bit, whichever kind it is.
  const bit = lowestBit(missing !== 0 && (extra === 0 || lowestBit(missing) < lowestBit(extra)) ? missing : extra);
  const name = names[bit];
  if ((missing & (1 << bit)) !== 0) {
    return name !== undefined
      ? `bit ${bit} (${name}) must be 1 on this processor: ${caps.msrName} reports it as a must-be-1 setting (bit ${bit} set in its low 32 bits, the allowed-0 settings)`
      : `bit ${bit} is a reserved bit that must be 1 (a "default1" bit: ${caps.msrName} has bit ${bit} set in its low 32 bits, the allowed-0 settings)`;
  }
  if (name === undefined) return `bit ${bit} is reserved and must be 0 (${caps.msrName} has bit ${32 + bit} clear: its high 32 bits are the allowed-1 settings)`;
  const why = WHY_NOT[name] ?? 'virtlab does not implement this control';
  return `bit ${bit} (${name}) must be 0: ${why} (${caps.msrName} has bit ${32 + bit} clear: its high 32 bits are the allowed-1 settings)`;
}

/** A 4 KiB-aligned page address within the physical-address width, or the rule it breaks. */
function pageAddressRule(vmcs: Vmcs, field: FieldName, what: string): EntryCheckFailure | null {
  const lo = vmcs.read(F[field]), hi = vmcs.read(F[field] | 1);
  if ((lo & 0xfff) !== 0) {
    return fail('control', field, `the ${what} address must be 4 KiB aligned (bits 11:0 must be 0)`, EXEC, lo, undefined, hi);
  }
  if (hi !== 0) {
    return fail('control', field, `the ${what} address must fit the 32-bit physical-address width (bits 63:32 must be 0)`, EXEC, lo, undefined, hi);
  }
  return null;
}

/** An MSR area: 16-byte aligned, and all `count` 16-byte entries within the physical-address width. */
function msrAreaRule(vmcs: Vmcs, field: FieldName, countField: FieldName, countEnc: number, what: string, sdm: string): EntryCheckFailure | null {
  if (vmcs.read(countEnc) === 0) return null;
  const count = vmcs.read(countEnc) >>> 0;
  const lo = vmcs.read(F[field]) >>> 0, hi = vmcs.read(F[field] | 1);
  if ((lo & 0xf) !== 0) {
    return fail('control', field, `the ${what} address must be 16-byte aligned (bits 3:0 must be 0) when ${countField} is not 0`, sdm, lo, undefined, hi);
  }
  if (hi !== 0) {
    return fail('control', field, `the ${what} address must fit the 32-bit physical-address width (bits 63:32 must be 0)`, sdm, lo, undefined, hi);
  }
  const last = lo + count * 16 - 1;
  if (last > 0xffffffff) {
    return fail('control', field, `the ${what} (${count} entries of 16 bytes from ${hex(lo)}) must end within the 32-bit physical-address width; its last byte would be at 0x${last.toString(16)}`, sdm, lo, undefined, hi);
  }
  return null;
}

/** Exception mnemonics, for the event-injection diagnostics. */
const VECTOR_NAMES = ['#DE', '#DB', 'NMI', '#BP', '#OF', '#BR', '#UD', '#NM', '#DF', 'vector 9', '#TS', '#NP',
  '#SS', '#GP', '#PF', 'vector 15', '#MF', '#AC', '#MC', '#XM', '#VE', '#CP'];
const vectorName = (v: number): string => VECTOR_NAMES[v] ?? `vector ${v}`;
/** Exceptions that push an error code (SDM 27.2.1.3): #DF, #TS, #NP, #SS, #GP, #PF, #AC. */
const ERROR_CODE_VECTORS = (1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 17);

const TYPE_NAMES = ['external interrupt', 'reserved type 1', 'NMI', 'hardware exception', 'software interrupt',
  'privileged software exception', 'software exception', 'other event'];

/** SDM 27.2.1.3, the event-injection fields (checked only when the valid bit is 1). */
function injectionRule(vmcs: Vmcs, unrestrictedGuest: boolean): EntryCheckFailure | null {
  const info = vmcs.read(F.VM_ENTRY_INTR_INFO_FIELD);
  if ((info & INTR_VALID) === 0) return null;
  const field = 'VM_ENTRY_INTR_INFO_FIELD';
  const type = (info >>> 8) & 7, vector = info & 0xff;
  if (type === 1 || (type === INTR_TYPE_OTHER && (CPU_CAPS.may1 & CPU_MONITOR_TRAP_FLAG) === 0)) {
    const why = type === 1 ? 'type 1 is reserved' : 'type 7 (other event) needs the monitor trap flag, which virtlab does not implement';
    return fail('control', field, `the interruption type (bits 10:8) must be 0, 2, 3, 4, 5 or 6: ${why}`, ENTRY, info);
  }
  if (type === INTR_TYPE_NMI && vector !== 2) {
    return fail('control', field, `an NMI (type 2) must have vector 2 in bits 7:0, not ${vector}`, ENTRY, info);
  }
  if (type === INTR_TYPE_HW_EXCEPTION && vector > 31) {
    return fail('control', field, `a hardware exception (type 3) must have a vector of at most 31, not ${vector}: vectors 32–255 are interrupts (use type 0 or 4)`, ENTRY, info);
  }
  if (type === INTR_TYPE_OTHER && vector !== 0) {
    return fail('control', field, `an "other event" (type 7) must have vector 0 (pending MTF VM exit)`, ENTRY, info);
  }
  const peSet = (vmcs.read(F.GUEST_CR0) & 1) !== 0;
  const wantsErrorCode = (!unrestrictedGuest || peSet) && type === INTR_TYPE_HW_EXCEPTION &&
    vector < 32 && (ERROR_CODE_VECTORS & (1 << vector)) !== 0;
  const deliver = (info & INTR_DELIVER_ERROR_CODE) !== 0;
  if (deliver !== wantsErrorCode) {
    const rule = wantsErrorCode
      ? `${vectorName(vector)} (vector ${vector}) pushes an error code, so bit 11 (deliver error code) must be 1`
      : type !== INTR_TYPE_HW_EXCEPTION
        ? `only hardware exceptions (type 3) deliver an error code, so bit 11 (deliver error code) must be 0 for a ${TYPE_NAMES[type]}`
        : !peSet ? 'no exception pushes an error code in real mode (guest CR0.PE = 0), so bit 11 (deliver error code) must be 0'
        : `${vectorName(vector)} (vector ${vector}) pushes no error code, so bit 11 (deliver error code) must be 0 (only #DF, #TS, #NP, #SS, #GP, #PF and #AC have one)`;
    return fail('control', field, rule, ENTRY, info);
  }
  if ((info & 0x7ffff000) !== 0) {
    return fail('control', field, `reserved bits 30:12 must be 0 (bit ${lowestBit(info & 0x7ffff000)} is set; a copy of the IDT-vectoring information may carry bit 12, clear it)`, ENTRY, info);
  }
  if (deliver) {
    const code = vmcs.read(F.VM_ENTRY_EXCEPTION_ERROR_CODE);
    if ((code & 0xffff0000) !== 0) {
      return fail('control', 'VM_ENTRY_EXCEPTION_ERROR_CODE', 'bits 31:16 of the error code to deliver must be 0', ENTRY, code);
    }
  }
  if (type === INTR_TYPE_SW_INTERRUPT || type === INTR_TYPE_PRIV_SW_EXCEPTION || type === INTR_TYPE_SW_EXCEPTION) {
    const len = vmcs.read(F.VM_ENTRY_INSTRUCTION_LEN) >>> 0;
    const min = ZERO_LENGTH_INSTRUCTIONS ? 0 : 1;
    if (len < min || len > 15) {
      return fail('control', 'VM_ENTRY_INSTRUCTION_LEN', `a ${TYPE_NAMES[type]} (type ${type}) needs the length of the instruction that raised it, ${min}–15 bytes (the guest's EIP advances by it)`, ENTRY, len);
    }
  }
  return null;
}

/** IA32_VMX_EPT_VPID_CAP, for the EPT-pointer rules once EPT is implemented (SDM A.10). */
const EPT_CAP = (CAPABILITY_MSRS.get(MSR_VMX_EPT_VPID_CAP) ?? [0, 0])[0] >>> 0;

/** SDM 27.2.1.1: the EPT pointer's memory type, walk length and reserved bits. */
function eptPointerRule(vmcs: Vmcs): EntryCheckFailure | null {
  const lo = vmcs.read(F.EPT_POINTER), hi = vmcs.read(F.EPT_POINTER | 1);
  const type = lo & 7, walk = (lo >>> 3) & 7;
  let rule: string | null = null;
  if (!((type === 0 && (EPT_CAP & (1 << 8)) !== 0) || (type === 6 && (EPT_CAP & (1 << 14)) !== 0))) {
    rule = 'the EPT paging-structure memory type (bits 2:0) must be one IA32_VMX_EPT_VPID_CAP supports: 0 (UC, bit 8) or 6 (WB, bit 14)';
  } else if (walk !== 3 || (EPT_CAP & (1 << 6)) === 0) {
    rule = 'bits 5:3 must be 3: a 4-level EPT walk (the walk length minus 1)';
  } else if ((lo & (1 << 6)) !== 0 && (EPT_CAP & (1 << 21)) === 0) {
    rule = 'bit 6 (EPT accessed and dirty flags) must be 0: IA32_VMX_EPT_VPID_CAP bit 21 is clear';
  } else if ((lo & 0xf80) !== 0) {
    rule = 'reserved bits 11:7 must be 0';
  } else if (hi !== 0) {
    rule = 'the EPT PML4 address must fit the 32-bit physical-address width (bits 63:32 must be 0)';
  }
  return rule === null ? null : fail('control', 'EPT_POINTER', rule, EXEC, lo, undefined, hi);
}

/** The first broken rule of SDM 27.2.1, or null. */
export function checkControls(vmcs: Vmcs): EntryCheckFailure | null {
  // 27.2.1.1 VM-execution control fields.
  const pin = vmcs.read(F.PIN_BASED_VM_EXEC_CONTROL);
  let rule = reservedBitsRule(pin, PIN_CAPS, PIN_NAMES);
  if (rule !== null) return fail('control', 'PIN_BASED_VM_EXEC_CONTROL', rule, EXEC, pin);
  const cpu = vmcs.read(F.CPU_BASED_VM_EXEC_CONTROL);
  rule = reservedBitsRule(cpu, CPU_CAPS, CPU_NAMES);
  if (rule !== null) return fail('control', 'CPU_BASED_VM_EXEC_CONTROL', rule, EXEC, cpu);
  // With "activate secondary controls" 0 the secondary controls are not checked and act as 0.
  const cpu2 = (cpu & CPU_ACTIVATE_SECONDARY) !== 0 ? vmcs.read(F.SECONDARY_VM_EXEC_CONTROL) : 0;
  rule = reservedBitsRule(cpu2, CPU2_CAPS, CPU2_NAMES);
  if (rule !== null) return fail('control', 'SECONDARY_VM_EXEC_CONTROL', rule, EXEC, cpu2);

  const targets = vmcs.read(F.CR3_TARGET_COUNT) >>> 0;
  if (targets > MAX_CR3_TARGETS) {
    return fail('control', 'CR3_TARGET_COUNT', `the CR3-target count must be at most ${MAX_CR3_TARGETS}, the number of CR3-target values IA32_VMX_MISC (bits 24:16) reports`, EXEC, targets);
  }
  if ((cpu & CPU_USE_IO_BITMAPS) !== 0) {
    const f = pageAddressRule(vmcs, 'IO_BITMAP_A', 'I/O bitmap A') ?? pageAddressRule(vmcs, 'IO_BITMAP_B', 'I/O bitmap B');
    if (f !== null) return f;
  }
  if ((cpu & CPU_USE_MSR_BITMAPS) !== 0) {
    const f = pageAddressRule(vmcs, 'MSR_BITMAP', 'MSR bitmap');
    if (f !== null) return f;
  }
  if ((pin & PIN_NMI_EXITING) === 0 && (pin & PIN_VIRTUAL_NMIS) !== 0) {
    return fail('control', 'PIN_BASED_VM_EXEC_CONTROL', 'virtual NMIs (bit 5) need NMI exiting (bit 3)', EXEC, pin);
  }
  if ((pin & PIN_VIRTUAL_NMIS) === 0 && (cpu & CPU_NMI_WINDOW_EXITING) !== 0) {
    return fail('control', 'CPU_BASED_VM_EXEC_CONTROL', 'NMI-window exiting (bit 22) needs the virtual NMIs pin-based control (bit 5)', EXEC, cpu);
  }
  if ((cpu2 & CPU2_ENABLE_VPID) !== 0 && (vmcs.read(F.VIRTUAL_PROCESSOR_ID) & 0xffff) === 0) {
    return fail('control', 'VIRTUAL_PROCESSOR_ID', 'with "enable VPID" the VPID must not be 0 (VPID 0 belongs to the host)', EXEC, 0);
  }
  if ((cpu2 & CPU2_ENABLE_EPT) !== 0) {
    const f = eptPointerRule(vmcs);
    if (f !== null) return f;
  }
  const unrestrictedGuest = (cpu2 & CPU2_UNRESTRICTED_GUEST) !== 0;
  if (unrestrictedGuest && (cpu2 & CPU2_ENABLE_EPT) === 0) {
    return fail('control', 'SECONDARY_VM_EXEC_CONTROL', 'unrestricted guest (bit 7) needs enable EPT (bit 1): a guest without paging runs on EPT', EXEC, cpu2);
  }

  // 27.2.1.2 VM-exit control fields.
  const exit = vmcs.read(F.VM_EXIT_CONTROLS);
  rule = reservedBitsRule(exit, EXIT_CAPS, EXIT_NAMES);
  if (rule !== null) return fail('control', 'VM_EXIT_CONTROLS', rule, EXIT, exit);
  if ((exit & EXIT_SAVE_PREEMPTION_TIMER) !== 0 && (pin & PIN_PREEMPTION_TIMER) === 0) {
    return fail('control', 'VM_EXIT_CONTROLS', 'save VMX-preemption timer value (bit 22) needs the activate VMX-preemption timer pin-based control (bit 6)', EXIT, exit);
  }
  const exitArea = msrAreaRule(vmcs, 'VM_EXIT_MSR_STORE_ADDR', 'VM_EXIT_MSR_STORE_COUNT', F.VM_EXIT_MSR_STORE_COUNT, 'VM-exit MSR-store area', EXIT) ??
    msrAreaRule(vmcs, 'VM_EXIT_MSR_LOAD_ADDR', 'VM_EXIT_MSR_LOAD_COUNT', F.VM_EXIT_MSR_LOAD_COUNT, 'VM-exit MSR-load area', EXIT);
  if (exitArea !== null) return exitArea;

  // 27.2.1.3 VM-entry control fields.
  const entry = vmcs.read(F.VM_ENTRY_CONTROLS);
  rule = reservedBitsRule(entry, ENTRY_CAPS, ENTRY_NAMES);
  if (rule !== null) return fail('control', 'VM_ENTRY_CONTROLS', rule, ENTRY, entry);
  return injectionRule(vmcs, unrestrictedGuest) ??
    msrAreaRule(vmcs, 'VM_ENTRY_MSR_LOAD_ADDR', 'VM_ENTRY_MSR_LOAD_COUNT', F.VM_ENTRY_MSR_LOAD_COUNT, 'VM-entry MSR-load area', ENTRY);
}
