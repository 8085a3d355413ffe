/**
 * A hypervisor loop in guest code, end to end: the guest's instructions exit, the host (VMX root, at HOST_RIP
 * with the host state loaded) reads the exit information with VMREAD, steps GUEST_RIP past the instruction by
 * VM_EXIT_INSTRUCTION_LEN and resumes with VMRESUME — all inside the engine's runs.
 */
import { describe, expect, it } from 'vitest';
import { CPU_UNCOND_IO_EXITING, CPU_TRUE_DEFAULT1 } from '../../../src-main/core/vmx/capabilities';
import { ExitReason as R } from '../../../src-main/core/vmx/exit-reasons';
import { F } from '../../../src-main/core/vmx/vmcs-fields';
import { vmEntry } from '../../../src-main/core/vmx/vm-entry';
import { MAILBOX, vmxRig } from './support/guest-host-vmcs';
import { EXIT_REQUESTED } from '../../../src-main/core/cpu/engine';
import { STOP_EXIT_REQUEST } from '../../../src-main/core/cpu/exceptions';
import { EBX } from '../../../src-main/core/cpu/state';
import { VMX_NON_ROOT } from '../../../src-main/core/vmx/vmx-state';

const CODE = `
guest:
  xor eax, eax
  cpuid
  mov al, 0x5a
  out 0x80, al
  mov ecx, 0x174
  rdmsr
  vmcall
  hlt

host:
  mov edi, [count]
  mov ecx, 0x${F.VM_EXIT_REASON.toString(16)}
  vmread eax, ecx
  mov [${MAILBOX} + edi * 8], eax
  mov ebx, eax
  mov ecx, 0x${F.EXIT_QUALIFICATION.toString(16)}
  vmread eax, ecx
  mov [${MAILBOX} + edi * 8 + 4], eax
  inc dword [count]
  cmp ebx, ${R.VMCALL}
  je done
  mov ecx, 0x${F.GUEST_RIP.toString(16)}
  vmread eax, ecx
  mov ecx, 0x${F.VM_EXIT_INSTRUCTION_LEN.toString(16)}
  vmread edx, ecx
  add eax, edx
  mov ecx, 0x${F.GUEST_RIP.toString(16)}
  vmwrite ecx, eax
  vmresume
  mov al, 0xbb          ; VMRESUME failed
  out 0xf4, al
  hlt
done:
  mov al, 0xee
  out 0xf4, al
  hlt

align 4
count: dd 0
`;

describe('a host loop over non-root exits', () => {
  it('sees CPUID, the I/O instruction, RDMSR and VMCALL in turn, each with its qualification', () => {
    const { cpu, vmcs, engine, bus, peek } = vmxRig(CODE);
    vmcs.write(F.CPU_BASED_VM_EXEC_CONTROL, CPU_TRUE_DEFAULT1 | CPU_UNCOND_IO_EXITING);
    vmEntry(cpu, vmcs, true);
    for (let i = 0; i < 20 && bus.exitValue === null; i++) engine.run(100_000);
    expect(bus.exitValue).toBe(0xee);
    const seen = [0, 1, 2, 3].map((i) => [peek(MAILBOX + 8 * i), peek(MAILBOX + 8 * i + 4)]);
    expect(seen).toEqual([
      [R.CPUID, 0],
      [R.IO_INSTRUCTION, (0x80 << 16) | (1 << 6)], // byte OUT, immediate port 0x80
      [R.RDMSR, 0],
      [R.VMCALL, 0],
    ]);
    expect(cpu.vmx.entries).toBe(4);
    expect(cpu.vmx.exits).toBe(4);
  });

  it('with a VMM exit sink that re-enters, the guest goes on in the same run', () => {
    const { cpu, vmcs, engine } = vmxRig(`
guest:
  mov ebx, 3
.again:
  cpuid
  dec ebx
  jnz .again
  vmcall
  hlt
host:
  hlt`);
    const reasons: number[] = [];
    cpu.vmx.exitSink = {
      onVmExit: (c, v) => {
        const reason = v.read(F.VM_EXIT_REASON);
        reasons.push(reason);
        if (reason === R.VMCALL) { c.stopReason = STOP_EXIT_REQUEST; return; }
        v.write(F.GUEST_RIP, v.read(F.GUEST_RIP) + v.read(F.VM_EXIT_INSTRUCTION_LEN));
        vmEntry(c, v, false);
      },
    };
    vmEntry(cpu, vmcs, true);
    expect(cpu.vmxMode).toBe(VMX_NON_ROOT);
    expect(engine.run(1_000_000)).toBe(EXIT_REQUESTED);
    expect(reasons).toEqual([R.CPUID, R.CPUID, R.CPUID, R.VMCALL]);
    expect(cpu.regs[EBX]).toBe(0);
  });
});
