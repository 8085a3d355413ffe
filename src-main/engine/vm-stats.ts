/**
 * The VM's figures: a cheap live snapshot (sampled from the shared counters, fine at 10 Hz) and the stats
 * JSON written by `virtlab run --stats` (format documented in docs/stats.md).
 */
import { buildCostReport, costTable, CPU_COST_EVENT, createCostCounters, CostMeter, type CostReport } from '../core/cost';
import { COST_KINDS, COST_NAMES } from '../core/cpu/costs';
import { readCostSample } from './cost-sample';
import { NumaBalancing, formatCpuList, snapshotNumaStats, type NumaBalancingSnapshot } from '../core/numa';
import type { BusCounters } from '../core/machine/bus';
import { EXIT_KIND_COUNT, EXIT_STAT_NAMES, ExitKind } from './exit-handler';
import type { PinResult } from './host-affinity';
import type { NodeSnapshot, VcpuSnapshot } from '../core/api/contract';
import { CTR, VC, type ControlViews } from './vcpu-control';
import { FINISH_REASON_NAMES, VCPU_STATE_NAMES } from './vcpu-state';
import type { Vmm, VmOutcome } from './vmm';
import { readVmxSample } from './vmx-sample';
import { readMmuSample } from './mmu-sample';
import { readJitStats, type VcpuJitStats } from './jit-sample';
import { JIT_MODE_NAMES, type JitModeName } from '../core/jit/modes';
import { readSoftVmmCounters } from './soft-vmm-log';
import {
  HYPERCALL_NUMBERS, SV, SV_HYPERCALL_BASE, SV_NAMES, SV_TRAP_REASON_BASE, TRAP_REASON_NAMES, TRAP_REASONS,
} from '../core/vmm/soft/vmm-stats';
import { HYPERCALL_NAMES } from '../core/vmm/pv/pv-abi';
import { HOLE_NAMES } from '../core/vmm/soft/holes';

export const STATS_VERSION = 1;

/** The dashboards' view of a vCPU and a node: the API contract's shapes, filled from the shared counters. */
export type { NodeSnapshot, VcpuSnapshot };

/** vCPU v's exits so far by reason, under the stats JSON's names. */
function exitCounts(views: ControlViews, v: number): Record<string, number> {
  const exits: Record<string, number> = {};
  for (let k = 0; k < EXIT_KIND_COUNT; k++) exits[EXIT_STAT_NAMES[k]!] = views.counter(v, CTR.exitsBase + k);
  return exits;
}

export interface VmSnapshot {
  readonly vcpus: readonly VcpuSnapshot[];
  readonly nodes: readonly NodeSnapshot[];
  /** [from node][to node]: accesses by the vCPUs at home on `from` to pages on `to`. */
  readonly nodeAccesses: readonly (readonly number[])[];
}

/** vCPU v's cycles by CPU cost kind, as last published (every kind, zeros included: the dashboards' stable rows). */
function cyclesByKind(views: ControlViews, v: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = 0; k < COST_KINDS; k++) out[COST_NAMES[k]!] = readCostSample(views, v, k).cycles;
  return out;
}

/**
 * A vCPU's non-zero VMM counters by name (SV_NAMES; a snapshot goes out 12 times a second, most counters stay 0),
 * from its published counters; undefined when no built-in VMM runs it (native: null).
 */
function vmmCounters(c: Float64Array | null): Record<string, number> | undefined {
  if (c === null) return undefined;
  const out: Record<string, number> = {};
  SV_NAMES.forEach((name, slot) => { if (c[slot] !== 0) out[name] = c[slot]!; });
  return out;
}

/**
 * vCPU v's traps to the software VMM by reason ('#GP', '#PF', 'INT n', 'interrupt', …) and its hypercalls by
 * name ('mmu_update', …; an unknown number as 'hypercall N'), non-zero only; undefined without a software VMM.
 */
