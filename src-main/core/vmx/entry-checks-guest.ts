/**
 * Checks on the guest-state area (SDM 27.3.1), in the SDM's order: control registers, debug registers and
 * MSRs; segment registers (entry-checks-segments.ts); GDTR and IDTR; RIP and RFLAGS; non-register state. A
 * failure is a VM exit with reason 33 (invalid guest state) | bit 31, exit qualification 0 unless said.
 *
 * virtlab's processor is IA-32 without IA-32e mode: natural-width fields hold 32 bits, so the rules about
 * bits 63:32 (DR7, RIP, bases) and canonical addresses (SYSENTER_ESP/EIP, bases) have nothing to check, and
 * the IA-32e, PAE-PDPTE, SMM, SGX and RTM rules concern features virtlab does not have.
 */
import type { Vmcs } from './vmcs';
import { F } from './vmcs-fields';
import type { EntryCheckFailure } from './entry-failure';
import { activityStateSupported, fail, hex, lowestBit } from './entry-checks-support';
import { fixedBitsRule } from './entry-checks-host';
import { checkSegments, arDpl } from './entry-checks-segments';
import {
  INTR_TYPE_EXTERNAL, INTR_TYPE_HW_EXCEPTION, INTR_TYPE_NMI, INTR_TYPE_OTHER, INTR_VALID,
} from './entry-checks-controls';

const REGS = '27.3.1.1', DESC_TABLES = '27.3.1.3', RIP_RFLAGS = '27.3.1.4', NON_REGISTER = '27.3.1.5';

/** Exit qualifications of entry failures (SDM 27.8, table 27-1, Linux's ENTRY_FAIL_*). */
export const ENTRY_FAIL_NMI = 3, ENTRY_FAIL_VMCS_LINK_PTR = 4;

const CR0_PE = 1 << 0, CR0_NW = 1 << 29, CR0_CD = 1 << 30, CR0_PG = 1 << 31;
const ENTRY_LOAD_DEBUG_CONTROLS = 1 << 2;
const CPU_ACTIVATE_SECONDARY = 1 << 31, CPU2_UNRESTRICTED_GUEST = 1 << 7, PIN_VIRTUAL_NMIS = 1 << 5;
/** virtlab's CPU has no IA32_DEBUGCTL MSR (no LBR, no BTF): every bit of it is reserved. */
const DEBUGCTL_SUPPORTED = 0, DEBUGCTL_BTF = 1 << 1;
/** RFLAGS: reserved bits 31:22, 15, 5 and 3 are 0, bit 1 is 1. */
const RFLAGS_RESERVED0 = 0xffc08028, RFLAGS_FIXED1 = 1 << 1, RFLAGS_TF = 1 << 8, RFLAGS_IF = 1 << 9,
  RFLAGS_VM = 1 << 17;

const ACTIVITY_ACTIVE = 0, ACTIVITY_HLT = 1, ACTIVITY_SHUTDOWN = 2;
const ACTIVITY_NAMES = ['active', 'HLT', 'shutdown', 'wait-for-SIPI'];
/** "0 (active) and 1 (HLT)", from IA32_VMX_MISC. */
const SUPPORTED_ACTIVITY_STATES = ACTIVITY_NAMES.map((n, i) => `${i} (${n})`).filter((_, i) => activityStateSupported(i))
  .join(', ').replace(/, ([^,]*)$/, ' and $1');

/** Interruptibility state (SDM table 25-3). */
const BLOCK_STI = 1 << 0, BLOCK_MOV_SS = 1 << 1, BLOCK_SMI = 1 << 2, BLOCK_NMI = 1 << 3, ENCLAVE_INTERRUPTION = 1 << 4;
const INTERRUPTIBILITY_RESERVED = 0xffffffe0;
/** Pending debug exceptions: B3–B0 (3:0), enabled breakpoint (12), BS (14); RTM (16) needs RTM, which virtlab lacks. */
const PENDING_DBG_RESERVED = 0xffffaff0, PENDING_DBG_BS = 1 << 14;

/** Whether an event of `type`/`vector` may be injected into a guest entering `activity` (SDM 27.3.1.5). */
function injectableIn(activity: number, type: number, vector: number): boolean {
  switch (activity) {
    case ACTIVITY_ACTIVE: return true;
    case ACTIVITY_HLT:
      return type === INTR_TYPE_EXTERNAL || type === INTR_TYPE_NMI ||
        (type === INTR_TYPE_HW_EXCEPTION && (vector === 1 || vector === 18)) || (type === INTR_TYPE_OTHER && vector === 0);
    case ACTIVITY_SHUTDOWN: return type === INTR_TYPE_NMI || (type === INTR_TYPE_HW_EXCEPTION && vector === 18);
    default: return false;
  }
}

