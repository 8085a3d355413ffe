/**
 * Stand-in for core/vmx/vm-exit.ts's vmExit while the transitions work is not on this branch: records the
 * exit in the current VMCS's read-only fields as the real one does (reason, qualification, the exit
 * information, guest EIP and activity state), leaves non-root, and hands the exit to the vCPU's sink. Test
 * files install it with vi.mock; once the real vmExit is merged they use that instead.
 */
import type { Cpu } from '../../../../src-main/core/cpu/cpu';
import { F } from '../../../../src-main/core/vmx/vmcs-fields';

const VMX_ROOT = 1;

export function fakeVmExit(cpu: Cpu, reason: number, qualification: number): void {
  const vmx = cpu.vmx, vmcs = vmx.current;
  if (vmcs === null) throw new Error('VM exit without a current VMCS');
  const info = vmx.exitInfo;
  vmcs.write(F.VM_EXIT_REASON, reason);
  vmcs.write(F.EXIT_QUALIFICATION, qualification);
  vmcs.write(F.VM_EXIT_INSTRUCTION_LEN, info.instructionLength);
  vmcs.write(F.VMX_INSTRUCTION_INFO, info.instructionInfo);
  vmcs.write(F.VM_EXIT_INTR_INFO, info.intrInfo);
  vmcs.write(F.VM_EXIT_INTR_ERROR_CODE, info.intrErrorCode);
  vmcs.write(F.IDT_VECTORING_INFO_FIELD, info.idtVectoringInfo);
  vmcs.write(F.IDT_VECTORING_ERROR_CODE, info.idtVectoringErrorCode);
  vmcs.write(F.GUEST_LINEAR_ADDRESS, info.guestLinear);
  vmcs.write(F.GUEST_RIP, cpu.eip);
  vmcs.write(F.GUEST_ACTIVITY_STATE, cpu.halted ? 1 : 0);
  info.clear();
  cpu.vmxMode = VMX_ROOT;
  vmx.exits++;
  vmx.exitsByReason[reason & 0xffff]!++;
  vmx.lastExitReason = reason;
  vmx.lastExitQualification = qualification;
  vmx.exitSink?.onVmExit(cpu, vmcs);
}