function trapsAndHypercalls(vmm: Vmm, c: Float64Array): { trapsByReason: Record<string, number>; hypercallsByName: Record<string, number> } | undefined {
  if (vmm.softVmm === null) return undefined;
  const trapsByReason: Record<string, number> = {};
  for (let r = 0; r < TRAP_REASONS; r++) {
    const n = c[SV_TRAP_REASON_BASE + r]!;
    if (n !== 0) trapsByReason[TRAP_REASON_NAMES[r]!] = n;
  }
  const hypercallsByName: Record<string, number> = {};
  for (let nr = 0; nr < HYPERCALL_NUMBERS; nr++) {
    const n = c[SV_HYPERCALL_BASE + nr]!;
    if (n !== 0) hypercallsByName[HYPERCALL_NAMES[nr] ?? (nr === HYPERCALL_NUMBERS - 1 ? `hypercall ${nr}+` : `hypercall ${nr}`)] = n;
  }
  return { trapsByReason, hypercallsByName };
}

/** Live figures from the shared counters: no message to any thread, a few hundred loads. */
export function snapshotVm(vmm: Vmm): VmSnapshot {
  const v = vmm.views;
  const p = vmm.plan.placement;
  const vcpus: VcpuSnapshot[] = [];
  for (let i = 0; i < vmm.vcpus; i++) {
    const { mode, ...vmxInfo } = readVmxSample(v, i);
    const sv = vmm.softVmm !== null || vmm.vtx ? readSoftVmmCounters(v, i) : null;
    const counters = vmmCounters(sv);
    const byReason = sv === null ? undefined : trapsAndHypercalls(vmm, sv);
    vcpus.push({
      id: i,
      ring: v.get(i, VC.ring),
      vmx: mode,
      state: VCPU_STATE_NAMES[v.get(i, VC.state)] ?? 'created',
      hostCpu: p.cpuOf[i] ?? -1,
      node: p.nodeOf[i] ?? -1,
      eip: v.get(i, VC.eip) >>> 0,
      instructions: v.counter(i, CTR.instructions),
      cycles: v.counter(i, CTR.cycles),
      exits: exitCounts(v, i),
      vmxInfo,
      mmu: readMmuSample(v, i),
      cyclesByKind: cyclesByKind(v, i),
      ...(counters === undefined ? {} : { vmm: counters }),
      ...(byReason ?? {}),
    });
  }
  const numa = snapshotNumaStats(vmm.numa.stats);
  const nodeCount = numa.nodes.length;
  const nodeAccesses = Array.from({ length: nodeCount }, () => new Array<number>(nodeCount).fill(0));
  numa.vcpus.forEach((c, i) => {
    const vcpu = vcpus[i];
    if (vcpu) vcpu.accessesByNode = c.accesses_by_node;
    const row = nodeAccesses[c.node];
    if (row) c.accesses_by_node.forEach((n, to) => { row[to] = (row[to] ?? 0) + n; });
  });
  const nodes = numa.nodes.map((n, id) => ({
    id,
    pagesUsed: n.pages_used,
    pagesTotal: vmm.pagesTotal[id] ?? 0,
    localAccesses: n.accesses_local,
    remoteAccesses: n.accesses_remote,
  }));
  return { vcpus, nodes, nodeAccesses };
}

export interface VcpuStats {
  id: number;
  apic_id: number;
  state: string;
  finish_reason: string;
  eip: number;
  ring: number;
  instructions: number;
  cycles: number;
  exits: Record<string, number>;
  exits_total: number;
  quanta: number;
  hlt_parks: number;
  host_cpu: number;
  node: number;
  pinning: {
    vcpupin: 'pinned' | 'spread';
    cpus_allowed: string;
    thread: { pinned: true; real_cpus_allowed: string } | { pinned: false; reason: string };
  };
  numa: Record<string, unknown>;
  vmx: VcpuVmxStats;
  /** The software VMM's counters (--mode trap|bt|pv), null in other modes. */
  vmm: VcpuSoftVmmStats | null;
  mmu: VcpuMmuStats;
  /** The translator's counters (docs/translator.md); all 0 but `instructions_interpreted` with --jit off. */
  jit: VcpuJitStats;
}

