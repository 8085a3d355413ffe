/**
 * How a VMX instruction reports its outcome (SDM Vol. 3C 31.2), on the six arithmetic flags:
 *
 *   VMsucceed           CF PF AF ZF SF OF all 0
 *   VMfailInvalid       CF = 1, the others 0          (there is no current VMCS to hold an error number)
 *   VMfailValid(n)      ZF = 1, the others 0, and n in VM_INSTRUCTION_ERROR of the current VMCS
 *
 * The SDM's VMfail(n) is VMfailValid(n) when there is a current VMCS, else VMfailInvalid.
 * VM-instruction error numbers are those of SDM 31.4 that virtlab can produce.
 */
import type { Cpu } from '../cpu/cpu';
import { CC_EFLAGS } from '../cpu/flags';
import { CF, ZF } from '../cpu/state';
import { F } from './vmcs-fields';

/** 7 and 8 come from the entry checks (entry-failure.ts). */
export { VMERR_ENTRY_INVALID_CONTROL, VMERR_ENTRY_INVALID_HOST_STATE } from './entry-failure';

export const VMERR_VMCALL_IN_ROOT = 1,
  VMERR_VMCLEAR_INVALID_ADDRESS = 2,
  VMERR_VMCLEAR_VMXON_POINTER = 3,
  VMERR_VMLAUNCH_NON_CLEAR = 4,
  VMERR_VMRESUME_NON_LAUNCHED = 5,
  VMERR_VMRESUME_AFTER_VMXOFF = 6,
  VMERR_VMPTRLD_INVALID_ADDRESS = 9,
  VMERR_VMPTRLD_VMXON_POINTER = 10,
  VMERR_VMPTRLD_WRONG_REVISION = 11,
  VMERR_UNSUPPORTED_COMPONENT = 12,
  VMERR_VMWRITE_READ_ONLY = 13,
  VMERR_VMXON_IN_ROOT = 15,
  VMERR_ENTRY_MOV_SS_BLOCKING = 26,
  VMERR_INVALID_INVEPT_INVVPID_OPERAND = 28;

/** SDM 31.4's descriptions, for the debugger and the trace. */
export const VMERR_NAMES: Readonly<Record<number, string>> = {
  1: 'VMCALL executed in VMX root operation',
  2: 'VMCLEAR with invalid physical address',
  3: 'VMCLEAR with VMXON pointer',
  4: 'VMLAUNCH with non-clear VMCS',
  5: 'VMRESUME with non-launched VMCS',
  6: 'VMRESUME after VMXOFF (VMXOFF and VMXON between VMLAUNCH and VMRESUME)',
  7: 'VM entry with invalid control field(s)',
  8: 'VM entry with invalid host-state field(s)',
  9: 'VMPTRLD with invalid physical address',
  10: 'VMPTRLD with VMXON pointer',
  11: 'VMPTRLD with incorrect VMCS revision identifier',
  12: 'VMREAD/VMWRITE from/to unsupported VMCS component',
  13: 'VMWRITE to read-only VMCS component',
  15: 'VMXON executed in VMX root operation',
  26: 'VM entry with events blocked by MOV SS',
  28: 'Invalid operand to INVEPT/INVVPID',
};

function setArithmeticFlags(cpu: Cpu, flags: number): void {
  cpu.ccOp = CC_EFLAGS;
  cpu.ccSrc = flags;
}

export function vmSucceed(cpu: Cpu): void { setArithmeticFlags(cpu, 0); }

export function vmFailInvalid(cpu: Cpu): void { setArithmeticFlags(cpu, CF); }

/** VMfailValid(error); without a current VMCS the SDM's VMfail gives VMfailInvalid instead. */
export function vmFailValid(cpu: Cpu, error: number): void {
  const vmcs = cpu.vmx.current;
  if (vmcs === null) { vmFailInvalid(cpu); return; }
  setArithmeticFlags(cpu, ZF);
  vmcs.write(F.VM_INSTRUCTION_ERROR, error);
}

/** The SDM's VMfail(error): VMfailValid with a current VMCS, else VMfailInvalid. */
export function vmFail(cpu: Cpu, error: number): void {
  if (cpu.vmx.current !== null) vmFailValid(cpu, error);
  else vmFailInvalid(cpu);
}
