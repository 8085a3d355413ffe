/**
 * Guest memory on host NUMA nodes, as the engine wires it to the CPU (machine.md §7, §8).
 *
 * The CPU charges every RAM access (data, stack, page-table walks, locked operations; not instruction
 * fetches, which come from the decoded-code cache) through a per-vCPU table of extra cycles per 4 KiB page
 * (CpuOptions.pageAccessCost: 0 for a local page, remote cost − local cost otherwise) and counts
 * `memAccesses` / `remoteAccesses`. The engine keeps those tables right and turns the counts into the NUMA
 * model's figures (core/numa NumaMemory / numa-stats):
 *
 * - Tables: one SharedArrayBuffer holds every vCPU's table (vcpus × frames Uint16 entries, so a remote
 *   surcharge up to MAX_PAGE_COST cycles fits: far more than any SLIT distance asks), so whoever places a
 *   page rewrites that page's cost in every vCPU's table at once, whichever thread they run on.
 * - First touch: every entry starts with PAGE_UNPLACED set (core/cpu/memory.ts). The CPU's first access to
 *   such a page leaves the hot path once and calls CpuOptions.firstTouch, which places the page by the
 *   policy as touched by this vCPU (NumaMemory.place, race-safe across workers; numastat's counters move
 *   once per page) and writes its real cost, without the marker, into every vCPU's table; the access is then
 *   charged that cost. The first instruction fetch from a page places it too. So placement needs no paging:
 *   a guest that never turns it on gets its pages placed as Linux's first touch would.
 * - The marker's low bits hold the cost the page will have if this vCPU places it (its own node under local,
 *   the target under bind/preferred/interleave): a page that cannot be placed (no allowed node has room)
 *   keeps that charge, in the vCPU's own table.
 * - Access counts: after each quantum the deltas of memAccesses / remoteAccesses go into the vCPU's row of
 *   the shared access matrix: local ones on its node; remote ones on the other node (two nodes), else shared
 *   among the remote nodes in proportion to the pages placed on them (the CPU counts remote accesses in one
 *   sum).
 * - Balancing (`--numa-balancing`, core/numa/numa-balancing.ts): at each quantum end the vCPU marks a window
 *   of placed frames with PAGE_UNPLACED in every table (the low bits keep the real cost); the next access to
 *   one reaches `place` as a hinting fault, which may migrate the frame to the accessing vCPU's node and
 *   writes the frame's cost, unmarked, into every table.
 */
import type { Cpu } from '../core/cpu/cpu';
import { PAGE_UNPLACED } from '../core/cpu/memory';
import {
  NumaBalancing, NumaMemory, balancingMayMoveTo, nodeSlot, NodeField, NO_NODE, UNPLACED, createNumaBalancing,
  type MemPolicy, type NumaBalancingShared, type NumaPlan,
} from '../core/numa';

/** The largest extra charge an entry of the CPU's cost table holds (the bits below PAGE_UNPLACED). */
export const MAX_PAGE_COST = PAGE_UNPLACED - 1;

/** Shared buffers: hand `tables` to every vCPU worker with its index. */
export interface NumaTablesShared {
  readonly tables: SharedArrayBuffer | ArrayBuffer;
  readonly frames: number;
  readonly vcpus: number;
  /** NUMA balancing's shared state, when it is on. */
  readonly balancing?: NumaBalancingShared;
}

/** extra[v * nodes + node]: extra cycles vCPU v pays per access to a page on `node` (at most MAX_PAGE_COST). */
export function extraCosts(numa: NumaMemory, plan: NumaPlan): Uint16Array {
  const nodes = plan.topology.nodes.length;
  const homes = plan.placement.nodeOf;
  const out = new Uint16Array(homes.length * nodes);
  homes.forEach((home, v) => {
    const local = numa.costTable[home * nodes + home]!;
    for (let node = 0; node < nodes; node++) {
      out[v * nodes + node] = Math.min(MAX_PAGE_COST, Math.max(0, numa.costTable[home * nodes + node]! - local));
    }
  });
  return out;
}

