/**
 * NUMA counters in one SharedArrayBuffer, so vCPU workers update them and the main process samples them.
 *
 * Layout (byte offsets; all little-endian host order):
 *   Int32 header, 8 slots:     [0] magic 0x4E554D41 "NUMA", [1] layout version, [2] nodeCount, [3] vcpuCount,
 *                              [4] rowStride (Float64 slots per vCPU row of the access matrix)
 *   Int32 node block:          8 slots per node, at HEADER_SLOTS + node * NODE_SLOTS, fields NodeField
 *   Int32 vCPU block:          8 slots per vCPU, after the node block, fields VcpuField
 *   Float64 access matrix:     8-byte aligned after the vCPU block; accesses[v * rowStride + node] counts the
 *                              accesses vCPU v made to pages on `node`. rowStride is a multiple of 8 so every
 *                              row starts on its own 64-byte cache line (no false sharing between workers).
 *
 * Node and vCPU counters change only when a page is placed (rare): they use Atomics. The access matrix is the
 * hot path: each row has one writer (its vCPU's worker), which increments plainly; readers may see a value a
 * few accesses old, never a torn one on x86-64 (aligned 8-byte stores). Float64 counts stay exact to 2^53.
 *
 * numastat semantics (Linux Documentation/admin-guide/numastat.rst, mm/vmstat.c zone_statistics), counted
 * on the node the page landed on unless said otherwise:
 *   numa_hit       the page landed on the node the policy intended
 *   numa_miss      the page landed here although the policy intended another node
 *   numa_foreign   counted on the intended node: a page meant for it landed elsewhere
 *   interleave_hit interleave policy: the page landed on its interleave target node
 *   local_node     the allocating vCPU runs on this node
 *   other_node     the allocating vCPU runs on another node
 */

export const NUMA_STATS_MAGIC = 0x4e554d41;
export const NUMA_STATS_VERSION = 1;
export const HEADER_SLOTS = 8;
export const NODE_SLOTS = 8;
export const VCPU_SLOTS = 8;

export const NodeField = {
  numaHit: 0,
  numaMiss: 1,
  numaForeign: 2,
  interleaveHit: 3,
  localNode: 4,
  otherNode: 5,
  /** Guest pages placed on the node. */
  pagesUsed: 6,
  /** Guest pages the node can take (its free memory, scaled). */
  capacityPages: 7,
} as const;

export const VcpuField = {
  /** Pages this vCPU placed on its policy's intended node. */
  numaHit: 0,
  /** Pages this vCPU placed elsewhere than intended. */
  numaMiss: 1,
  interleaveHit: 2,
  /** Pages this vCPU placed on its own node. */
  localNode: 3,
  /** Pages this vCPU placed on another node. */
  otherNode: 4,
  /** First touches that found no allowed node with room (Linux would OOM-kill). */
  allocFailed: 5,
  /** The vCPU's node, written at creation. */
  node: 6,
  /** The host CPU the vCPU runs on, written at creation. */
  hostCpu: 7,
} as const;

export interface NumaStats {
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
  readonly nodeCount: number;
  readonly vcpuCount: number;
  readonly rowStride: number;
  /** Header, node block and vCPU block. */
  readonly i32: Int32Array;
  /** The access matrix. */
  readonly accesses: Float64Array;
}

function rowStrideFor(nodeCount: number): number {
  return Math.ceil(nodeCount / 8) * 8;
}

function int32Slots(nodeCount: number, vcpuCount: number): number {
  const slots = HEADER_SLOTS + nodeCount * NODE_SLOTS + vcpuCount * VCPU_SLOTS;
  return slots + (slots & 1); // pad to 8 bytes for the Float64 view
}

export function numaStatsBytes(nodeCount: number, vcpuCount: number): number {
  return int32Slots(nodeCount, vcpuCount) * 4 + vcpuCount * rowStrideFor(nodeCount) * 8;
}

export function nodeSlot(node: number, field: number): number {
  return HEADER_SLOTS + node * NODE_SLOTS + field;
}

export function vcpuSlot(s: Pick<NumaStats, 'nodeCount'>, vcpu: number, field: number): number {
  return HEADER_SLOTS + s.nodeCount * NODE_SLOTS + vcpu * VCPU_SLOTS + field;
}

/**
 * Fresh zeroed counters. Uses a SharedArrayBuffer when the platform has one (Node, workers, cross-origin
 * isolated pages), else a plain ArrayBuffer so single-threaded use still works.
 */
export function createNumaStats(nodeCount: number, vcpuCount: number): NumaStats {
  const bytes = numaStatsBytes(nodeCount, vcpuCount);
  const buffer = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const i32 = new Int32Array(buffer, 0, int32Slots(nodeCount, vcpuCount));
  i32[0] = NUMA_STATS_MAGIC;
  i32[1] = NUMA_STATS_VERSION;
  i32[2] = nodeCount;
  i32[3] = vcpuCount;
  i32[4] = rowStrideFor(nodeCount);
  return attachNumaStats(buffer);
}

