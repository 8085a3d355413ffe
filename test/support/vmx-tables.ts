/**
 * What virtlab's VMX tables (src-main/core/vmx) say a program may use, in the form the generated parts of
 * resources/include/vmx.inc and docs/vmx.md list it: the capability MSRs that exist and, per control field,
 * the named control bits its capability MSR allows to be 1.
 */
import * as capabilities from '../../src-main/core/vmx/capabilities';

export interface ControlGroup {
  /** vmx.inc's name of the VMCS field the bits go into. */
  readonly field: string;
  readonly title: string;
  /** The capability MSR (non-TRUE) that reports the field's settings. */
  readonly msr: number;
  /** Named bits that may be 1, lowest first. */
  readonly bits: readonly { readonly name: string; readonly bit: number }[];
}

const GROUPS: readonly { prefix: RegExp; allowed1: number; msr: number; field: string; title: string }[] = [
  { prefix: /^PIN_/, allowed1: capabilities.PIN_ALLOWED1, msr: capabilities.MSR_VMX_PINBASED_CTLS, field: 'VMCS_PIN_BASED_VM_EXEC_CONTROL', title: 'Pin-based VM-execution controls' },
  { prefix: /^CPU_/, allowed1: capabilities.CPU_ALLOWED1, msr: capabilities.MSR_VMX_PROCBASED_CTLS, field: 'VMCS_CPU_BASED_VM_EXEC_CONTROL', title: 'Primary processor-based VM-execution controls' },
  { prefix: /^CPU2_/, allowed1: capabilities.CPU2_ALLOWED1, msr: capabilities.MSR_VMX_PROCBASED_CTLS2, field: 'VMCS_SECONDARY_VM_EXEC_CONTROL', title: 'Secondary processor-based VM-execution controls' },
  { prefix: /^EXIT_/, allowed1: capabilities.EXIT_ALLOWED1, msr: capabilities.MSR_VMX_EXIT_CTLS, field: 'VMCS_VM_EXIT_CONTROLS', title: 'VM-exit controls' },
  { prefix: /^ENTRY_/, allowed1: capabilities.ENTRY_ALLOWED1, msr: capabilities.MSR_VMX_ENTRY_CTLS, field: 'VMCS_VM_ENTRY_CONTROLS', title: 'VM-entry controls' },
];

/** Single-bit constants of capabilities.ts by field, kept when their capability MSR allows them to be 1. */
export function controlGroups(): ControlGroup[] {
  return GROUPS.map((g) => ({
    field: g.field,
    title: g.title,
    msr: g.msr,
    bits: Object.entries(capabilities)
      .filter((e): e is [string, number] => g.prefix.test(e[0]) && !/DEFAULT1$|ALLOWED1$/.test(e[0]) && typeof e[1] === 'number')
      .map(([name, v]) => ({ name, bit: Math.clz32(v) ^ 31, v: v >>> 0 }))
      .filter(({ bit, v }) => v !== 0 && v === (1 << bit) >>> 0 && ((g.allowed1 >>> bit) & 1) === 1)
      .sort((a, b) => a.bit - b.bit)
      .map(({ name, bit }) => ({ name, bit })),
  }));
}

/** The VMX capability MSRs RDMSR can read, by number: IA32_VMX_* name and [low, high] dwords. */
export function capabilityMsrs(): { name: string; msr: number; value: readonly [number, number] }[] {
  return Object.entries(capabilities)
    .filter((e): e is [string, number] => e[0].startsWith('MSR_VMX_') && typeof e[1] === 'number' && capabilities.CAPABILITY_MSRS.has(e[1]))
    .map(([name, msr]) => ({ name: `IA32_${name.slice(4)}`, msr, value: capabilities.CAPABILITY_MSRS.get(msr)! }))
    .sort((a, b) => a.msr - b.msr);
}
