/**
 * Cost presets: cycles per event, each with where the number comes from. "Measured" figures come from the
 * cited papers; "estimate" marks a model choice of the right order of magnitude for that generation where
 * no measurement was at hand — change those first if better data turns up.
 *
 * Memory: `MemoryLocal` is the cost of a local access (DRAM latency; this emulator has no cache model, so
 * every charged access is a memory access and NUMA effects show at full strength). A remote access costs
 * MemoryLocal × SLIT distance / 10 (numa/access-cost.ts); the MemoryRemote entry is that cost at distance 21
 * (rh65), for display only.
 */
import { EVENT_KIND_COUNT, EVENT_KIND_NAMES, EventKind, type EventKindName } from './event-kinds';

export interface CostPreset {
  readonly name: string;
  readonly description: string;
  /** Core clock, to turn cycles into time in reports. */
  readonly clockGHz: number;
  readonly cycles: Readonly<Record<EventKindName, number>>;
  readonly sources: Readonly<Record<EventKindName, string>>;
}

const ADAMS_AGESEN =
  'Adams & Agesen, "A Comparison of Software and Hardware Techniques for x86 Virtualization", ASPLOS 2006';
const AGESEN_2012 = 'Agesen, Mattson, Rugina & Sheldon, "Software Techniques for Avoiding Hardware Virtualization Exits", USENIX ATC 2012';
const MOLKA_2009 = 'Molka et al., "Memory Performance and Cache Coherency Effects on an Intel Nehalem Multiprocessor System", PACT 2009';
const BHARGAVA_2008 = 'Bhargava et al., "Accelerating Two-Dimensional Page Walks for Virtualized Systems", ASPLOS 2008';

/** First-generation VT-x: a Pentium 4 672 (Prescott, 3.8 GHz), the part Adams & Agesen measured. */
export const VTX_GEN1: CostPreset = {
  name: 'vtx-gen1',
  description: 'First-generation VT-x (Pentium 4 "Prescott", 3.8 GHz, 2005-2006): slow VM transitions, no EPT',
  clockGHz: 3.8,
  cycles: {
    Instruction: 1,
    MemoryLocal: 250,
    MemoryRemote: 525,
    PrivilegeTransition: 500,
    TrapToVmm: 1000,
    Emulation: 500,
    Hypercall: 600,
    VmExit: 1200,
    VmEntry: 1200,
    PageWalk: 200,
    ShadowSync: 1000,
    EptWalk: 240,
    TlbMiss: 40,
    IoExit: 10000,
    Interrupt: 600,
    Translation: 300,
    Callout: 100,
  },
  sources: {
    Instruction: 'model: one cycle per directly executed instruction (no pipeline model)',
    MemoryLocal: 'estimate: ≈65 ns DRAM latency (the order Molka et al. 2009 measured) at 3.8 GHz',
    MemoryRemote: 'MemoryLocal × 21/10 (rh65 SLIT distance); display only',
    PrivilegeTransition: 'estimate: NetBurst INT/IRET and exception delivery cost hundreds of cycles (long pipeline flush)',
    TrapToVmm: `estimate: a guest fault into the ring-0 VMM and back, two NetBurst privilege transitions; cf. ${ADAMS_AGESEN}, §3 (trap-and-emulate costs)`,
    Emulation: `estimate: decode and emulate one instruction in the VMM; cf. ${ADAMS_AGESEN}, §6 nanobenchmarks`,
    Hypercall: 'estimate: a trap into the hypervisor and back without decoding (Xen-style int 0x82)',
    VmExit: `half of the ≈2,400-cycle VM exit + entry round trip on Prescott reported in ${ADAMS_AGESEN} (§6) and re-plotted by generation in ${AGESEN_2012} (§2, Fig. 1); figures recalled, not re-read offline`,
    VmEntry: 'the other half of that round trip',
    PageWalk: 'estimate: a software walk of a 2-level guest page table, two memory reads plus checks',
    ShadowSync: `estimate: validate and write one shadow PTE after a traced write; ${ADAMS_AGESEN} §6 shows PTE updates ("ptemod") as the hardware VMM's costliest case`,
    EptWalk: `estimate: VT-x gen 1 had no EPT; extrapolated as the 12 extra references of a 2-level guest walk under a 4-level EPT ((2+1)×(4+1)−1 = 14 vs 2; ${BHARGAVA_2008}) × 20 cycles`,
    TlbMiss: 'estimate: a native 2-level walk hitting the caches',
    IoExit: `estimate: exit, hand-off to a user-space device model and back; ${ADAMS_AGESEN} §6 finds I/O ("in") exits among the costliest events`,
    Interrupt: 'estimate: IDT delivery and IRET on NetBurst',
    Translation: `estimate: translating one guest instruction into the translation cache; ${ADAMS_AGESEN} §3 describes the translator, amortised by the cache`,
    Callout: `estimate: a call from translated code into the VMM, far cheaper than a trap (${ADAMS_AGESEN} §3.3)`,
  },
};