/**
 * A vCPU's MMU figures in the stats JSON (docs/stats.md), snake_case as the rest of the file: the TLB and walk
 * counters of the CPU (walks = TLB misses), the shadow MMU's counters under a VMM that shadows and EPT's under
 * VMX non-root (both by SV slot name, as in `vmm.counters`).
 */
export interface VcpuMmuStats {
  tlb_hits: number;
  tlb_misses: number;
  walks: number;
  walk_refs: number;
  refs_per_walk: number;
  ept_walk_refs: number;
  tlb_flushes: number;
  shadow: Record<string, number> | null;
  ept: Record<string, number> | null;
}

/** SV slots (core/vmm/soft/vmm-stats.ts) that belong to shadow paging. */
const SHADOW_SLOTS = [SV.hiddenFaults, SV.trueFaults, SV.pageFaultsSeen, SV.shadowSyncs, SV.shadowPagesInUse, SV.shadowRootSwitches,
  SV.shadowRootMisses, SV.shadowZapAll, SV.invlpgResyncs, SV.ptWrites, SV.cr3Loads];
/** SV slots of EPT (a VMM's EPT violations by kind, pages it mapped): every slot whose name starts with `ept`. */
const EPT_SLOTS = Object.entries(SV).filter(([name]) => /^ept[A-Z]/.test(name)).map(([, slot]) => slot);

function mmuStats(vmm: Vmm, v: number, vmx: VcpuVmxStats): VcpuMmuStats {
  const sample = readMmuSample(vmm.views, v);
  const sv = vmm.softVmm !== null || vmm.vtx ? readSoftVmmCounters(vmm.views, v) : null;
  const pick = (slots: readonly number[]): Record<string, number> => Object.fromEntries(slots.map((slot) => [SV_NAMES[slot]!, sv![slot]!]));
  const shadow = sv !== null && vmm.softVmm !== 'pv' ? pick(SHADOW_SLOTS) : null;
  const ept = vmx.entries > 0
    ? { violations: vmx.exits_by_reason.EPT_VIOLATION ?? 0, misconfigs: vmx.exits_by_reason.EPT_MISCONFIG ?? 0, ...(sv !== null ? pick(EPT_SLOTS) : {}) }
    : null;
  return {
    tlb_hits: sample.tlbHits, tlb_misses: sample.tlbMisses, walks: sample.tlbMisses, walk_refs: sample.walkRefs,
    refs_per_walk: sample.refsPerWalk, ept_walk_refs: sample.eptWalkRefs, tlb_flushes: sample.tlbFlushes, shadow, ept,
  };
}

/**
 * A vCPU's software-VMM figures in the stats JSON (docs/stats.md): every SV counter by its snake_case name
 * (traps, emulations, reflections, interrupts_deferred, io_forwarded, shadow_descriptor_syncs, holes, hole_*,
 * hypercalls, bt_*, …) and the Popek–Goldberg holes again by kind name.
 */
export interface VcpuSoftVmmStats {
  mode: string;
  counters: Record<string, number>;
  holes_by_kind: Record<string, number>;
}

function softVmmStats(vmm: Vmm, v: number): VcpuSoftVmmStats | null {
  // --mode vtx keeps the same slots for what its VMM counts itself: shadow paging's page-table writes, page
  // faults and CR3 loads (the rest stay 0; its exits are in `vmx`).
  const mode = vmm.softVmm ?? (vmm.vtx ? 'vtx' : null);
  if (mode === null) return null;
  const c = readSoftVmmCounters(vmm.views, v);
  const counters: Record<string, number> = {};
  SV_NAMES.forEach((name, slot) => { counters[name] = c[slot]!; });
  const holes: Record<string, number> = {};
  HOLE_NAMES.forEach((name, k) => { holes[name] = c[SV.holePopf + k]!; });
  return { mode, counters, holes_by_kind: holes };
}

