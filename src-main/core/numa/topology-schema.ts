/**
 * Custom host topologies from JSON. Shape (node ids are array positions):
 *
 *   { "name": "lab", "nodes": [ { "cpus": "0-3", "sizeMB": 8192, "freeMB": 6000 }, ... ],
 *     "distances": [[10, 21], [21, 10]] }
 *
 * `cpus` is an array of CPU numbers or a Linux cpu list string. Errors name the field, e.g.
 * `nodes[1].cpus[3]: CPU 7 is already in node 0`.
 */
import { z } from 'zod';
import { parseCpuList } from './cpu-list';
import { LOCAL_DISTANCE, MAX_NODES, type HostTopology } from './topology';

export interface TopologyIssue {
  /** Field path in the JSON, e.g. `nodes[1].cpus[3]`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

export class TopologyError extends Error {
  constructor(readonly issues: readonly TopologyIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n'));
    this.name = 'TopologyError';
  }
}

const MAX_CPU = 4095;

const nodeSchema = z.strictObject({
  cpus: z.union([z.array(z.number().int().min(0).max(MAX_CPU)), z.string()]),
  sizeMB: z.number().int().positive(),
  freeMB: z.number().int().min(0),
});

const topologySchema = z.strictObject({
  name: z.string().min(1).max(64).optional(),
  nodes: z.array(nodeSchema).min(1).max(MAX_NODES),
  distances: z.array(z.array(z.number().int())),
});

/** zod's path (["nodes", 1, "cpus", 3]) as `nodes[1].cpus[3]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Validates parsed JSON (or JSON text) and returns the topology, or throws a TopologyError listing every
 * problem found. `fallbackName` names a topology whose JSON has no `name`.
 */
export function parseTopology(input: unknown, fallbackName = 'custom'): HostTopology {
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (e) {
      throw new TopologyError([{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
    }
  }
  const parsed = topologySchema.safeParse(data);
  if (!parsed.success) {
    throw new TopologyError(parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
  }
  const issues: TopologyIssue[] = [];
  const raw = parsed.data;
  const owner = new Map<number, number>();
  const nodes = raw.nodes.map((node, n) => {
    let cpus: number[];
    if (typeof node.cpus === 'string') {
      const list = parseCpuList(node.cpus);
      if (!list.ok) {
        issues.push({ path: `nodes[${n}].cpus`, message: list.error });
        cpus = [];
      } else cpus = list.values;
    } else cpus = node.cpus;
    cpus.forEach((cpu, i) => {
      const at = typeof node.cpus === 'string' ? `nodes[${n}].cpus` : `nodes[${n}].cpus[${i}]`;
      const prev = owner.get(cpu);
      if (prev === n) issues.push({ path: at, message: `CPU ${cpu} is listed twice` });
      else if (prev !== undefined) issues.push({ path: at, message: `CPU ${cpu} is already in node ${prev}` });
      else owner.set(cpu, n);
    });
    if (node.freeMB > node.sizeMB) {
      issues.push({ path: `nodes[${n}].freeMB`, message: `free memory ${node.freeMB} MB exceeds size ${node.sizeMB} MB` });
    }
    return { cpus: [...new Set(cpus)].sort((a, b) => a - b), sizeMB: node.sizeMB, freeMB: node.freeMB };
  });
  if (owner.size === 0 && issues.length === 0) issues.push({ path: 'nodes', message: 'no node has a CPU' });
  checkDistances(raw.distances, nodes.length, issues);
  if (issues.length > 0) throw new TopologyError(issues);
  return { name: raw.name ?? fallbackName, nodes, distances: raw.distances };
}

/** ACPI SLIT rules: n×n, 10 on the diagonal, 11–254 elsewhere (255 = unreachable is not modelled), symmetric. */
function checkDistances(d: number[][], n: number, issues: TopologyIssue[]): void {
  if (d.length !== n || d.some((row) => row.length !== n)) {
    issues.push({ path: 'distances', message: `matrix must be ${n}×${n} (one row and column per node)` });
    return;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = d[i]?.[j] as number;
      const at = `distances[${i}][${j}]`;
      if (i === j) {
        if (v !== LOCAL_DISTANCE) issues.push({ path: at, message: `must be ${LOCAL_DISTANCE}` });
      } else if (v <= LOCAL_DISTANCE || v > 254) {
        issues.push({ path: at, message: `must be between 11 and 254 (a remote node is farther than local)` });
      } else if (j > i && d[j]?.[i] !== v) {
        issues.push({ path: at, message: `must equal distances[${j}][${i}] (${d[j]?.[i]}): the matrix must be symmetric` });
      }
    }
  }
}