/** A modern core (Sandy Bridge and later): transitions of a few hundred cycles, EPT with page-walk caches. */
export const MODERN: CostPreset = {
  name: 'modern',
  description: 'A modern x86 core (2011+): VM exit + entry ≈ 500 cycles, EPT, VPID',
  clockGHz: 3.0,
  cycles: {
    Instruction: 1,
    MemoryLocal: 190,
    MemoryRemote: 399,
    PrivilegeTransition: 150,
    TrapToVmm: 250,
    Emulation: 200,
    Hypercall: 180,
    VmExit: 250,
    VmEntry: 250,
    PageWalk: 60,
    ShadowSync: 400,
    EptWalk: 120,
    TlbMiss: 25,
    IoExit: 5000,
    Interrupt: 200,
    Translation: 150,
    Callout: 40,
  },
  sources: {
    Instruction: 'model: one cycle per directly executed instruction (no pipeline model)',
    MemoryLocal: `measured: 65 ns local memory latency on a 2.93 GHz Xeon X5570 ≈ 190 cycles (${MOLKA_2009}); DRAM latency in ns has changed little since`,
    MemoryRemote: `MemoryLocal × 21/10 (rh65 SLIT distance); display only. ${MOLKA_2009} measured 106 ns remote, a 1.6× ratio: SLIT values overstate it`,
    PrivilegeTransition: 'estimate: SYSCALL/SYSRET ≈ 100 cycles, INT/IRET somewhat more',
    TrapToVmm: 'estimate: an exception into a ring-0 VMM and IRET back',
    Emulation: 'estimate: decode and emulate one instruction in the VMM',
    Hypercall: 'estimate: a trap into the hypervisor and back without decoding',
    VmExit: `half of the ≈500-cycle VM exit + entry round trip of Sandy Bridge-era cores shown in ${AGESEN_2012} (§2, Fig. 1; recalled, not re-read offline)`,
    VmEntry: 'the other half of that round trip',
    PageWalk: 'estimate: a software walk of a 2-level guest page table hitting the caches',
    ShadowSync: 'estimate: validate and write one shadow PTE',
    EptWalk: `estimate: the 12 extra references of a 2-level guest walk under a 4-level EPT (${BHARGAVA_2008}), mostly absorbed by page-walk caches, ≈10 cycles each`,
    TlbMiss: 'estimate: a native walk hitting the paging-structure caches',
    IoExit: 'estimate: KVM exit to the user-space device model (QEMU) and back, several microseconds',
    Interrupt: 'estimate: IDT delivery and IRET',
    Translation: 'estimate: translating one guest instruction into the translation cache',
    Callout: 'estimate: a call from translated code into the VMM',
  },
};

export const COST_PRESETS: Readonly<Record<string, CostPreset>> = { 'vtx-gen1': VTX_GEN1, modern: MODERN };

export const DEFAULT_COST_PRESET = 'modern';

export function costPreset(name: string): CostPreset | undefined {
  return Object.hasOwn(COST_PRESETS, name) ? COST_PRESETS[name] : undefined;
}

/** The preset's cycles as a typed array indexed by EventKind, for the hot path. */
export function costTable(p: CostPreset): Float64Array {
  const t = new Float64Array(EVENT_KIND_COUNT);
  for (const name of EVENT_KIND_NAMES) t[EventKind[name]] = p.cycles[name];
  return t;
}
