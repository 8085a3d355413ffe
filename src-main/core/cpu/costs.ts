/**
 * Event kinds the CPU charges to its cycle counter (machine.md §8). The cost model (src-main/core/cost)
 * supplies an Int32Array of cycles per kind as CpuOptions.costs; without it an instruction costs 1 cycle and
 * the other events nothing extra, so RDTSC counts instructions. Counts per kind are kept either way.
 */
export const COST_INSTRUCTION = 0;
/** A TLB miss that walked the page tables. */
export const COST_PAGE_WALK = 1;
/** An exception or software interrupt delivered through the IDT. */
export const COST_EXCEPTION = 2;
/** An external interrupt delivered. */
export const COST_INTERRUPT = 3;
/** A change of CPL (interrupt/IRET/RETF/SYSENTER/SYSEXIT across rings). */
export const COST_PRIVILEGE_CHANGE = 4;
/** A hardware task switch. */
export const COST_TASK_SWITCH = 5;
/** A VM exit (VMX non-root → root or the built-in VMM), and a VM entry (VMLAUNCH/VMRESUME that entered the guest). */
export const COST_VM_EXIT = 6;
export const COST_VM_ENTRY = 7;
/**
 * Software VMM events (core/vmm/soft, trap, bt, pv), charged by the VMM: a guest instruction or event that
 * faulted into the VMM (and the return), the VMM emulating one guest instruction, a hypercall round trip, the
 * VMM re-validating a shadow descriptor or PTE, the VMM walking the guest's page tables in software, a port
 * access handed to a device model, BT translating one guest instruction, and a callout from translated code
 * into the VMM (no trap: a call).
 */
export const COST_TRAP_TO_VMM = 8;
export const COST_EMULATION = 9;
export const COST_HYPERCALL = 10;
export const COST_SHADOW_SYNC = 11;
export const COST_VMM_PAGE_WALK = 12;
export const COST_IO_EXIT = 13;
export const COST_BT_TRANSLATE = 14;
export const COST_BT_CALLOUT = 15;
/**
 * A TLB miss in VMX non-root with EPT (cpu/ept.ts): on top of its page walk, the EPT references of the
 * two-dimensional walk (12 more for a 2-level guest over 4-level EPT; eptWalkRefs counts them exactly).
 */
export const COST_EPT_WALK = 16;
export const COST_KINDS = 17;
export const COST_NAMES = ['instruction', 'page-walk', 'exception', 'interrupt', 'privilege-change', 'task-switch', 'vm-exit', 'vm-entry',
  'trap-to-vmm', 'emulation', 'hypercall', 'shadow-sync', 'vmm-page-walk', 'io-exit', 'bt-translate', 'bt-callout', 'ept-walk'] as const;
