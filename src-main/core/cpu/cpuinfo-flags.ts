/**
 * The `flags` line of Linux's /proc/cpuinfo for a virtlab vCPU: the CPUID leaf 1 bits under Linux's names
 * (arch/x86/include/asm/cpufeatures.h), in Linux's order: word 0 (CPUID.1:EDX) then word 4 (CPUID.1:ECX).
 * Flags Linux derives (e.g. from extended leaves virtlab does not have) are not listed.
 */
import { cpuidLeaf, type CpuidSubject } from './cpuid-leaves';

/** CPUID.1:EDX bit → Linux name ('' for reserved bits). */
const EDX_NAMES = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', '', 'sep', 'mtrr', 'pge', 'mca', 'cmov',
  'pat', 'pse36', 'pn', 'clflush', '', 'dts', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'ht', 'tm', 'ia64', 'pbe',
];
/** CPUID.1:ECX bit → Linux name. */
const ECX_NAMES = [
  'pni', 'pclmulqdq', 'dtes64', 'monitor', 'ds_cpl', 'vmx', 'smx', 'est', 'tm2', 'ssse3', 'cid', 'sdbg', 'fma', 'cx16', 'xtpr', 'pdcm',
  '', 'pcid', 'dca', 'sse4_1', 'sse4_2', 'x2apic', 'movbe', 'popcnt', 'tsc_deadline_timer', 'aes', 'xsave', 'osxsave', 'avx', 'f16c', 'rdrand', 'hypervisor',
];

export interface CpuinfoFlags {
  readonly flags: readonly string[];
  /** CPUID.1 as read: ECX and EDX. */
  readonly ecx: number;
  readonly edx: number;
}

const named = (value: number, names: readonly string[]): string[] => names.filter((n, bit) => n !== '' && ((value >>> bit) & 1) === 1);

export function cpuinfoFlags(subject: CpuidSubject): CpuinfoFlags {
  const [, , ecx, edx] = cpuidLeaf(1, subject);
  return { flags: [...named(edx, EDX_NAMES), ...named(ecx, ECX_NAMES)], ecx, edx };
}

