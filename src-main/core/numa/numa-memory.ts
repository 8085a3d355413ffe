/**
 * Guest memory on host NUMA nodes: which node holds each guest-physical 4 KiB frame, first-touch placement
 * by policy, and the per-access accounting hot path.
 *
 * The frame → node table is a Uint8Array (0xFF = not placed yet) that may live in a SharedArrayBuffer, so
 * every vCPU worker sees one placement. Placement is race-safe: a worker first reserves room on a node
 * (Atomics.add on the node's pages_used, undone when over capacity), then claims the frame with
 * Atomics.compareExchange(0xFF → node); the loser of a race gives its reservation back and uses the winner's
 * node. Only the winner updates the numastat counters, so each page is counted once.
 *
 * Node capacity: the node's free memory (numactl's "free") in 4 KiB pages, times `capacityScale` (default
 * 1, i.e. the real free memory — a guest of at most 3 GiB then never fills an rh65 node; lower it, e.g. to
 * 1/256, to watch fallback and bind failures with small guests), or an explicit `capacityPages`.
 */
import { buildAccessCostTable } from './access-cost';
import { compilePolicy, type CompiledPolicy, type MemPolicy } from './mem-policy';
import { createNumaStats, attachNumaStats, nodeSlot, vcpuSlot, NodeField, VcpuField, type NumaStats } from './numa-stats';
import type { HostTopology } from './topology';

export const UNPLACED = 0xff;
export const PAGE_SHIFT = 12;
const PAGES_PER_MB = 256;

export interface NumaSetup {
  readonly topology: HostTopology;
  readonly policy: MemPolicy;
  /** Node of each vCPU (VcpuPlacement.nodeOf). */
  readonly vcpuNodes: readonly number[];
  /** Host CPU of each vCPU (VcpuPlacement.cpuOf), recorded in the stats. */
  readonly vcpuCpus?: readonly number[];
  /** Guest RAM in 4 KiB frames. */
  readonly guestFrames: number;
  /** Cycles of a local access; remote ones scale by distance (access-cost.ts). */
  readonly localAccessCycles: number;
  readonly capacityScale?: number;
  /** Overrides the capacity of each node, in pages. */
  readonly capacityPages?: readonly number[];
}

/** The shared part: hand these buffers to every worker with the same NumaSetup. */
export interface NumaShared {
  readonly stats: SharedArrayBuffer | ArrayBuffer;
  readonly placement: SharedArrayBuffer | ArrayBuffer;
}

/** Creates the shared buffers once (main process) and writes the capacities and vCPU homes. */
export function createNumaShared(setup: NumaSetup): NumaShared {
  const n = setup.topology.nodes.length;
  const stats = createNumaStats(n, setup.vcpuNodes.length);
  setup.topology.nodes.forEach((node, i) => {
    const pages = setup.capacityPages?.[i] ?? Math.floor(node.freeMB * PAGES_PER_MB * (setup.capacityScale ?? 1));
    stats.i32[nodeSlot(i, NodeField.capacityPages)] = Math.min(pages, 0x7fffffff);
  });
  setup.vcpuNodes.forEach((node, v) => {
    stats.i32[vcpuSlot(stats, v, VcpuField.node)] = node;
    stats.i32[vcpuSlot(stats, v, VcpuField.hostCpu)] = setup.vcpuCpus?.[v] ?? -1;
  });
  const placementBytes = setup.guestFrames;
  const placement = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(placementBytes) : new ArrayBuffer(placementBytes);
  new Uint8Array(placement).fill(UNPLACED);
  return { stats: stats.buffer, placement };
}

export class NumaMemory {
  readonly stats: NumaStats;
  /** Frame → node, UNPLACED when untouched. */
  readonly placement: Uint8Array;
  /** nodeCount × nodeCount cycles per access (vCPU node, page node). */
  readonly costTable: Uint32Array;
  private readonly policy: CompiledPolicy;
  private readonly nodeCount: number;
  private readonly rowStride: number;
  private readonly vcpuNodes: Int32Array;
  /** Cost per (vCPU, page node), laid out like the access matrix so both share one index. */
  private readonly vcpuCost: Uint32Array;
  private readonly accesses: Float64Array;
  private readonly capacity: Int32Array;

  constructor(setup: NumaSetup, shared: NumaShared) {
    const t = setup.topology;
    this.nodeCount = t.nodes.length;
    this.stats = attachNumaStats(shared.stats);
    this.placement = new Uint8Array(shared.placement);
    this.policy = compilePolicy(setup.policy, t);
    this.rowStride = this.stats.rowStride;
    this.accesses = this.stats.accesses;
    this.vcpuNodes = Int32Array.from(setup.vcpuNodes);
    this.costTable = buildAccessCostTable(t, setup.localAccessCycles);
    this.vcpuCost = new Uint32Array(this.vcpuNodes.length * this.rowStride);
    this.vcpuNodes.forEach((home, v) => {
      for (let node = 0; node < this.nodeCount; node++) {
        this.vcpuCost[v * this.rowStride + node] = this.costTable[home * this.nodeCount + node] as number;
      }
    });
    this.capacity = Int32Array.from({ length: this.nodeCount }, (_, i) => this.stats.i32[nodeSlot(i, NodeField.capacityPages)] as number);
  }

