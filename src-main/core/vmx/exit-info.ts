/** The type of cpu.vmx.exitInfo, apart from vm-exit.ts so that VmxState holds one without importing the exit path. */

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
  /** GUEST_PHYSICAL_ADDRESS: EPT violations and misconfigurations only (other exits leave the field alone). */
  guestPhysical = -1;
  /** I/O SMI fields: never set by virtlab but kept for completeness (IO_RCX/RSI/RDI/RIP). */
  ioRcx = 0;
  ioRsi = 0;
  ioRdi = 0;
  ioRip = 0;

  clear(): void {
    this.instructionLength = 0; this.instructionInfo = 0; this.intrInfo = 0; this.intrErrorCode = 0;
    this.idtVectoringInfo = 0; this.idtVectoringErrorCode = 0; this.guestLinear = 0; this.guestPhysical = -1;
    this.ioRcx = 0; this.ioRsi = 0; this.ioRdi = 0; this.ioRip = 0;
  }
}
