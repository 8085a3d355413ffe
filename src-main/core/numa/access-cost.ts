/**
 * Cycles per memory access by node distance. ACPI SLIT distances are relative latencies with 10 meaning
 * local, so an access from a vCPU on node i to a page on node j costs localCycles × distance[i][j] / 10
 * (rounded): on rh65 a remote access costs 2.1 × a local one. Precomputed as an n × n typed array so the hot
 * path does one indexed load.
 */
import type { HostTopology } from './topology';

export function buildAccessCostTable(t: HostTopology, localCycles: number): Uint32Array {
  const n = t.nodes.length;
  const table = new Uint32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) table[i * n + j] = Math.round((localCycles * (t.distances[i]?.[j] ?? 10)) / 10);
  }
  return table;
}

/** table[vcpuNode][pageNode]. */
export function accessCost(table: Uint32Array, nodeCount: number, vcpuNode: number, pageNode: number): number {
  return table[vcpuNode * nodeCount + pageNode] as number;
}
