/**
 * Event injection at VM entry (SDM 27.6): a valid VM-entry interruption-information field makes the entry
 * deliver that event through the guest's IDT as if it had occurred right after the entry, before the
 * guest's first instruction. Field layout (SDM 24.8.3): bits 7:0 vector, 10:8 type, 11 deliver error code
 * (from VM_ENTRY_EXCEPTION_ERROR_CODE), 31 valid. Software interrupts and exceptions push a return address
 * VM_ENTRY_INSTRUCTION_LEN bytes past GUEST_RIP, as the INT n / INT3 / INTO / INT1 there would have.
 */
import type { Cpu } from '../cpu/cpu';
import { NMI, deliverInjectedEvent } from '../cpu/exceptions';
import { noteInjectedEvent } from './nonroot';
import { F } from './vmcs-fields';
import type { Vmcs } from './vmcs';

export const INTR_INFO_VALID = 0x80000000 | 0, INTR_INFO_DELIVER_CODE = 1 << 11;
export const INTR_TYPE_EXTERNAL = 0, INTR_TYPE_NMI = 2, INTR_TYPE_HARD_EXCEPTION = 3, INTR_TYPE_SOFT_INTR = 4,
  INTR_TYPE_PRIV_SOFT_EXCEPTION = 5, INTR_TYPE_SOFT_EXCEPTION = 6;

export const intrVector = (info: number): number => info & 0xff;
export const intrType = (info: number): number => (info >>> 8) & 7;

/**
 * Deliver the event of `vmcs`'s VM-entry interruption-information field if it is valid. The guest state is
 * loaded; EIP = GUEST_RIP. The valid bit stays set until the next VM exit clears it (SDM 24.8.3).
 */
export function injectEvent(cpu: Cpu, vmcs: Vmcs): void {
  const info = vmcs.read(F.VM_ENTRY_INTR_INFO_FIELD);
  if ((info & INTR_INFO_VALID) === 0) return;
  const vector = intrVector(info), type = intrType(info);
  const code = (info & INTR_INFO_DELIVER_CODE) !== 0 ? vmcs.read(F.VM_ENTRY_EXCEPTION_ERROR_CODE) : -1;
  const rip = cpu.eip;
  cpu.insnEip = rip; // a fault while delivering the event points here
  noteInjectedEvent(info, code, vmcs.read(F.VM_ENTRY_INSTRUCTION_LEN)); // IDT-vectoring information if it faults
  // The event is delivered before the guest's first instruction: no shadow of STI / MOV SS is left to honour.
  cpu.interruptShadow = false;
  cpu.debugShadow = false;
  switch (type) {
    case INTR_TYPE_EXTERNAL:
      deliverInjectedEvent(cpu, vector, -1, false, true);
      return;
    case INTR_TYPE_NMI:
      // Vector 2 through the IDT, and NMIs blocked until the guest's IRET as for a real NMI (SDM 27.6.1.2).
      cpu.nmiBlocked = true;
      deliverInjectedEvent(cpu, NMI, -1, false, false);
      return;
    case INTR_TYPE_HARD_EXCEPTION:
      deliverInjectedEvent(cpu, vector, code, false, false);
      return;
    case INTR_TYPE_PRIV_SOFT_EXCEPTION: // INT1 (ICEBP): past the instruction, but no gate DPL check
      cpu.eip = (rip + vmcs.read(F.VM_ENTRY_INSTRUCTION_LEN)) | 0;
      deliverInjectedEvent(cpu, vector, -1, false, false);
      return;
    case INTR_TYPE_SOFT_INTR:
    case INTR_TYPE_SOFT_EXCEPTION:
      cpu.eip = (rip + vmcs.read(F.VM_ENTRY_INSTRUCTION_LEN)) | 0;
      deliverInjectedEvent(cpu, vector, -1, true, false);
      return;
    default: // type 1 and 7 are reserved or need features virtlab lacks: the entry checks refuse them
  }
}
