/**
 * How VMX instructions report their result in EFLAGS (SDM 31.2, "Conventions"): VMsucceed clears CF, PF, AF,
 * ZF, SF and OF; VMfailInvalid sets CF (there is no current VMCS to hold an error number); VMfailValid sets
 * ZF and writes the error number to the current VMCS's VM-instruction error field (SDM 31.4 lists them).
 */
import type { Cpu } from '../cpu/cpu';
import { setArithBits } from '../cpu/flags';
import { ARITH_FLAGS, CF, ZF } from '../cpu/state';
import { F } from './vmcs-fields';

export function vmSucceed(cpu: Cpu): void {
  setArithBits(cpu, 0, ARITH_FLAGS);
}

export function vmFailInvalid(cpu: Cpu): void {
  setArithBits(cpu, CF, ARITH_FLAGS);
}

/** VMfailValid(error); without a current VMCS the SDM's VMfail gives VMfailInvalid instead. */
export function vmFailValid(cpu: Cpu, error: number): void {
  const vmcs = cpu.vmx.current;
  if (vmcs === null) { vmFailInvalid(cpu); return; }
  setArithBits(cpu, ZF, ARITH_FLAGS);
  vmcs.write(F.VM_INSTRUCTION_ERROR, error);
}
