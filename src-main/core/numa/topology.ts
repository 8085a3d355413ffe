/**
 * The host's NUMA topology: what `numactl --hardware` shows. Node ids are array indices (0..n-1), as on the
 * reference server; memory-only nodes (no CPUs) are allowed, as Linux allows them.
 */

export interface NumaNode {
  /** Host CPU numbers on this node, ascending. */
  readonly cpus: readonly number[];
  /** Node memory in MB (numactl's "node N size"). */
  readonly sizeMB: number;
  /** Free memory in MB (numactl's "node N free"); it bounds how much guest memory the node takes. */
  readonly freeMB: number;
}

export interface HostTopology {
  readonly name: string;
  readonly nodes: readonly NumaNode[];
  /** ACPI SLIT distances: distances[i][j], 10 on the diagonal, symmetric. */
  readonly distances: readonly (readonly number[])[];
}

/** Largest node count: node numbers must fit a byte with 0xFF kept as "not placed". */
export const MAX_NODES = 64;
/** The SLIT value for "local". */
export const LOCAL_DISTANCE = 10;

export function nodeCount(t: HostTopology): number {
  return t.nodes.length;
}

export function distance(t: HostTopology, from: number, to: number): number {
  const d = t.distances[from]?.[to];
  if (d === undefined) throw new RangeError(`no distance from node ${from} to node ${to}`);
  return d;
}

/** All host CPU numbers, ascending. */
export function allCpus(t: HostTopology): number[] {
  return t.nodes.flatMap((n) => n.cpus).sort((a, b) => a - b);
}

/** Node of a host CPU, or -1 when the CPU does not exist. */
export function nodeOfCpu(t: HostTopology, cpu: number): number {
  return t.nodes.findIndex((n) => n.cpus.includes(cpu));
}

/**
 * Nodes in the order Linux's zonelist for `from` tries them: nearest first, ties by lower node id
 * (build_zonelists / find_next_best_node; we drop its load-spreading tie-break so results are deterministic).
 */
export function nodesByDistance(t: HostTopology, from: number): number[] {
  const ids = t.nodes.map((_, i) => i);
  return ids.sort((a, b) => distance(t, from, a) - distance(t, from, b) || a - b);
}