  /**
   * The hot path: vCPU `vcpu` accesses guest frame `frame` (physical address >>> PAGE_SHIFT, inside RAM).
   * Places the page on first touch, counts the access and returns its cost in cycles. No allocation.
   */
  access(vcpu: number, frame: number): number {
    let node = this.placement[frame] as number;
    if (node === UNPLACED) node = this.touch(vcpu, frame);
    const i = vcpu * this.rowStride + node;
    this.accesses[i] = (this.accesses[i] as number) + 1;
    return this.vcpuCost[i] as number;
  }

  /** Node of a frame, or UNPLACED. */
  nodeOf(frame: number): number {
    return this.placement[frame] as number;
  }

  /** First touch; when no allowed node has room, the access is charged as local and the page stays unplaced. */
  private touch(vcpu: number, frame: number): number {
    const node = this.place(vcpu, frame);
    return node === UNPLACED ? (this.vcpuNodes[vcpu] as number) : node;
  }

  /**
   * Places `frame` by the policy as touched by `vcpu` (idempotent: a placed frame keeps its node).
   * Returns the node, or UNPLACED when every allowed node is full.
   */
  place(vcpu: number, frame: number): number {
    const current = Atomics.load(this.placement, frame);
    if (current !== UNPLACED) return current;
    const p = this.policy;
    const i32 = this.stats.i32;
    const home = this.vcpuNodes[vcpu] as number;
    let key = home;
    if (p.kind === 'interleave') key = p.interleaveNodes[frame % p.interleaveNodes.length] as number;
    const base = key * this.nodeCount;
    const tries = p.orderLength[key] as number;
    let chosen = UNPLACED;
    for (let k = 0; k < tries; k++) {
      const node = p.order[base + k] as number;
      const slot = nodeSlot(node, NodeField.pagesUsed);
      if (Atomics.add(i32, slot, 1) < (this.capacity[node] as number)) {
        chosen = node;
        break;
      }
      Atomics.sub(i32, slot, 1);
    }
    if (chosen === UNPLACED) {
      Atomics.add(i32, vcpuSlot(this.stats, vcpu, VcpuField.allocFailed), 1);
      return UNPLACED;
    }
    const winner = Atomics.compareExchange(this.placement, frame, UNPLACED, chosen);
    if (winner !== UNPLACED) {
      Atomics.sub(i32, nodeSlot(chosen, NodeField.pagesUsed), 1);
      return winner;
    }
    const intended = p.order[base] as number;
    if (chosen === intended) {
      Atomics.add(i32, nodeSlot(chosen, NodeField.numaHit), 1);
      Atomics.add(i32, vcpuSlot(this.stats, vcpu, VcpuField.numaHit), 1);
    } else {
      Atomics.add(i32, nodeSlot(chosen, NodeField.numaMiss), 1);
      Atomics.add(i32, nodeSlot(intended, NodeField.numaForeign), 1);
      Atomics.add(i32, vcpuSlot(this.stats, vcpu, VcpuField.numaMiss), 1);
    }
    if (p.kind === 'interleave' && chosen === key) {
      Atomics.add(i32, nodeSlot(chosen, NodeField.interleaveHit), 1);
      Atomics.add(i32, vcpuSlot(this.stats, vcpu, VcpuField.interleaveHit), 1);
    }
    const local = chosen === home;
    Atomics.add(i32, nodeSlot(chosen, local ? NodeField.localNode : NodeField.otherNode), 1);
    Atomics.add(i32, vcpuSlot(this.stats, vcpu, local ? VcpuField.localNode : VcpuField.otherNode), 1);
    return chosen;
  }

  /**
   * Moves a placed frame from node `from` to node `to` (NUMA balancing): reserves room on `to`, then claims
   * the frame from `from`. False when `to` is full or the frame is no longer on `from`.
   */
  migrate(frame: number, from: number, to: number): boolean {
    const i32 = this.stats.i32;
    const slot = nodeSlot(to, NodeField.pagesUsed);
    if (Atomics.add(i32, slot, 1) >= (this.capacity[to] as number)) {
      Atomics.sub(i32, slot, 1);
      return false;
    }
    if (Atomics.compareExchange(this.placement, frame, from, to) !== from) {
      Atomics.sub(i32, slot, 1);
      return false;
    }
    Atomics.sub(i32, nodeSlot(from, NodeField.pagesUsed), 1);
    return true;
  }
}