/** 27.3.1.1: CR0, CR4, and IA32_DEBUGCTL when it is loaded. */
function controlRegistersRule(vmcs: Vmcs, unrestrictedGuest: boolean): EntryCheckFailure | null {
  const cr0 = vmcs.read(F.GUEST_CR0);
  // NW and CD are never checked (VM entry leaves them as they are); PE and PG only without unrestricted guest.
  const ignore = CR0_NW | CR0_CD | (unrestrictedGuest ? CR0_PE | CR0_PG : 0);
  const rule = fixedBitsRule('CR0', cr0, ignore);
  if (rule !== null) {
    const modeBit = (cr0 & CR0_PE) === 0 ? 'PE' : (cr0 & CR0_PG) === 0 ? 'PG' : null;
    const note = modeBit !== null && rule.startsWith(`CR0.${modeBit}`)
      ? `; a guest must run in protected mode with paging: only the unrestricted-guest control, which virtlab does not implement, would allow CR0.${modeBit}=0`
      : '';
    return fail('guest', 'GUEST_CR0', rule + note, REGS, cr0);
  }
  if (unrestrictedGuest && (cr0 & CR0_PG) !== 0 && (cr0 & CR0_PE) === 0) {
    return fail('guest', 'GUEST_CR0', 'CR0.PG (bit 31) needs CR0.PE (bit 0): paging works only in protected mode', REGS, cr0);
  }
  const cr4 = vmcs.read(F.GUEST_CR4);
  const rule4 = fixedBitsRule('CR4', cr4);
  if (rule4 !== null) {
    const note = rule4.startsWith('CR4.VMXE') ? '; the guest\'s CR4 too: set the bit in the CR4 guest/host mask and clear it in the read shadow to hide it from the guest' : '';
    return fail('guest', 'GUEST_CR4', rule4 + note, REGS, cr4);
  }
  if ((vmcs.read(F.VM_ENTRY_CONTROLS) & ENTRY_LOAD_DEBUG_CONTROLS) !== 0) {
    const lo = vmcs.read(F.GUEST_IA32_DEBUGCTL), hi = vmcs.read(F.GUEST_IA32_DEBUGCTL | 1);
    if ((lo & ~DEBUGCTL_SUPPORTED) !== 0 || hi !== 0) {
      return fail('guest', 'GUEST_IA32_DEBUGCTL', 'bits reserved in IA32_DEBUGCTL must be 0 when "load debug controls" is 1, and virtlab\'s CPU has no IA32_DEBUGCTL features (no LBR, no BTF): the field must be 0', REGS, lo, undefined, hi);
    }
  }
  return null;
}

