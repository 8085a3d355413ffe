/**
 * Model-specific registers of machine.md §5. RDMSR/WRMSR of anything else raise #GP(0). The VMX capability
 * MSRs (0x480–0x48C) come from a table the VMX implementation fills (`vmxCapabilities`): until it does,
 * they too raise #GP(0). IA32_APIC_BASE goes to the local APIC (Cpu.apicMsr) when the vCPU has one.
 */
import { Cpu } from './cpu';

export const MSR_TSC = 0x10, MSR_APIC_BASE = 0x1b, MSR_FEATURE_CONTROL = 0x3a,
  MSR_SYSENTER_CS = 0x174, MSR_SYSENTER_ESP = 0x175, MSR_SYSENTER_EIP = 0x176;
export const FEATURE_CONTROL_LOCK = 1;

/** VMX capability MSRs: msr → [low dword, high dword]. Read-only. */
export const vmxCapabilities = new Map<number, readonly [number, number]>();

/** Scratch for results: [low, high]. */
export const msrValue = new Int32Array(2);

const TWO32 = 4294967296;

export function tscValue(cpu: Cpu): number { return cpu.cycles + cpu.tscOffset; }

/** Read MSR `msr` into msrValue; false when the MSR does not exist (#GP(0)). */
export function readMsr(cpu: Cpu, msr: number): boolean {
  let lo: number, hi = 0;
  switch (msr >>> 0) {
    case MSR_TSC: { const t = tscValue(cpu); lo = t % TWO32; hi = Math.floor(t / TWO32); break; }
    case MSR_APIC_BASE: lo = cpu.apicMsr !== null ? cpu.apicMsr.readBaseMsr() | 0 : cpu.apicBase; break;
    case MSR_FEATURE_CONTROL: lo = cpu.featureControl; break;
    case MSR_SYSENTER_CS: lo = cpu.sysenterCs; break;
    case MSR_SYSENTER_ESP: lo = cpu.sysenterEsp; break;
    case MSR_SYSENTER_EIP: lo = cpu.sysenterEip; break;
    default: {
      const v = vmxCapabilities.get(msr >>> 0);
      if (!v) return false;
      lo = v[0]; hi = v[1];
    }
  }
  msrValue[0] = lo; msrValue[1] = hi;
  return true;
}

/** Write; false for #GP(0) (unknown, read-only, or reserved bits). */
export function writeMsr(cpu: Cpu, msr: number, lo: number, hi: number): boolean {
  switch (msr >>> 0) {
    case MSR_TSC: cpu.tscOffset = ((hi >>> 0) * TWO32 + (lo >>> 0)) - cpu.cycles; return true;
    case MSR_APIC_BASE:
      // The local APIC owns the MSR (hardware disable and re-enable reach it); without one, a plain register.
      if (cpu.apicMsr !== null) return cpu.apicMsr.writeBaseMsr(lo >>> 0, hi >>> 0);
      if (hi !== 0 || (lo & 0x6ff) !== 0) return false;
      cpu.apicBase = (lo & ~0x100) | (cpu.apicBase & 0x100); // BSP bit is read-only
      return true;
    case MSR_FEATURE_CONTROL:
      if ((cpu.featureControl & FEATURE_CONTROL_LOCK) !== 0 || hi !== 0) return false;
      cpu.featureControl = lo & 0x7; return true;
    case MSR_SYSENTER_CS: cpu.sysenterCs = lo & 0xffff; return true;
    case MSR_SYSENTER_ESP: cpu.sysenterEsp = lo; return true;
    case MSR_SYSENTER_EIP: cpu.sysenterEip = lo; return true;
    default: return false;
  }
}
