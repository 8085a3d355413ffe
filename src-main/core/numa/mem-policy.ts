/**
 * Guest memory policy, as numactl sets it for the VM process (Linux mempolicy(7)):
 * - local (MPOL_DEFAULT / --localalloc): a page lands on the node of the vCPU that first touches it;
 *   when that node is full, on the nearest node with room.
 * - bind (MPOL_BIND / --membind): only the given nodes; the nearest allowed node to the touching vCPU first,
 *   then the next nearest allowed one; when all are full the allocation fails (Linux would OOM-kill).
 * - interleave (MPOL_INTERLEAVE / --interleave): page n goes to the (n mod k)-th node of the set; when that
 *   node is full, to the node nearest to it (interleave is not strict).
 * - preferred (MPOL_PREFERRED / --preferred): the given node, else the nearest node to it with room.
 */
import { parseCpuList } from './cpu-list';
import { nodesByDistance, type HostTopology } from './topology';

export type MemPolicy =
  | { readonly kind: 'local' }
  | { readonly kind: 'bind'; readonly nodes: readonly number[] }
  | { readonly kind: 'interleave'; readonly nodes: readonly number[] }
  | { readonly kind: 'preferred'; readonly node: number };

export const LOCAL_POLICY: MemPolicy = { kind: 'local' };

export class MemPolicyError extends Error {
  override name = 'MemPolicyError';
}

/** numactl's node list: "0,2", "0-1" or "all". Throws MemPolicyError naming the option. */
export function parseNodeList(text: string, t: HostTopology, option: string): number[] {
  if (text.trim() === 'all') return t.nodes.map((_, i) => i);
  const list = parseCpuList(text);
  if (!list.ok) throw new MemPolicyError(`${option} "${text}": ${list.error}`);
  const bad = list.values.find((n) => n >= t.nodes.length);
  if (bad !== undefined) {
    throw new MemPolicyError(`${option} "${text}": node ${bad} does not exist (topology ${t.name} has nodes 0-${t.nodes.length - 1})`);
  }
  return list.values;
}

export interface MemPolicyOptions {
  readonly membind?: string;
  readonly interleave?: string;
  readonly preferred?: string;
  readonly localalloc?: boolean;
}

/** The CLI's policy options to a policy; at most one may be given (as numactl: "Conflicting policies"). */
export function memPolicyFromOptions(o: MemPolicyOptions, t: HostTopology): MemPolicy {
  const given = [o.membind !== undefined && '--membind', o.interleave !== undefined && '--interleave', o.preferred !== undefined && '--preferred', o.localalloc && '--localalloc'].filter(Boolean);
  if (given.length > 1) throw new MemPolicyError(`conflicting memory policies: ${given.join(', ')} (give at most one)`);
  if (o.membind !== undefined) return { kind: 'bind', nodes: parseNodeList(o.membind, t, '--membind') };
  if (o.interleave !== undefined) return { kind: 'interleave', nodes: parseNodeList(o.interleave, t, '--interleave') };
  if (o.preferred !== undefined) {
    const nodes = parseNodeList(o.preferred, t, '--preferred');
    if (nodes.length !== 1) throw new MemPolicyError(`--preferred "${o.preferred}": give exactly one node`);
    return { kind: 'preferred', node: nodes[0] as number };
  }
  return LOCAL_POLICY;
}

/** Nodes a policy may ever place a page on (for property checks and the UI). */
export function allowedNodes(p: MemPolicy, t: HostTopology): number[] {
  return p.kind === 'bind' ? [...p.nodes] : t.nodes.map((_, i) => i);
}

/**
 * The policy compiled for the placement slow path. `order` holds, for each key node, the nodes to try in
 * turn (row of `nodeCount` entries, `orderLength[key]` of them used). The key is the touching vCPU's node,
 * except for interleave, where it is the page's interleave target. The first node tried is the intended one
 * (what numastat's hit/miss/foreign compare against).
 */
export interface CompiledPolicy {
  readonly kind: MemPolicy['kind'];
  readonly nodeCount: number;
  readonly order: Uint8Array;
  readonly orderLength: Uint8Array;
  /** Interleave set (empty otherwise). */
  readonly interleaveNodes: Uint8Array;
}

export function compilePolicy(p: MemPolicy, t: HostTopology): CompiledPolicy {
  const n = t.nodes.length;
  const order = new Uint8Array(n * n);
  const orderLength = new Uint8Array(n);
  for (let key = 0; key < n; key++) {
    let row: number[];
    switch (p.kind) {
      case 'local':
      case 'interleave':
        row = nodesByDistance(t, key);
        break;
      case 'preferred':
        row = nodesByDistance(t, p.node);
        break;
      case 'bind':
        row = nodesByDistance(t, key).filter((m) => p.nodes.includes(m));
        break;
    }
    order.set(row, key * n);
    orderLength[key] = row.length;
  }
  return { kind: p.kind, nodeCount: n, order, orderLength, interleaveNodes: Uint8Array.from(p.kind === 'interleave' ? p.nodes : []) };
}

export function describePolicy(p: MemPolicy): string {
  switch (p.kind) {
    case 'local':
      return 'local (first touch)';
    case 'bind':
      return `bind ${p.nodes.join(',')}`;
    case 'interleave':
      return `interleave ${p.nodes.join(',')}`;
    case 'preferred':
      return `preferred ${p.node}`;
  }
}
