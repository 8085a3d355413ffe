/**
 * Cost presets: cycles per event, each with where the number comes from, in one of four words:
 *   stated    a number the cited text states;
 *   computed  arithmetic on stated numbers, shown in full;
 *   estimate  a model choice of the right order of magnitude, with its reasoning, where no measurement was at
 *             hand — change those first if better data turns up;
 *   model     a rule of this emulator.
 *
 * vtx-gen1 is fitted to the nanobenchmarks of Adams & Agesen (ASPLOS 2006, adams-agesen-2006.ts), so that the
 * sums the built-in VMMs charge for one operation come out near what that paper measured on the Pentium 4 672:
 *   BT call/ret   = native + Callout                          (51 = 11 + 40)
 *   BT ptemod     = Callout + ShadowSync                      (391)
 *   BT in         = Callout + Emulation + IoExit              (≈214)
 *   BT pgfault    = native + TrapToVmm + PageWalk             (3,927)
 *   VT-x ptemod   = VmExit + Emulation + ShadowSync + VmEntry (12,733)
 *   VT-x divzero  ≈ native = Interrupt                        (1,014 vs 889: no exit)
 * The paper's hardware VMM did not fit one additive model exactly (its in, ptemod and pgfault imply VM round
 * trips of 9,300 to 15,800 cycles): the sources say which figure each number follows.
 *
 * Memory: `MemoryLocal` is the cost of a local access (DRAM latency; this emulator has no cache model, so
 * every charged access is a memory access and NUMA effects show at full strength). A remote access costs
 * MemoryLocal × SLIT distance / 10 (numa/access-cost.ts); the MemoryRemote entry is that cost at distance 21
 * (rh65), for display only.
 */
import { adamsAgesenNanobenchmark, type NanobenchmarkName } from './adams-agesen-2006';
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
const AA = 'Adams & Agesen 2006';
const AGESEN_2012 = 'Agesen, Mattson, Rugina & Sheldon, "Software Techniques for Avoiding Hardware Virtualization Exits", USENIX ATC 2012';
const MOLKA_2009 = 'Molka et al., "Memory Performance and Cache Coherency Effects on an Intel Nehalem Multiprocessor System", PACT 2009';
const BHARGAVA_2008 = 'Bhargava et al., "Accelerating Two-Dimensional Page Walks for Virtualized Systems", ASPLOS 2008';

/** A nanobenchmark figure of Adams & Agesen (adams-agesen-2006.ts). */
function paper(name: NanobenchmarkName, column: 'native' | 'bt' | 'vtx'): number {
  const figure = adamsAgesenNanobenchmark(name)[column];
  if (figure === null) throw new Error(`Adams & Agesen give no ${column} figure for ${name}`);
  return figure.cycles;
}

// vtx-gen1's figures from the paper's nanobenchmarks (text of its per-benchmark paragraphs).
/** The syscall paragraph: the software VMM's extra layer and privilege transition cost about 2,000 cycles. */
const GEN1_TRAP_TO_VMM = 2000;
const GEN1_INTERRUPT = paper('divzero', 'native');
const GEN1_CALLOUT = paper('call/ret', 'bt') - paper('call/ret', 'native');
const GEN1_SHADOW_SYNC = paper('ptemod', 'bt') - GEN1_CALLOUT;
const GEN1_PAGE_WALK = paper('pgfault', 'bt') - paper('pgfault', 'native') - GEN1_TRAP_TO_VMM;
/** VMware's monitor answered the in from its own virtual chipset: no hand-off to a device model outside it. */
const GEN1_IO_EXIT = 0;
const GEN1_EMULATION = paper('in', 'bt') - GEN1_CALLOUT - GEN1_IO_EXIT;
const GEN1_ROUND_TRIP = paper('ptemod', 'vtx') - GEN1_EMULATION - GEN1_SHADOW_SYNC;