/** 27.3.1.5: activity state, interruptibility state, pending debug exceptions, VMCS link pointer. */
function nonRegisterRule(vmcs: Vmcs, rflags: number): EntryCheckFailure | null {
  const info = vmcs.read(F.VM_ENTRY_INTR_INFO_FIELD);
  const injecting = (info & INTR_VALID) !== 0;
  const type = (info >>> 8) & 7, vector = info & 0xff;
  const intr = vmcs.read(F.GUEST_INTERRUPTIBILITY_INFO);

  const activity = vmcs.read(F.GUEST_ACTIVITY_STATE);
  if (!activityStateSupported(activity)) {
    return fail('guest', 'GUEST_ACTIVITY_STATE', `activity state ${activity >>> 0} is not supported: this processor supports ${SUPPORTED_ACTIVITY_STATES} (IA32_VMX_MISC bits 8:6 report 1 HLT, 2 shutdown, 3 wait-for-SIPI)`, NON_REGISTER, activity);
  }
  const ssDpl = arDpl(vmcs.read(F.GUEST_SS_AR_BYTES));
  if (activity === ACTIVITY_HLT && ssDpl !== 0) {
    return fail('guest', 'GUEST_ACTIVITY_STATE', `the HLT state (1) needs SS.DPL 0 (here ${ssDpl}): only ring 0 can execute HLT`, NON_REGISTER, activity);
  }
  if (activity !== ACTIVITY_ACTIVE && (intr & (BLOCK_STI | BLOCK_MOV_SS)) !== 0) {
    return fail('guest', 'GUEST_ACTIVITY_STATE', `blocking by STI or MOV SS (GUEST_INTERRUPTIBILITY_INFO = ${hex(intr)}) needs the active state (0): it only lasts for the next instruction`, NON_REGISTER, activity);
  }
  if (injecting && !injectableIn(activity, type, vector)) {
    return fail('guest', 'GUEST_ACTIVITY_STATE', `the event being injected (VM_ENTRY_INTR_INFO_FIELD = ${hex(info)}: type ${type}, vector ${vector}) would be blocked in the ${ACTIVITY_NAMES[activity]} state; in HLT only external interrupts, NMIs, #DB and #MC can be injected`, NON_REGISTER, activity);
  }

  const field = 'GUEST_INTERRUPTIBILITY_INFO';
  if ((intr & INTERRUPTIBILITY_RESERVED) !== 0) {
    return fail('guest', field, `reserved bits 31:5 must be 0 (bit ${lowestBit(intr & INTERRUPTIBILITY_RESERVED)} is set)`, NON_REGISTER, intr);
  }
  if ((intr & ENCLAVE_INTERRUPTION) !== 0) {
    return fail('guest', field, 'bit 4 (enclave interruption) must be 0: virtlab\'s processor has no SGX enclaves', NON_REGISTER, intr);
  }
  if ((intr & BLOCK_STI) !== 0 && (intr & BLOCK_MOV_SS) !== 0) {
    return fail('guest', field, 'blocking by STI (bit 0) and blocking by MOV SS (bit 1) cannot both be 1: only one instruction came last', NON_REGISTER, intr);
  }
  if ((intr & BLOCK_STI) !== 0 && (rflags & RFLAGS_IF) === 0) {
    return fail('guest', field, 'blocking by STI (bit 0) needs RFLAGS.IF = 1: STI blocks interrupts only when it has just set IF', NON_REGISTER, intr);
  }
  if (injecting && type === INTR_TYPE_EXTERNAL && (intr & (BLOCK_STI | BLOCK_MOV_SS)) !== 0) {
    return fail('guest', field, 'an external interrupt cannot be injected while the guest blocks interrupts by STI or MOV SS (bits 0 and 1 must be 0); wait for the interrupt window', NON_REGISTER, intr);
  }
  if (injecting && type === INTR_TYPE_NMI && (intr & BLOCK_MOV_SS) !== 0) {
    return fail('guest', field, 'an NMI cannot be injected while the guest blocks by MOV SS (bit 1 must be 0)', NON_REGISTER, intr);
  }
  if ((intr & BLOCK_SMI) !== 0) {
    return fail('guest', field, 'bit 2 (blocking by SMI) must be 0: virtlab\'s processor has no system-management mode', NON_REGISTER, intr);
  }
  if (injecting && type === INTR_TYPE_NMI && (intr & BLOCK_STI) !== 0) {
    return fail('guest', field, 'an NMI cannot be injected while the guest blocks by STI (bit 0 must be 0; processors may require this, virtlab does — exit qualification 3)', NON_REGISTER, intr, ENTRY_FAIL_NMI);
  }
  const pin = vmcs.read(F.PIN_BASED_VM_EXEC_CONTROL);
  if (injecting && type === INTR_TYPE_NMI && (pin & PIN_VIRTUAL_NMIS) !== 0 && (intr & BLOCK_NMI) !== 0) {
    return fail('guest', field, 'with virtual NMIs, a virtual NMI cannot be injected while virtual-NMI blocking (bit 3) is 1', NON_REGISTER, intr);
  }

  const pending = vmcs.read(F.GUEST_PENDING_DBG_EXCEPTIONS);
  if ((pending & PENDING_DBG_RESERVED) !== 0) {
    const bit = lowestBit(pending & PENDING_DBG_RESERVED);
    const why = bit === 16 ? ': bit 16 (RTM) needs transactional memory, which virtlab\'s processor lacks' : '';
    return fail('guest', 'GUEST_PENDING_DBG_EXCEPTIONS', `reserved bits 11:4, 13, 15 and 31:16 must be 0 (bit ${bit} is set${why})`, NON_REGISTER, pending);
  }
  if ((intr & (BLOCK_STI | BLOCK_MOV_SS)) !== 0 || activity === ACTIVITY_HLT) {
    // A single-step trap is pending exactly when TF is set and not turned into branch tracing by DEBUGCTL.BTF.
    const singleStep = (rflags & RFLAGS_TF) !== 0 && (vmcs.read(F.GUEST_IA32_DEBUGCTL) & DEBUGCTL_BTF) === 0;
    if (singleStep && (pending & PENDING_DBG_BS) === 0) {
      return fail('guest', 'GUEST_PENDING_DBG_EXCEPTIONS', 'BS (bit 14) must be 1: RFLAGS.TF is 1 and the guest is blocking by STI or MOV SS or in HLT, so its single-step trap is pending', NON_REGISTER, pending);
    }
    if (!singleStep && (pending & PENDING_DBG_BS) !== 0) {
      return fail('guest', 'GUEST_PENDING_DBG_EXCEPTIONS', 'BS (bit 14) must be 0 when RFLAGS.TF is 0 (or IA32_DEBUGCTL.BTF is 1) in a guest blocking by STI or MOV SS or in HLT: no single-step trap can be pending', NON_REGISTER, pending);
    }
  }

  const link = vmcs.read(F.VMCS_LINK_POINTER), linkHigh = vmcs.read(F.VMCS_LINK_POINTER | 1);
  if (link !== -1 || linkHigh !== -1) {
    // In 32-bit mode VMWRITE reaches one half of a 64-bit field at a time: the high half is a field of its own.
    const rule = link === -1 ? `only the low half is FFFFFFFFH: write 0xffffffff to the high half too (encoding ${hex(F.VMCS_LINK_POINTER | 1, 4)})`
      : (link & 0xfff) !== 0 ? 'bits 11:0 of a VMCS link pointer must be 0 (a VMCS is 4 KiB aligned)'
        : linkHigh !== 0 ? 'a VMCS link pointer must fit the 32-bit physical-address width (bits 63:32 must be 0)'
          : (link >>> 0) === vmcs.addr ? 'the VMCS link pointer must not point at the current VMCS'
            : 'nothing may be linked';
    return fail('guest', 'VMCS_LINK_POINTER', `${rule}; virtlab has no VMCS shadowing, so the link pointer must be FFFFFFFF_FFFFFFFFH (write 0xffffffff to both halves)`, NON_REGISTER, link, ENTRY_FAIL_VMCS_LINK_PTR, linkHigh);
  }
  return null;
}