/** A vCPU's VT-x figures in the stats JSON (docs/stats.md). */
export interface VcpuVmxStats {
  mode: string;
  vmcs: number | null;
  entries: number;
  exits: number;
  exits_by_reason: Record<string, number>;
  last_exit: { reason: number; name: string; qualification: number } | null;
  last_entry_failure: { text: string; field: string; rule: string; sdm: string } | null;
}

function vmxStats(views: ControlViews, v: number): VcpuVmxStats {
  const s = readVmxSample(views, v);
  return {
    mode: s.mode,
    vmcs: s.vmcs,
    entries: s.entries,
    exits: s.exits,
    exits_by_reason: s.exitsByReason,
    last_exit: s.lastExit,
    last_entry_failure: s.lastEntryFailure,
  };
}

export interface NodeStats {
  id: number;
  numa_hit: number;
  numa_miss: number;
  numa_foreign: number;
  interleave_hit: number;
  local_node: number;
  other_node: number;
  pages_used: number;
  pages_total: number;
  /** The node's room for guest pages (its free memory in 4 KiB pages, as the NUMA model caps placement). */
  host_free_pages: number;
  accesses_local: number;
  accesses_remote: number;
  /** NUMA balancing: guest pages migrated to / away from this node (0 when it is off). */
  pages_migrated_in: number;
  pages_migrated_out: number;
}

/** NUMA balancing's counters (/proc/vmstat's names); null when `--numa-balancing` is off. */
export type NumaBalancingStats = Omit<NumaBalancingSnapshot, 'nodes'> | null;

export interface VmStats {
  version: number;
  guest: { file: string; format: string; entry: number };
  config: {
    vcpus: number;
    mem_bytes: number;
    mode: string;
    topology: string;
    policy: string;
    cost: string;
    deterministic: boolean;
    threading: string;
    quantum: number;
    jit: JitModeName;
    max_insns: number | null;
    timeout_ms: number | null;
  };
  outcome: { reason: VmOutcome; exit_value: number | null; wall_ms: number };
  vcpus: VcpuStats[];
  nodes: NodeStats[];
  numa_balancing: NumaBalancingStats;
  cost: CostReport;
  bus: BusCounters;
  apic: { undelivered: number; unsupported: number };
}

function policyText(vmm: Vmm): string {
  const p = vmm.plan.policy;
  return p.kind === 'local' ? 'local' : p.kind === 'preferred' ? `preferred:${p.node}` : `${p.kind}:${formatCpuList(p.nodes)}`;
}

