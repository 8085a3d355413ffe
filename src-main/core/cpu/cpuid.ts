/** The CPUID instruction: cpuid-leaves.ts answers for what the vCPU looks like now. */
import { Cpu } from './cpu';
import { cpuidLeaf } from './cpuid-leaves';
import { EAX, EBX, ECX, EDX } from './state';

export { BRAND, ECX_HYPERVISOR, ECX_VMX, FEATURES_EDX, MAX_BASIC_LEAF, MAX_EXT_LEAF, SIGNATURE } from './cpuid-leaves';

export function cpuid(cpu: Cpu): void {
  const r = cpu.regs;
  const [a, b, c, d] = cpuidLeaf(r[EAX]!, {
    apicId: cpu.apicId,
    vmxEnabled: cpu.vmxEnabled,
    hypervisorPresent: cpu.hypervisorPresent,
    apicEnabled: cpu.apicMsr === null || cpu.apicMsr.hardwareEnabled,
  });
  r[EAX] = a; r[EBX] = b; r[ECX] = c; r[EDX] = d;
}
