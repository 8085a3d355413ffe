/**
 * CPUID as machine.md §1 describes the virtlab CPU, as a pure function of what a vCPU looks like (its APIC ID,
 * VMX, the hypervisor bit, its local APIC): cpuid.ts runs it for an instruction, the lab UI for the guest's
 * `/proc/cpuinfo` flags.
 */
export const MAX_BASIC_LEAF = 1;
export const MAX_EXT_LEAF = 0x80000004;
/** Family 6, model 15, stepping 11: a Core 2, the first generation with VT-x. */
export const SIGNATURE = 0x000006fb;
export const BRAND = 'VirtLab IA-32 vCPU (emulated)';

/** Leaf 1 EDX: PSE(3) TSC(4) MSR(5) CX8(8) APIC(9) SEP(11) PGE(13) CMOV(15). */
export const FEATURES_EDX = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 8) | (1 << 9) | (1 << 11) | (1 << 13) | (1 << 15);
export const ECX_VMX = 1 << 5, ECX_HYPERVISOR = 1 << 31;

/** What CPUID's answers depend on. */
export interface CpuidSubject {
  readonly apicId: number;
  /** CPUID.1:ECX.VMX (false under a built-in VMM: no nested virtualization). */
  readonly vmxEnabled: boolean;
  /** CPUID.1:ECX bit 31 and leaf 0x40000000 (a VMM is present). */
  readonly hypervisorPresent: boolean;
  /** IA32_APIC_BASE[11]: a hardware-disabled local APIC is not reported in CPUID.1:EDX.APIC. */
  readonly apicEnabled: boolean;
}

const str4 = (s: string, i: number): number =>
  (s.charCodeAt(i) || 0) | ((s.charCodeAt(i + 1) || 0) << 8) | ((s.charCodeAt(i + 2) || 0) << 16) | ((s.charCodeAt(i + 3) || 0) << 24);

/** EAX, EBX, ECX, EDX of CPUID leaf `eax` (ECX's subleaf is not used by any leaf virtlab has). */
export function cpuidLeaf(eax: number, s: CpuidSubject): [number, number, number, number] {
  let leaf = eax >>> 0;
  let a = 0, b = 0, c = 0, d = 0;
  if (leaf >= 0x40000000 && leaf < 0x40000100 && s.hypervisorPresent) {
    const sig = 'VirtLabVMM\0\0';
    a = 0x40000000; b = str4(sig, 0); c = str4(sig, 4); d = str4(sig, 8);
  } else if (leaf >= 0x80000000) {
    if (leaf === 0x80000000) a = MAX_EXT_LEAF;
    else if (leaf >= 0x80000002 && leaf <= 0x80000004) {
      const brand = BRAND.padEnd(48, '\0');
      const o = (leaf - 0x80000002) * 16;
      a = str4(brand, o); b = str4(brand, o + 4); c = str4(brand, o + 8); d = str4(brand, o + 12);
    }
  } else {
    if (leaf > MAX_BASIC_LEAF) leaf = MAX_BASIC_LEAF; // Intel: out-of-range basic leaves return the highest one
    if (leaf === 0) {
      a = MAX_BASIC_LEAF; b = str4('GenuineIntel', 0); d = str4('GenuineIntel', 4); c = str4('GenuineIntel', 8);
    } else {
      a = SIGNATURE;
      b = ((s.apicId & 0xff) << 24) | (1 << 16) | (8 << 8);
      c = (s.vmxEnabled ? ECX_VMX : 0) | (s.hypervisorPresent ? ECX_HYPERVISOR : 0);
      d = s.apicEnabled ? FEATURES_EDX : FEATURES_EDX & ~(1 << 9);
    }
  }
  return [a >>> 0, b >>> 0, c >>> 0, d >>> 0];
}
