/**
 * A software VMM's counters per vCPU, as slots of one Float64Array (SoftVmmVcpu.stats): the vCPU's thread
 * bumps them, the engine copies them into the shared control buffer at each quantum end (no message per event),
 * and the stats JSON / snapshots read them by these names. Append new slots at the end.
 */
import { EVENT_EXTERNAL, EVENT_NMI, EVENT_SOFT } from '../../cpu/cpu';
import { TRAP_REASON_INTERRUPT, TRAP_REASON_NMI, TRAP_REASON_SOFT_INT, TRAP_REASONS } from './trap-reasons';
export const SV = {
  /** Events that entered the VMM (faults, INT n, interrupts while guest code ran). */
  traps: 0,
  /** Guest instructions the VMM emulated (trap) or executed for a callout (bt). */
  emulations: 1,
  /** Events delivered to the guest through its virtual IDT / trap table. */
  reflections: 2,
  /** Interrupts held in the virtual IRR because the guest had IF = 0. */
  interruptsDeferred: 3,
  /** Port accesses forwarded to the device models. */
  ioForwarded: 4,
  /** Shadow GDT/LDT descriptors re-synced. */
  shadowDescriptorSyncs: 5,
  /** Popek–Goldberg holes observed, in total and by kind (holes.ts order). */
  holes: 6,
  holePopf: 7,
  holePushf: 8,
  holeSgdt: 9,
  holeSidt: 10,
  holeSldt: 11,
  holeStr: 12,
  holeSmsw: 13,
  holeSelectorRpl: 14,
  holeDescriptorDpl: 15,
  /** Hypercalls, and those that returned an error. */
  hypercalls: 16,
  hypercallErrors: 17,
  /** BT: blocks translated, guest instructions translated, translation-cache bytes in use, callouts made, jumps chained, blocks invalidated by writes to their code, full flushes. */
  btBlocks: 18,
  btInstructions: 19,
  btCacheBytes: 20,
  btCallouts: 21,
  btChained: 22,
  btInvalidations: 23,
  btFlushes: 24,
  /** Guest page-table writes (each a write-protection fault of shadow paging), guest page faults the VMM examined, CR3 loads. */
  ptWrites: 25,
  pageFaultsSeen: 26,
  cr3Loads: 27,
  /** Selector faults that came from a stale shadow descriptor: the VMM re-synced and ran the instruction again. */
  staleShadowRestarts: 28,
  /** Guest stores to a page of its GDT (write-protected by the VMM): each a trap that re-syncs the shadow GDT. */
  gdtWriteTraps: 29,
  /**
   * Shadow paging (core/vmm/mmu/shadow-mmu.ts): page faults the guest's tables allow (the shadow was filled, the
   * guest never saw them) and those they deny (given to the guest; pageFaultsSeen = both), shadow entries
   * re-synced by guest page-table writes, shadow pages in use now, shadow root switches (guest CR3 loads) and
   * those that found no cached root, zap-alls (pool exhausted, or guest CR0.WP / CR4.PSE changed), INVLPGs
   * that re-synced a shadow entry.
   */
  hiddenFaults: 30,
  trueFaults: 31,
  shadowSyncs: 32,
  shadowPagesInUse: 33,
  shadowRootSwitches: 34,
  shadowRootMisses: 35,
  shadowZapAll: 36,
  invlpgResyncs: 37,
  /**
   * --mode vtx with EPT (core/vmm/vtx/ept-builder.ts): EPT violations on guest RAM and on device (MMIO) pages,
   * each one mapped by the VMM; EPT leaf entries in use (4 KiB and 2 MiB); pool pages holding EPT tables; times
   * the pool ran out and the VMM dropped the whole EPT (KVM's zap-all).
   */
  eptViolationsRam: 38,
  eptViolationsMmio: 39,
  eptPages4k: 40,
  eptPages2m: 41,
  eptTablePages: 42,
  eptZapAll: 43,
} as const;

/**
 * Traps by reason and hypercalls by number, after the named slots (for the dashboards' histograms; not in
 * SV_NAMES, so the stats JSON keeps its counters): exceptions by vector (0–31), then external interrupts,
 * NMIs and software INT n (any vector); then hypercalls by number, the last slot for every number from 31 up.
 */
export const SV_TRAP_REASON_BASE = 48;
export { TRAP_REASON_NAMES, TRAP_REASONS } from './trap-reasons';
export const SV_HYPERCALL_BASE = SV_TRAP_REASON_BASE + TRAP_REASONS;
export const HYPERCALL_NUMBERS = 32;

export const SV_SLOTS = SV_HYPERCALL_BASE + HYPERCALL_NUMBERS;

/** The trap-reason slot of an event the VMM took (kind: cpu.ts EVENT_*). */
export function trapReasonSlot(kind: number, vector: number): number {
  const reason = kind === EVENT_EXTERNAL ? TRAP_REASON_INTERRUPT : kind === EVENT_NMI ? TRAP_REASON_NMI
    : kind === EVENT_SOFT ? TRAP_REASON_SOFT_INT : Math.min(vector >>> 0, 31);
  return SV_TRAP_REASON_BASE + reason;
}

/** The slot counting hypercall number `nr`. */
export const hypercallSlot = (nr: number): number => SV_HYPERCALL_BASE + Math.min(nr >>> 0, HYPERCALL_NUMBERS - 1);

/** Stats-JSON names, by slot (slots no counter uses have none). */
export const SV_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [k, slot] of Object.entries(SV)) names[slot] = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return names;
})();
