/**
 * A software VMM's counters per vCPU, as slots of one Float64Array (SoftVmmVcpu.stats): the vCPU's thread
 * bumps them, the engine copies them into the shared control buffer at each quantum end (no message per event),
 * and the stats JSON / snapshots read them by these names. Append new slots at the end.
 */
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
} as const;

export const SV_SLOTS = 48;

/** Stats-JSON names, by slot. */
export const SV_NAMES: readonly string[] = Object.entries(SV).sort((a, b) => a[1] - b[1]).map(([k]) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