/** First-generation VT-x: a Pentium 4 672 (Prescott, 3.8 GHz), the part Adams & Agesen measured. */
export const VTX_GEN1: CostPreset = {
  name: 'vtx-gen1',
  description: 'First-generation VT-x (Pentium 4 672 "Prescott", 3.8 GHz, 2005-2006): slow VM transitions, no EPT; fitted to Adams & Agesen 2006',
  clockGHz: 3.8,
  cycles: {
    Instruction: 1,
    MemoryLocal: 250,
    MemoryRemote: 525,
    PrivilegeTransition: 300,
    TrapToVmm: GEN1_TRAP_TO_VMM,
    Emulation: GEN1_EMULATION,
    Hypercall: GEN1_TRAP_TO_VMM,
    VmExit: GEN1_ROUND_TRIP / 2,
    VmEntry: GEN1_ROUND_TRIP / 2,
    PageWalk: GEN1_PAGE_WALK,
    ShadowSync: GEN1_SHADOW_SYNC,
    EptWalk: 240,
    TlbMiss: 40,
    IoExit: GEN1_IO_EXIT,
    Interrupt: GEN1_INTERRUPT,
    Translation: 300,
    Callout: GEN1_CALLOUT,
  },
  sources: {
    Instruction: 'model: one cycle per directly executed instruction (no pipeline model)',
    MemoryLocal: 'estimate: ≈65 ns DRAM latency (the order Molka et al. 2009 measured on a later part) at 3.8 GHz; the 2006 paper gives no memory latency',
    MemoryRemote: 'model: MemoryLocal × 21/10 (rh65 SLIT distance); display only',
    PrivilegeTransition: `estimate: the extra of a ring change (TSS stack switch, segment reloads) over a same-ring delivery, ≈300 cycles on NetBurst, so a ring-3 INT/IRET system call costs Interrupt + 2 × 300 ≈ 1,500 cycles; ${AA}'s syscall text gives no native figure`,
    TrapToVmm: `stated: ${ADAMS_AGESEN}, syscall nanobenchmark: the software VMM's extra layer of code and privilege transition cost about 2,000 cycles over native; its divzero (3,223 − native 889 = 2,334) agrees`,
    Emulation: `computed: ${AA}, in nanobenchmark: the software VMM ran IN from port 0x80 as a translated sequence talking to its virtual chipset, 15× faster than native's 3,209 (≈214 cycles) = Callout ${GEN1_CALLOUT} + Emulation + IoExit ${GEN1_IO_EXIT} → ${GEN1_EMULATION}`,
    Hypercall: `estimate: a deliberate trap into the hypervisor and back, the same ring crossing as TrapToVmm (${GEN1_TRAP_TO_VMM}, from ${AA}'s syscall nanobenchmark) with no instruction to decode; the paper measures no hypercall`,
    VmExit: `computed: half of a VM exit + entry round trip of ${GEN1_ROUND_TRIP} cycles, from ${ADAMS_AGESEN}, ptemod nanobenchmark on the hardware VMM (one exit per PTE write): 12,733 − Emulation ${GEN1_EMULATION} − ShadowSync ${GEN1_SHADOW_SYNC}. It includes the VMM's exit handling on this part; the paper's in (15,826) and pgfault (11,242 − native 1,093 − PageWalk ${GEN1_PAGE_WALK} = 9,315) give 9,300-15,800. The bare hardware round trip was not found in the text available, nor ${AGESEN_2012}'s per-generation figure`,
    VmEntry: 'computed: the other half of that round trip',
    PageWalk: `computed: ${AA}, pgfault nanobenchmark: a true page fault under the software VMM 3,927 = native 1,093 + TrapToVmm ${GEN1_TRAP_TO_VMM} + the VMM's software walk of the guest page table → ${GEN1_PAGE_WALK}`,
    ShadowSync: `computed: ${AA}, ptemod nanobenchmark: the software VMM's translated PTE-write program, cheaper than a trap, 391 cycles = Callout ${GEN1_CALLOUT} + ShadowSync → ${GEN1_SHADOW_SYNC}`,
    EptWalk: `estimate: VT-x gen 1 had no EPT; extrapolated as the 12 extra references of a 2-level guest walk under a 4-level EPT ((2+1)×(4+1)−1 = 14 vs 2; ${BHARGAVA_2008}) × 20 cycles`,
    TlbMiss: 'estimate: a native 2-level walk hitting the caches',
    IoExit: `estimate (0): ${AA}'s software VMM answered IN from port 0x80 in its own virtual chipset model, with no hand-off to a device model outside the monitor, and the whole in took ≈214 cycles; a hosted VMM handing I/O to a user-level device model pays far more (see modern)`,
    Interrupt: `stated: ${AA}, divzero nanobenchmark: a #DE delivered through the IDT and IRET back, natively 889 cycles (the hardware VMM 1,014: no exit)`,
    Translation: `estimate: decoding, analysing and emitting one guest instruction into the translation cache, a few hundred NetBurst cycles; ${AA} describe the translator but give no per-instruction cost (amortised by the cache)`,
    Callout: `computed: ${AA}, call/ret nanobenchmark: binary translation adds an average 40 cycles to a call/return pair (51 vs native 11) for leaving translated code to look up the target — the cost of a call out of the translation cache, far below a trap`,
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
    TrapToVmm: 300,
    Emulation: 150,
    Hypercall: 250,
    VmExit: 250,
    VmEntry: 250,
    PageWalk: 60,
    ShadowSync: 150,
    EptWalk: 120,
    TlbMiss: 25,
    IoExit: 5000,
    Interrupt: 200,
    Translation: 150,
    Callout: 40,
  },
  sources: {
    Instruction: 'model: one cycle per directly executed instruction (no pipeline model)',
    MemoryLocal: `stated: 65 ns local memory latency on a 2.93 GHz Xeon X5570 ≈ 190 cycles (${MOLKA_2009}); DRAM latency in ns has changed little since`,
    MemoryRemote: `model: MemoryLocal × 21/10 (rh65 SLIT distance); display only. ${MOLKA_2009} measured 106 ns remote, a 1.6× ratio: SLIT values overstate it`,
    PrivilegeTransition: 'estimate: SYSCALL/SYSRET ≈ 100 cycles, INT/IRET somewhat more',
    TrapToVmm: 'estimate: an exception into a ring-0 VMM and IRET back (≈ Interrupt) plus the dispatch in the VMM; below a VM exit + entry round trip, as binary translation relies on',
    Emulation: 'estimate: decode and emulate one instruction in the VMM, a few hundred instructions of VMM code',
    Hypercall: 'estimate: a deliberate trap into the hypervisor and back, TrapToVmm without the decoding',
    VmExit: `estimate: half of a ≈500-cycle VM exit + entry round trip for Sandy Bridge-era and later cores. ${AGESEN_2012} plot the round trip by processor generation; that figure was not available to read here, so 500 is this model's assumption, not a reading of it`,
    VmEntry: 'estimate: the other half of that round trip',
    PageWalk: 'estimate: a software walk of a 2-level guest page table hitting the caches',
    ShadowSync: 'estimate: validate and write one shadow PTE (the trap or callout that got there is charged separately)',
    EptWalk: `estimate: the 12 extra references of a 2-level guest walk under a 4-level EPT (${BHARGAVA_2008}), mostly absorbed by page-walk caches, ≈10 cycles each`,
    TlbMiss: 'estimate: a native walk hitting the paging-structure caches',
    IoExit: 'estimate: KVM exit to the user-space device model (QEMU) and back, several microseconds',
    Interrupt: 'estimate: IDT delivery and IRET',
    Translation: 'estimate: translating one guest instruction into the translation cache, about half the NetBurst cost on a wider core',
    Callout: `estimate: a call from translated code into the VMM, as on NetBurst (${AA}'s 40 cycles for a call/ret lookup): no ring change, no pipeline drain of a trap`,
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
