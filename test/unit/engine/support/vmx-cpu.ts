/**
 * A vCPU with VMX state set up directly (no VMLAUNCH): a current VMCS with a few fields, counters as after
 * some exits, and optionally a failed entry. For the sampling, snapshot, stats and debugger views.
 */
import { Cpu } from '../../../../src-main/core/cpu/cpu';
import type { MachineBus } from '../../../../src-main/core/machine/platform';
import { ExitReason } from '../../../../src-main/core/vmx/exit-reasons';
import { Vmcs } from '../../../../src-main/core/vmx/vmcs';
import { F } from '../../../../src-main/core/vmx/vmcs-fields';

export const VMCS_ADDR = 0x5000;
export const FAILURE = { area: 'guest', field: 'GUEST_CS_AR_BYTES', rule: 'a code segment must be accessed (bit 0)', sdm: '27.3.1.2', value: 0xc09a, qualification: 0 } as const;

const bus: MachineBus = { portIn: () => 0xff, portOut: () => {}, mmioRead: () => 0xffffffff, mmioWrite: () => {} };

export function bareCpu(): Cpu {
  return new Cpu({ u8: new Uint8Array(1 << 16), size: 1 << 16 }, bus, null, null);
}

/** Puts `cpu` in VMX operation `mode` (1 root, 2 non-root) with a current VMCS and 3 CPUID + 2 I/O exits. */
export function setVmxState(cpu: Cpu, mode: number, options: { failed?: boolean } = {}): Vmcs {
  const vmcs = new Vmcs(VMCS_ADDR);
  vmcs.write(F.GUEST_CS_AR_BYTES, 0xc09b);
  vmcs.write(F.VM_EXIT_REASON, ExitReason.IO_INSTRUCTION);
  vmcs.write(F.EXIT_QUALIFICATION, 0x00f80008);
  cpu.vmxMode = mode;
  const vmx = cpu.vmx;
  vmx.current = vmcs;
  vmx.held.set(VMCS_ADDR, vmcs);
  vmx.entries = 6;
  vmx.exits = 5;
  vmx.exitsByReason[ExitReason.CPUID] = 3;
  vmx.exitsByReason[ExitReason.IO_INSTRUCTION] = 2;
  vmx.lastExitReason = ExitReason.IO_INSTRUCTION;
  vmx.lastExitQualification = 0x00f80008;
  if (options.failed) vmx.lastEntryFailure = { ...FAILURE };
  return vmcs;
}
