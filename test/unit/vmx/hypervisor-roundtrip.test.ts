import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { ExitReason } from '../../../src-main/core/vmx/exit-reasons';
import { VMX_ROOT } from '../../../src-main/core/vmx/vmx-state';
import { runVmxGuest } from './vmx-guest';
import { GUEST_STACK, HOST_STACK, nasmHypervisor } from './support/nasm-hypervisor';

const hasNasm = requireOracle('nasm');

describe.skipIf(!hasNasm)('a NASM hypervisor: VMLAUNCH, a CPUID exit, and the host at HOST_RIP', () => {
  it('gets the CPUID exit back at HOST_RIP with the guest\'s EIP and ESP saved and its own stack', () => {
    const r = runVmxGuest(nasmHypervisor());
    expect(r.exitCode).toBe(0);
    const lines = r.serial.split('\n');
    expect(lines.slice(0, 2)).toEqual(['S', 'S']); // VMCLEAR, VMPTRLD
    const [reason, qualification, length, rip, cpuidAt, guestEsp, hostEsp] = lines[2]!.trim().split(' ').map((h) => parseInt(h, 16));
    expect([reason, qualification, length]).toEqual([ExitReason.CPUID, 0, 2]);
    expect(rip).toBe(cpuidAt);
    expect([guestEsp, hostEsp]).toEqual([GUEST_STACK, HOST_STACK - 4]); // (PRINT pushes EAX before it reads ESP)
    const { cpu } = r.machine;
    expect(cpu.vmxMode).toBe(VMX_ROOT);
    expect([cpu.vmx.entries, cpu.vmx.exits, cpu.vmx.exitsByReason[ExitReason.CPUID]]).toEqual([1, 1, 1]);
    expect(cpu.regs[0]).toBe(0); // the host's own EAX (xor eax, eax): GPRs are not switched, the host set it
    const kinds = cpu.trace.events().map((e) => e.kind).filter((k) => k.startsWith('vm'));
    expect(kinds).toEqual(['vmxon', 'vmlaunch', 'vm-entry', 'vm-exit']);
  });
});