/** The first broken rule of SDM 27.3.1, or null. */
export function checkGuestState(vmcs: Vmcs): EntryCheckFailure | null {
  const cpu = vmcs.read(F.CPU_BASED_VM_EXEC_CONTROL);
  const unrestrictedGuest = (cpu & CPU_ACTIVATE_SECONDARY) !== 0 &&
    (vmcs.read(F.SECONDARY_VM_EXEC_CONTROL) & CPU2_UNRESTRICTED_GUEST) !== 0;
  const regs = controlRegistersRule(vmcs, unrestrictedGuest);
  if (regs !== null) return regs;

  const segments = checkSegments(vmcs);
  if (segments !== null) return segments;

  // 27.3.1.3 GDTR and IDTR (their bases are 32-bit fields: always canonical here).
  const gdtLimit = vmcs.read(F.GUEST_GDTR_LIMIT);
  if ((gdtLimit & 0xffff0000) !== 0) {
    return fail('guest', 'GUEST_GDTR_LIMIT', 'bits 31:16 of the GDTR limit must be 0: a descriptor-table limit is 16 bits', DESC_TABLES, gdtLimit);
  }
  const idtLimit = vmcs.read(F.GUEST_IDTR_LIMIT);
  if ((idtLimit & 0xffff0000) !== 0) {
    return fail('guest', 'GUEST_IDTR_LIMIT', 'bits 31:16 of the IDTR limit must be 0: a descriptor-table limit is 16 bits', DESC_TABLES, idtLimit);
  }

  // 27.3.1.4 RIP and RFLAGS (RIP has no bits 63:32 on IA-32).
  const rflags = vmcs.read(F.GUEST_RFLAGS);
  if ((rflags & RFLAGS_RESERVED0) !== 0) {
    return fail('guest', 'GUEST_RFLAGS', `reserved bits 31:22, 15, 5 and 3 of RFLAGS must be 0 (bit ${lowestBit(rflags & RFLAGS_RESERVED0)} is set)`, RIP_RFLAGS, rflags);
  }
  if ((rflags & RFLAGS_FIXED1) === 0) {
    return fail('guest', 'GUEST_RFLAGS', 'bit 1 of RFLAGS is reserved and must be 1 (write 0x2 at least)', RIP_RFLAGS, rflags);
  }
  if ((rflags & RFLAGS_VM) !== 0) {
    return fail('guest', 'GUEST_RFLAGS', 'VM (bit 17) must be 0: virtlab\'s processor has no virtual-8086 mode', RIP_RFLAGS, rflags);
  }
  const info = vmcs.read(F.VM_ENTRY_INTR_INFO_FIELD);
  if ((info & INTR_VALID) !== 0 && ((info >>> 8) & 7) === INTR_TYPE_EXTERNAL && (rflags & RFLAGS_IF) === 0) {
    return fail('guest', 'GUEST_RFLAGS', `IF (bit 9) must be 1 to inject an external interrupt (VM_ENTRY_INTR_INFO_FIELD = ${hex(info)}): a guest with IF=0 has interrupts masked`, RIP_RFLAGS, rflags);
  }

  return nonRegisterRule(vmcs, rflags);
}
