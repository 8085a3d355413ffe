/**
 * VM exit (SDM chapter 28): record the exit in the current VMCS, save the guest state, then either load the
 * host state (a student's hypervisor continues at HOST_RIP in VMX root) or hand the exit to the built-in
 * VMM's sink (--mode vtx).
 *
 * SKELETON: the signature every exit source uses. The transitions work replaces the body.
 */
import type { Cpu } from '../cpu/cpu';

/**
 * Exit information beyond the reason and qualification. Exit sources fill what applies in `cpu.vmx.exitInfo`
 * before calling vmExit; vmExit writes it to the VMCS's read-only fields and clears it.
 */
export class ExitInfo {
  /** VM_EXIT_INSTRUCTION_LEN: for exits caused by an instruction (and software events). */
  instructionLength = 0;
  /** VMX_INSTRUCTION_INFO: VMX instructions, descriptor-table instructions, INS/OUTS (SDM 28.2.5). */
  instructionInfo = 0;
  /** VM_EXIT_INTR_INFO and its error code (exception or NMI exits, external interrupts acknowledged on exit). */
  intrInfo = 0;
  intrErrorCode = 0;
  /** IDT_VECTORING_INFO_FIELD and its error code: an event whose delivery caused the exit. */
  idtVectoringInfo = 0;
  idtVectoringErrorCode = 0;
  /** GUEST_LINEAR_ADDRESS (INS/OUTS, descriptor-table exits with a memory operand, …). */
  guestLinear = 0;
  /** I/O SMI fields: never set by virtlab but kept for completeness (IO_RCX/RSI/RDI/RIP). */
  ioRcx = 0;
  ioRsi = 0;
  ioRdi = 0;
  ioRip = 0;

  clear(): void {
    this.instructionLength = 0; this.instructionInfo = 0; this.intrInfo = 0; this.intrErrorCode = 0;
    this.idtVectoringInfo = 0; this.idtVectoringErrorCode = 0; this.guestLinear = 0;
    this.ioRcx = 0; this.ioRsi = 0; this.ioRdi = 0; this.ioRip = 0;
  }
}

/**
 * Leave VMX non-root with basic exit `reason` (ExitReason; bit 31 for entry failures) and `qualification`.
 * The instruction that caused the exit has not changed guest state; EIP is still at it (cpu.insnEip).
 */
export function vmExit(cpu: Cpu, reason: number, qualification: number): void {
  void cpu; void reason; void qualification;
  throw new Error('VM exit: not implemented yet');
}
