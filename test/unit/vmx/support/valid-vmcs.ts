/**
 * A VMCS that passes every VM-entry check: a flat ring-0 protected-mode guest with paging (4 MiB pages),
 * a host set up the same way, and the control fields at their must-be-1 settings from capabilities.ts —
 * what a minimal student hypervisor writes. Tests break one field of it at a time.
 */
import { Vmcs } from '../../../../src-main/core/vmx/vmcs';
import { F, type FieldName } from '../../../../src-main/core/vmx/vmcs-fields';
import {
  CPU_DEFAULT1, ENTRY_DEFAULT1, EXIT_DEFAULT1, PIN_DEFAULT1,
} from '../../../../src-main/core/vmx/capabilities';

export const VMCS_ADDR = 0x5000;

/** CR0: PE, ET, NE, PG; CR4: PSE, VMXE. */
export const VALID_CR0 = 0x80000031, VALID_CR4 = 0x2010;
/** Flat 4 GiB code (type 11: execute/read, accessed) and data (type 3: read/write, accessed), DPL 0, 32-bit, G. */
export const CODE_AR = 0xc09b, DATA_AR = 0xc093;
/** A busy 32-bit TSS, present; LDTR unusable. */
export const TSS_AR = 0x8b, UNUSABLE_AR = 0x10000;

export function validVmcs(): Vmcs {
  const v = new Vmcs(VMCS_ADDR);
  const w = (name: FieldName, value: number): void => v.write(F[name], value);
  // Controls.
  w('PIN_BASED_VM_EXEC_CONTROL', PIN_DEFAULT1);
  w('CPU_BASED_VM_EXEC_CONTROL', CPU_DEFAULT1);
  w('VM_EXIT_CONTROLS', EXIT_DEFAULT1);
  w('VM_ENTRY_CONTROLS', ENTRY_DEFAULT1);
  w('CR3_TARGET_COUNT', 0);
  w('VM_ENTRY_INTR_INFO_FIELD', 0);
  // Host: ring 0, CS 0x08, data 0x10, TSS 0x18.
  w('HOST_CR0', VALID_CR0);
  w('HOST_CR3', 0x1000);
  w('HOST_CR4', VALID_CR4);
  w('HOST_CS_SELECTOR', 0x08);
  for (const s of ['ES', 'SS', 'DS', 'FS', 'GS'] as const) w(`HOST_${s}_SELECTOR`, 0x10);
  w('HOST_TR_SELECTOR', 0x18);
  w('HOST_TR_BASE', 0x3000);
  w('HOST_GDTR_BASE', 0x2000);
  w('HOST_IDTR_BASE', 0x2800);
  w('HOST_RSP', 0x9000);
  w('HOST_RIP', 0x100000);
  // Guest: the same flat layout.
  w('GUEST_CR0', VALID_CR0);
  w('GUEST_CR3', 0x1000);
  w('GUEST_CR4', VALID_CR4);
  w('GUEST_DR7', 0x400);
  w('GUEST_CS_SELECTOR', 0x08);
  w('GUEST_CS_LIMIT', 0xffffffff);
  w('GUEST_CS_AR_BYTES', CODE_AR);
  for (const s of ['ES', 'SS', 'DS', 'FS', 'GS'] as const) {
    w(`GUEST_${s}_SELECTOR`, 0x10);
    w(`GUEST_${s}_LIMIT`, 0xffffffff);
    w(`GUEST_${s}_AR_BYTES`, DATA_AR);
  }
  w('GUEST_LDTR_SELECTOR', 0);
  w('GUEST_LDTR_AR_BYTES', UNUSABLE_AR);
  w('GUEST_TR_SELECTOR', 0x18);
  w('GUEST_TR_BASE', 0x3000);
  w('GUEST_TR_LIMIT', 0x67);
  w('GUEST_TR_AR_BYTES', TSS_AR);
  w('GUEST_GDTR_BASE', 0x2000);
  w('GUEST_GDTR_LIMIT', 0x1f);
  w('GUEST_IDTR_BASE', 0x2800);
  w('GUEST_IDTR_LIMIT', 0x7ff);
  w('GUEST_RSP', 0x8000);
  w('GUEST_RIP', 0x200000);
  w('GUEST_RFLAGS', 0x2);
  w('GUEST_ACTIVITY_STATE', 0);
  w('GUEST_INTERRUPTIBILITY_INFO', 0);
  w('GUEST_PENDING_DBG_EXCEPTIONS', 0);
  w('VMCS_LINK_POINTER', 0xffffffff);
  v.write(F.VMCS_LINK_POINTER | 1, 0xffffffff);
  return v;
}