/** The node a page would land on if vCPU `v` (on `home`) touched it first, capacity aside. */
function intendedNode(policy: MemPolicy, plan: NumaPlan, home: number, frame: number): number {
  switch (policy.kind) {
    case 'local':
      return home;
    case 'preferred':
      return policy.node;
    case 'interleave':
      return policy.nodes[frame % policy.nodes.length]!;
    case 'bind': {
      const d = plan.topology.distances[home]!;
      let best = policy.nodes[0]!;
      for (const n of policy.nodes) if (d[n]! < d[best]! || (d[n] === d[best] && n < best)) best = n;
      return best;
    }
  }
}

/**
 * Creates every vCPU's cost table: every page unplaced (PAGE_UNPLACED), with the cost it is predicted to
 * have if this vCPU touches it first. Pages placed already (NumaMemory shared with an earlier run) get their cost.
 */
export function createNumaTables(numa: NumaMemory, plan: NumaPlan, options: { balancing?: boolean; scanPages?: number } = {}): NumaTablesShared {
  const frames = plan.setup.guestFrames;
  const vcpus = plan.placement.nodeOf.length;
  const bytes = frames * vcpus * Uint16Array.BYTES_PER_ELEMENT;
  const tables = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const all = new Uint16Array(tables);
  const extra = extraCosts(numa, plan);
  const nodes = plan.topology.nodes.length;
  for (let v = 0; v < vcpus; v++) {
    const home = plan.placement.nodeOf[v]!;
    const row = all.subarray(v * frames, (v + 1) * frames);
    if (plan.policy.kind === 'interleave') {
      for (let f = 0; f < frames; f++) row[f] = PAGE_UNPLACED | extra[v * nodes + intendedNode(plan.policy, plan, home, f)]!;
    } else row.fill(PAGE_UNPLACED | extra[v * nodes + intendedNode(plan.policy, plan, home, 0)]!);
    for (let f = 0; f < frames; f++) {
      const node = numa.placement[f]!;
      if (node !== UNPLACED) row[f] = extra[v * nodes + node]!;
    }
  }
  if (!options.balancing) return { tables, frames, vcpus };
  return { tables, frames, vcpus, balancing: createNumaBalancing(frames, nodes, options.scanPages) };
}

/**
 * pages_total for the dashboard and the stats: the part of guest RAM that may live on each node under the
 * policy (all of it on any node a page may land on; nothing on a node bind excludes; the interleave share on
 * an interleave node, unless some node of the set is too small to take its share), bounded by the node's room.
 */
export function guestPagesTotal(numa: NumaMemory, plan: NumaPlan): number[] {
  const frames = plan.setup.guestFrames;
  const nodes = plan.topology.nodes.length;
  const room = Array.from({ length: nodes }, (_, n) => Atomics.load(numa.stats.i32, nodeSlot(n, NodeField.capacityPages)));
  const p = plan.policy;
  if (p.kind === 'bind') return room.map((r, n) => (p.nodes.includes(n) ? Math.min(r, frames) : 0));
  if (p.kind === 'interleave') {
    const share = Math.ceil(frames / p.nodes.length);
    const strict = p.nodes.every((n) => room[n]! >= share);
    if (strict) return room.map((r, n) => (p.nodes.includes(n) ? Math.min(r, share) : 0));
  }
  return room.map((r) => Math.min(r, frames));
}

/** One vCPU's side: its cost table and first-touch hook for the CPU, and the access counts. */
export class VcpuNuma {
  /** This vCPU's table (CpuOptions.pageAccessCost). */
  readonly table: Uint16Array;
  private readonly all: Uint16Array;
  private readonly frames: number;
  private readonly vcpus: number;
  private readonly nodes: number;
  private readonly home: number;
  private readonly extra: Uint16Array;
  private readonly rowBase: number;
  private seenAccesses = 0;
  private seenRemote = 0;
  private readonly balancing: NumaBalancing | null;
  private readonly policy: MemPolicy;

  constructor(
    readonly vcpu: number,
    readonly numa: NumaMemory,
    plan: NumaPlan,
    shared: NumaTablesShared,
  ) {
    this.frames = shared.frames;
    this.vcpus = shared.vcpus;
    this.all = new Uint16Array(shared.tables);
    this.table = this.all.subarray(vcpu * this.frames, (vcpu + 1) * this.frames);
    this.nodes = plan.topology.nodes.length;
    this.home = plan.placement.nodeOf[vcpu]!;
    this.extra = extraCosts(numa, plan);
    this.rowBase = vcpu * numa.stats.rowStride;
    this.balancing = shared.balancing ? new NumaBalancing(shared.balancing) : null;
    this.policy = plan.policy;
  }

