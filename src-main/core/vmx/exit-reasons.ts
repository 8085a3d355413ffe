/**
 * Basic VM-exit reasons (SDM Vol. 3D, Appendix C): bits 15:0 of VM_EXIT_REASON. Bit 31 marks a VM-entry
 * failure (reasons 33, 34, 41), in which case the guest never ran. `implemented` says whether virtlab's
 * VMX can produce the reason (machine.md §6); the others are named for completeness of the debugger's output.
 */
export const ExitReason = {
  EXCEPTION_NMI: 0,
  EXTERNAL_INTERRUPT: 1,
  TRIPLE_FAULT: 2,
  INIT_SIGNAL: 3,
  SIPI: 4,
  IO_SMI: 5,
  OTHER_SMI: 6,
  INTERRUPT_WINDOW: 7,
  NMI_WINDOW: 8,
  TASK_SWITCH: 9,
  CPUID: 10,
  GETSEC: 11,
  HLT: 12,
  INVD: 13,
  INVLPG: 14,
  RDPMC: 15,
  RDTSC: 16,
  RSM: 17,
  VMCALL: 18,
  VMCLEAR: 19,
  VMLAUNCH: 20,
  VMPTRLD: 21,
  VMPTRST: 22,
  VMREAD: 23,
  VMRESUME: 24,
  VMWRITE: 25,
  VMXOFF: 26,
  VMXON: 27,
  CR_ACCESS: 28,
  DR_ACCESS: 29,
  IO_INSTRUCTION: 30,
  RDMSR: 31,
  WRMSR: 32,
  INVALID_GUEST_STATE: 33,
  MSR_LOAD_FAIL: 34,
  MWAIT: 36,
  MONITOR_TRAP_FLAG: 37,
  MONITOR: 39,
  PAUSE: 40,
  MCE_DURING_VMENTRY: 41,
  TPR_BELOW_THRESHOLD: 43,
  APIC_ACCESS: 44,
  EOI_INDUCED: 45,
  GDTR_IDTR: 46,
  LDTR_TR: 47,
  EPT_VIOLATION: 48,
  EPT_MISCONFIG: 49,
  INVEPT: 50,
  RDTSCP: 51,
  PREEMPTION_TIMER: 52,
  INVVPID: 53,
  WBINVD: 54,
  XSETBV: 55,
  APIC_WRITE: 56,
  RDRAND: 57,
  INVPCID: 58,
  VMFUNC: 59,
  ENCLS: 60,
  RDSEED: 61,
  PML_FULL: 62,
  XSAVES: 63,
  XRSTORS: 64,
} as const;
export type ExitReasonName = keyof typeof ExitReason;

/** One past the highest basic exit reason: the size of exits-by-reason counter arrays. */
export const EXIT_REASON_COUNT = 65;

/** Bit 31 of VM_EXIT_REASON: VM-entry failure. */
export const EXIT_REASON_ENTRY_FAILURE = 0x80000000 | 0;

const NAMES: string[] = new Array<string>(EXIT_REASON_COUNT).fill('');
for (const [name, n] of Object.entries(ExitReason)) NAMES[n] = name;

/** The SDM's name of a basic exit reason (`CPUID`), or `reason N` for an unassigned number. */
export function exitReasonName(basic: number): string {
  return NAMES[basic & 0xffff] || `reason ${basic & 0xffff}`;
}
