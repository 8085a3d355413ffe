/**
 * Model-specific registers of machine.md §5. RDMSR/WRMSR of anything else raise #GP(0). The VMX capability
 * MSRs (0x480–0x490) are read-only and report what core/vmx/capabilities.ts implements; on a vCPU without VMX
 * (CPUID.1:ECX.VMX = 0) they do not exist. IA32_APIC_BASE goes to the local APIC (Cpu.apicMsr) when the vCPU
 * has one.
 */
import { Cpu } from './cpu';
import { CAPABILITY_MSRS } from '../vmx/capabilities';

export const MSR_TSC = 0x10, MSR_APIC_BASE = 0x1b, MSR_FEATURE_CONTROL = 0x3a,
  MSR_SYSENTER_CS = 0x174, MSR_SYSENTER_ESP = 0x175, MSR_SYSENTER_EIP = 0x176;
/** IA32_FEATURE_CONTROL: lock (0) and VMX outside SMX (2); bit 1 (VMX inside SMX) is reserved without SMX. */
export const FEATURE_CONTROL_LOCK = 1, FEATURE_CONTROL_VMX_OUTSIDE_SMX = 1 << 2;

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
      const v = cpu.vmxEnabled ? CAPABILITY_MSRS.get(msr >>> 0) : undefined;
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
    case MSR_FEATURE_CONTROL: {
      // Writable until locked (firmware's job; virtlab's guests do it themselves), reserved bits #GP.
      const writable = FEATURE_CONTROL_LOCK | (cpu.vmxEnabled ? FEATURE_CONTROL_VMX_OUTSIDE_SMX : 0);
      if ((cpu.featureControl & FEATURE_CONTROL_LOCK) !== 0 || hi !== 0 || (lo & ~writable) !== 0) return false;
      cpu.featureControl = lo; return true;
    }
    case MSR_SYSENTER_CS: cpu.sysenterCs = lo & 0xffff; return true;
    case MSR_SYSENTER_ESP: cpu.sysenterEsp = lo; return true;
    case MSR_SYSENTER_EIP: cpu.sysenterEip = lo; return true;
    default: return false;
  }
}
