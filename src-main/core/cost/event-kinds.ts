/**
 * What a vCPU spends cycles on. The values are typed-array indices (counter slots), so keep them dense and
 * append new kinds at the end (the stats layout version changes when the list does).
 */
export const EventKind = {
  /** One guest instruction executed directly (natively, by direct execution or translated code). */
  Instruction: 0,
  /** A guest memory access to a page on the vCPU's own node. */
  MemoryLocal: 1,
  /** A guest memory access to a page on another node (cost scaled by SLIT distance). */
  MemoryRemote: 2,
  /** A guest ring change on the hardware: INT/IRET, SYSENTER/SYSEXIT, exception delivery within the guest. */
  PrivilegeTransition: 3,
  /** A guest instruction faults (deprivileged ring 1) into a software VMM and back. */
  TrapToVmm: 4,
  /** The VMM decodes and emulates one guest instruction (the work after the trap or exit). */
  Emulation: 5,
  /** A paravirtual hypercall (int 0x82) into the hypervisor and back, handler excluded. */
  Hypercall: 6,
  /** Hardware VM exit: guest state saved to the VMCS, host state loaded. */
  VmExit: 7,
  /** Hardware VM entry (VMLAUNCH/VMRESUME) back into the guest. */
  VmEntry: 8,
  /** A software walk of the guest page tables by the VMM (shadow paging, emulation). */
  PageWalk: 9,
  /** The VMM revalidates and updates a shadow page-table entry (the trap itself counted separately). */
  ShadowSync: 10,
  /** The extra cost of a two-dimensional (guest × EPT) walk on a TLB miss under EPT. */
  EptWalk: 11,
  /** A hardware TLB miss with its native page walk. */
  TlbMiss: 12,
  /** An I/O exit forwarded to the device model outside the VMM (KVM → QEMU-style round trip). */
  IoExit: 13,
  /** An interrupt delivered to the guest through its IDT. */
  Interrupt: 14,
  /** Binary translation of one guest instruction into the translation cache. */
  Translation: 15,
  /** Translated code calling into the VMM for a sensitive instruction (a call, not a trap). */
  Callout: 16,
} as const;

export type EventKind = (typeof EventKind)[keyof typeof EventKind];
export type EventKindName = keyof typeof EventKind;

export const EVENT_KIND_COUNT = 17;

/** Names in index order. */
export const EVENT_KIND_NAMES: readonly EventKindName[] = (Object.keys(EventKind) as EventKindName[]).sort((a, b) => EventKind[a] - EventKind[b]);

/** Human labels for reports. */
export const EVENT_KIND_LABELS: Readonly<Record<EventKindName, string>> = {
  Instruction: 'instructions',
  MemoryLocal: 'memory, local node',
  MemoryRemote: 'memory, remote node',
  PrivilegeTransition: 'privilege transitions',
  TrapToVmm: 'traps to VMM',
  Emulation: 'emulated instructions',
  Hypercall: 'hypercalls',
  VmExit: 'VM exits',
  VmEntry: 'VM entries',
  PageWalk: 'VMM page walks',
  ShadowSync: 'shadow PT syncs',
  EptWalk: 'EPT walks',
  TlbMiss: 'TLB misses',
  IoExit: 'I/O exits',
  Interrupt: 'interrupts',
  Translation: 'BT translated instructions',
  Callout: 'BT callouts',
};