export function buildVmStats(vmm: Vmm, outcome: VmOutcome, wallMs: number, pins: readonly (PinResult | undefined)[] | undefined): VmStats {
  const views = vmm.views;
  const placement = vmm.plan.placement;
  const numa = snapshotNumaStats(vmm.numa.stats, vmm.numa.costTable, vmm.plan.topology.distances);
  const counters = createCostCounters(vmm.vcpus);
  const costs = costTable(vmm.costPreset);
  const vcpus: VcpuStats[] = [];
  for (let i = 0; i < vmm.vcpus; i++) {
    const exits = exitCounts(views, i);
    let total = 0;
    for (let k = 0; k < EXIT_KIND_COUNT; k++) if (k !== ExitKind.finished) total += exits[EXIT_STAT_NAMES[k]!]!;
    const instructions = views.counter(i, CTR.instructions);
    // What the vCPU's CPU counted and charged, kind by kind (published at its last quantum end).
    const meter = new CostMeter(counters, i, costs);
    for (let k = 0; k < COST_KINDS; k++) {
      const { count, cycles } = readCostSample(views, i, k);
      meter.chargeCycles(CPU_COST_EVENT[k]!, count, cycles);
    }
    const pin = pins?.[i];
    const vmx = vmxStats(views, i);
    vcpus.push({
      id: i,
      apic_id: views.get(i, VC.apicId),
      state: VCPU_STATE_NAMES[views.get(i, VC.state)] ?? 'created',
      finish_reason: FINISH_REASON_NAMES[views.get(i, VC.finish)] ?? 'none',
      eip: views.get(i, VC.eip) >>> 0,
      ring: views.get(i, VC.ring),
      instructions,
      cycles: views.counter(i, CTR.cycles),
      exits,
      exits_total: total,
      quanta: views.counter(i, CTR.runs),
      hlt_parks: views.counter(i, CTR.haltParks),
      host_cpu: placement.cpuOf[i] ?? -1,
      node: placement.nodeOf[i] ?? -1,
      pinning: {
        vcpupin: placement.pinned[i] ? 'pinned' : 'spread',
        cpus_allowed: formatCpuList(placement.allowed[i] ?? []),
        thread: pin === undefined
          ? { pinned: false, reason: 'all vCPUs share the VMM thread (single-thread or deterministic mode)' }
          : pin.pinned
            ? { pinned: true, real_cpus_allowed: pin.cpusAllowed }
            : { pinned: false, reason: pin.reason },
      },
      numa: { ...numa.vcpus[i] },
      vmx,
      vmm: softVmmStats(vmm, i),
      mmu: mmuStats(vmm, i, vmx),
      jit: readJitStats(views, i),
    });
  }
  const balancingShared = vmm.numaTables?.balancing;
  const balancing = balancingShared ? new NumaBalancing(balancingShared).snapshot() : null;
  const nodes: NodeStats[] = numa.nodes.map((n, id) => ({
    id,
    numa_hit: n.numa_hit,
    numa_miss: n.numa_miss,
    numa_foreign: n.numa_foreign,
    interleave_hit: n.interleave_hit,
    local_node: n.local_node,
    other_node: n.other_node,
    pages_used: n.pages_used,
    pages_total: vmm.pagesTotal[id] ?? 0,
    host_free_pages: n.capacity_pages,
    accesses_local: n.accesses_local,
    accesses_remote: n.accesses_remote,
    pages_migrated_in: balancing?.nodes[id]?.migrated_in ?? 0,
    pages_migrated_out: balancing?.nodes[id]?.migrated_out ?? 0,
  }));
  const c = vmm.config;
  return {
    version: STATS_VERSION,
    guest: { file: c.imageName, format: vmm.kernel.format, entry: vmm.kernel.entry.eip >>> 0 },
    config: {
      vcpus: vmm.vcpus,
      mem_bytes: vmm.ramSize,
      mode: c.mode ?? 'native',
      topology: vmm.plan.topology.name,
      policy: policyText(vmm),
      cost: vmm.costPreset.name,
      deterministic: c.deterministic ?? false,
      threading: vmm.threading,
      quantum: vmm.quantum,
      jit: JIT_MODE_NAMES[vmm.jit],
      max_insns: c.maxInsns ?? null,
      timeout_ms: c.timeoutMs ?? null,
    },
    outcome: { reason: outcome, exit_value: vmm.exitValue, wall_ms: Math.round(wallMs) },
    vcpus,
    nodes,
    numa_balancing: balancing === null ? null : {
      numa_pte_updates: balancing.numa_pte_updates,
      numa_hint_faults: balancing.numa_hint_faults,
      numa_hint_faults_local: balancing.numa_hint_faults_local,
      numa_pages_migrated: balancing.numa_pages_migrated,
      pgmigrate_fail: balancing.pgmigrate_fail,
    },
    cost: buildCostReport(counters, vmm.costPreset, { snapshot: numa, costTable: vmm.numa.costTable }),
    bus: { ...vmm.pc.bus.counters },
    // The VMM thread's counts: I/O APIC messages (workers) or every message (one thread, through the PC's router).
    apic: { undelivered: vmm.apicBus.undelivered + vmm.pc.router.undelivered, unsupported: vmm.apicBus.unsupported },
  };
}