/** Views over a buffer made by createNumaStats (e.g. received by a worker). */
export function attachNumaStats(buffer: SharedArrayBuffer | ArrayBuffer): NumaStats {
  const head = new Int32Array(buffer, 0, HEADER_SLOTS);
  if (head[0] !== NUMA_STATS_MAGIC || head[1] !== NUMA_STATS_VERSION) throw new Error('not a NUMA stats buffer (bad magic or version)');
  const nodeCount = head[2] as number;
  const vcpuCount = head[3] as number;
  const rowStride = head[4] as number;
  const slots = int32Slots(nodeCount, vcpuCount);
  return {
    buffer,
    nodeCount,
    vcpuCount,
    rowStride,
    i32: new Int32Array(buffer, 0, slots),
    accesses: new Float64Array(buffer, slots * 4, vcpuCount * rowStride),
  };
}

export interface NodeCounters {
  numa_hit: number;
  numa_miss: number;
  numa_foreign: number;
  interleave_hit: number;
  local_node: number;
  other_node: number;
  pages_used: number;
  capacity_pages: number;
  /** Accesses to pages on this node by vCPUs on this node / on other nodes. */
  accesses_local: number;
  accesses_remote: number;
}

export interface VcpuCounters {
  node: number;
  host_cpu: number;
  numa_hit: number;
  numa_miss: number;
  interleave_hit: number;
  local_node: number;
  other_node: number;
  alloc_failed: number;
  /** Accesses to pages on the vCPU's own node / on other nodes. */
  accesses_local: number;
  accesses_remote: number;
  /** Accesses per page node (index = node). */
  accesses_by_node: number[];
  /** Cycles charged for those accesses, when a cost table was given to the snapshot. */
  access_cycles?: number;
  /** Accesses and cycles grouped by SLIT distance, ascending, when distances were given too. */
  by_distance?: { distance: number; accesses: number; cycles: number }[];
}

export interface NumaStatsSnapshot {
  nodes: NodeCounters[];
  vcpus: VcpuCounters[];
}

/**
 * A plain, JSON-ready copy of the counters. `costTable` (nodeCount × nodeCount cycles, see access-cost.ts)
 * adds each vCPU's access cycles: counts × cost per node pair, exact because the cost of a pair is fixed.
 * `distances` (the topology's matrix) with it adds the breakdown by distance.
 */
export function snapshotNumaStats(s: NumaStats, costTable?: ArrayLike<number>, distances?: readonly (readonly number[])[]): NumaStatsSnapshot {
  const n = s.nodeCount;
  const nodeGet = (node: number, f: number): number => Atomics.load(s.i32, nodeSlot(node, f));
  const vcpuGet = (v: number, f: number): number => Atomics.load(s.i32, vcpuSlot(s, v, f));
  const nodes: NodeCounters[] = [];
  for (let node = 0; node < n; node++) {
    nodes.push({
      numa_hit: nodeGet(node, NodeField.numaHit),
      numa_miss: nodeGet(node, NodeField.numaMiss),
      numa_foreign: nodeGet(node, NodeField.numaForeign),
      interleave_hit: nodeGet(node, NodeField.interleaveHit),
      local_node: nodeGet(node, NodeField.localNode),
      other_node: nodeGet(node, NodeField.otherNode),
      pages_used: nodeGet(node, NodeField.pagesUsed),
      capacity_pages: nodeGet(node, NodeField.capacityPages),
      accesses_local: 0,
      accesses_remote: 0,
    });
  }
  const vcpus: VcpuCounters[] = [];
  for (let v = 0; v < s.vcpuCount; v++) {
    const home = vcpuGet(v, VcpuField.node);
    const byNode = Array.from(s.accesses.subarray(v * s.rowStride, v * s.rowStride + n));
    let local = 0;
    let remote = 0;
    let cycles = 0;
    byNode.forEach((count, node) => {
      const target = nodes[node] as NodeCounters;
      if (node === home) {
        local += count;
        target.accesses_local += count;
      } else {
        remote += count;
        target.accesses_remote += count;
      }
      if (costTable) cycles += count * (costTable[home * n + node] ?? 0);
    });
    const c: VcpuCounters = {
      node: home,
      host_cpu: vcpuGet(v, VcpuField.hostCpu),
      numa_hit: vcpuGet(v, VcpuField.numaHit),
      numa_miss: vcpuGet(v, VcpuField.numaMiss),
      interleave_hit: vcpuGet(v, VcpuField.interleaveHit),
      local_node: vcpuGet(v, VcpuField.localNode),
      other_node: vcpuGet(v, VcpuField.otherNode),
      alloc_failed: vcpuGet(v, VcpuField.allocFailed),
      accesses_local: local,
      accesses_remote: remote,
      accesses_by_node: byNode,
    };
    if (costTable) c.access_cycles = cycles;
    if (costTable && distances) {
      const groups = new Map<number, { distance: number; accesses: number; cycles: number }>();
      byNode.forEach((count, node) => {
        const d = distances[home]?.[node] ?? 0;
        const g = groups.get(d) ?? { distance: d, accesses: 0, cycles: 0 };
        g.accesses += count;
        g.cycles += count * (costTable[home * n + node] ?? 0);
        groups.set(d, g);
      });
      c.by_distance = [...groups.values()].sort((a, b) => a.distance - b.distance);
    }
    vcpus.push(c);
  }
  return { nodes, vcpus };
}