  /** What the CPU needs: `{ pageAccessCost, firstTouch }` for CpuOptions. */
  cpuOptions(): { pageAccessCost: Uint16Array; firstTouch: (page: number) => void } {
    return { pageAccessCost: this.table, firstTouch: (page) => this.place(page) };
  }

  /** After a quantum: count the accesses (pages are placed as they are touched). */
  afterQuantum(cpu: Cpu): void {
    this.countAccesses(cpu);
    if (this.balancing !== null) this.scan(this.balancing);
  }

  /** NUMA balancing: marks the next window of placed frames for a hinting fault, in every vCPU's table. */
  scan(b: NumaBalancing): void {
    const f = this.frames, n = this.nodes, all = this.all, extra = this.extra, placement = this.numa.placement;
    let frame = b.nextWindow();
    let marked = 0;
    for (let k = 0; k < b.scanPages; k++, frame = frame + 1 === f ? 0 : frame + 1) {
      const node = Atomics.load(placement, frame);
      if (node === UNPLACED) continue;
      for (let w = 0; w < this.vcpus; w++) all[w * f + frame] = PAGE_UNPLACED | extra[w * n + node]!;
      marked++;
    }
    b.countPteUpdates(marked);
  }

  /**
   * First touch of `frame` by this vCPU: places it by the policy (a frame placed already keeps its node) and
   * writes its real cost into every vCPU's table. A frame no node has room for stays marked unplaced.
   */
  place(frame: number): void {
    if (frame >= this.frames) return;
    const placed = Atomics.load(this.numa.placement, frame);
    const node = placed !== UNPLACED && this.balancing !== null ? this.hintFault(this.balancing, frame, placed) : this.numa.place(this.vcpu, frame);
    if (node === UNPLACED) return;
    const f = this.frames, n = this.nodes, all = this.all, extra = this.extra;
    for (let w = 0; w < this.vcpus; w++) all[w * f + frame] = extra[w * n + node]!;
  }

  /** A hinting fault on a placed frame: the node it stays on or migrates to (two-stage filter). */
  private hintFault(b: NumaBalancing, frame: number, node: number): number {
    const target = b.hintFault(frame, node, this.home);
    if (target === NO_NODE || !balancingMayMoveTo(this.policy, target)) return node;
    const moved = this.numa.migrate(frame, node, target);
    b.recordMigration(node, target, moved);
    return moved ? target : Atomics.load(this.numa.placement, frame);
  }

  /** Moves the CPU's access counts since the last call into this vCPU's row of the access matrix. */
  countAccesses(cpu: Cpu): void {
    const total = cpu.memAccesses - this.seenAccesses;
    const remote = cpu.remoteAccesses - this.seenRemote;
    if (total === 0) return;
    this.seenAccesses = cpu.memAccesses;
    this.seenRemote = cpu.remoteAccesses;
    const acc = this.numa.stats.accesses;
    const row = this.rowBase;
    acc[row + this.home] = acc[row + this.home]! + (total - remote);
    if (remote === 0) return;
    if (this.nodes === 2) {
      const other = row + 1 - this.home;
      acc[other] = acc[other]! + remote;
      return;
    }
    // More than two nodes: the CPU sums remote accesses; share them by the pages placed on each remote node.
    const i32 = this.numa.stats.i32;
    let pages = 0;
    for (let node = 0; node < this.nodes; node++) if (node !== this.home) pages += Atomics.load(i32, nodeSlot(node, NodeField.pagesUsed));
    let left = remote;
    let last = -1;
    for (let node = 0; node < this.nodes; node++) {
      if (node === this.home) continue;
      last = node;
      const used = Atomics.load(i32, nodeSlot(node, NodeField.pagesUsed));
      const share = pages === 0 ? 0 : Math.floor((remote * used) / pages);
      acc[row + node] = acc[row + node]! + share;
      left -= share;
    }
    if (left > 0 && last >= 0) {
      let target = last;
      for (let node = 0; node < this.nodes; node++) if (node !== this.home && this.extra[this.vcpu * this.nodes + node]! > 0) { target = node; break; }
      acc[row + target] = acc[row + target]! + left;
    }
  }
}
