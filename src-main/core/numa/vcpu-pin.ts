/**
 * vCPU → host CPU → node, as libvirt's <vcpupin> sets it (`--vcpupin 0:0,1:6`).
 *
 * Syntax: entries `V:CPUSET` separated by `,` or `;`, where CPUSET is a Linux cpu list. Because cpu lists
 * also use commas, an item without a colon continues the previous entry's set: `0:0-5,12-17,1:6` pins
 * vCPU 0 to 0-5,12-17 and vCPU 1 to 6.
 *
 * A vCPU pinned to a set runs, in this model, on one CPU of that set: the first one no other vCPU already
 * runs on (else the set's first CPU). Unpinned vCPUs are placed by the "spread" rule (see spreadPlacement).
 */
import { formatCpuList, parseCpuList } from './cpu-list';
import { allCpus, nodeOfCpu, type HostTopology } from './topology';

export interface VcpuPlacement {
  /** Host CPU each vCPU runs on. */
  readonly cpuOf: readonly number[];
  /** Node of that CPU. */
  readonly nodeOf: readonly number[];
  /** The CPUs each vCPU may run on (its Cpus_allowed_list); all CPUs when unpinned. */
  readonly allowed: readonly (readonly number[])[];
  /** Which vCPUs were pinned explicitly. */
  readonly pinned: readonly boolean[];
}

export class VcpuPinError extends Error {
  override name = 'VcpuPinError';
}

/** Parses `--vcpupin` into vCPU → allowed CPU set. Throws VcpuPinError naming the bad entry. */
export function parseVcpuPin(text: string, vcpus: number, t: HostTopology): Map<number, number[]> {
  const pins = new Map<number, number[]>();
  const hostCpus = new Set(allCpus(t));
  const entries: { vcpu: string; set: string[] }[] = [];
  for (const rawItem of text.split(/[,;]/)) {
    const item = rawItem.trim();
    if (item === '') throw new VcpuPinError(`--vcpupin "${text}": empty entry`);
    const colon = item.indexOf(':');
    if (colon < 0) {
      const last = entries.at(-1);
      if (!last) throw new VcpuPinError(`--vcpupin "${item}": expected V:CPU (vCPU number, colon, host CPUs)`);
      last.set.push(item);
    } else entries.push({ vcpu: item.slice(0, colon).trim(), set: [item.slice(colon + 1).trim()] });
  }
  for (const { vcpu: v, set } of entries) {
    const label = `--vcpupin "${v}:${set.join(',')}"`;
    if (!/^\d+$/.test(v)) throw new VcpuPinError(`${label}: "${v}" is not a vCPU number`);
    const vcpu = Number(v);
    if (vcpu >= vcpus) throw new VcpuPinError(`${label}: vCPU ${vcpu} does not exist (the VM has ${vcpus === 1 ? '1 vCPU: 0' : `${vcpus} vCPUs: 0-${vcpus - 1}`})`);
    if (pins.has(vcpu)) throw new VcpuPinError(`${label}: vCPU ${vcpu} is pinned twice`);
    const list = parseCpuList(set.join(','));
    if (!list.ok) throw new VcpuPinError(`${label}: ${list.error}`);
    const missing = list.values.find((c) => !hostCpus.has(c));
    if (missing !== undefined) {
      throw new VcpuPinError(`${label}: host CPU ${missing} does not exist (topology ${t.name} has CPUs ${describeCpus(t)})`);
    }
    pins.set(vcpu, list.values);
  }
  return pins;
}

function describeCpus(t: HostTopology): string {
  const cpus = allCpus(t);
  return cpus.length === 0 ? 'none' : `${cpus[0]}-${cpus.at(-1)}`;
}

/**
 * The default, "spread by the scheduler": Linux's load balancer moves runnable threads to idle CPUs, and at
 * the NUMA sched-domain level it balances load between nodes first. Deterministic version of that: vCPU v
 * goes to node (v mod nodes-with-CPUs), on that node's lowest CPU not yet taken; when every CPU of the node is
 * taken, counting restarts (vCPUs share CPUs). On rh65: vCPU0→CPU0 (node 0), vCPU1→CPU6 (node 1), vCPU2→CPU1...
 */
export function placeVcpus(t: HostTopology, vcpus: number, pins: ReadonlyMap<number, readonly number[]> = new Map()): VcpuPlacement {
  const cpuNodes = t.nodes.map((n, i) => ({ node: i, cpus: n.cpus })).filter((n) => n.cpus.length > 0);
  const everyCpu = allCpus(t);
  const taken = new Map<number, number>(); // CPU → how many vCPUs run there
  const cpuOf: number[] = [];
  const allowed: number[][] = [];
  const pinned: boolean[] = [];
  // Pinned vCPUs first, so that the spread rule avoids the CPUs they took.
  for (let v = 0; v < vcpus; v++) {
    const set = pins.get(v);
    if (!set || set.length === 0) continue;
    const cpu = leastTaken(set, taken);
    cpuOf[v] = cpu;
    taken.set(cpu, (taken.get(cpu) ?? 0) + 1);
    allowed[v] = [...set];
    pinned[v] = true;
  }
  let spreadIndex = 0;
  for (let v = 0; v < vcpus; v++) {
    if (pinned[v]) continue;
    const home = cpuNodes[spreadIndex++ % cpuNodes.length];
    if (!home) throw new VcpuPinError(`topology ${t.name} has no CPU to run vCPU ${v} on`);
    const cpu = leastTaken(home.cpus, taken);
    cpuOf[v] = cpu;
    taken.set(cpu, (taken.get(cpu) ?? 0) + 1);
    allowed[v] = everyCpu;
    pinned[v] = false;
  }
  return { cpuOf, nodeOf: cpuOf.map((c) => nodeOfCpu(t, c)), allowed, pinned };
}

/** The lowest CPU of `set` with the fewest vCPUs on it. */
function leastTaken(set: readonly number[], taken: ReadonlyMap<number, number>): number {
  let best = set[0] as number;
  let bestLoad = Infinity;
  for (const cpu of set) {
    const load = taken.get(cpu) ?? 0;
    if (load < bestLoad) {
      best = cpu;
      bestLoad = load;
    }
  }
  return best;
}

/** One line per vCPU for the CLI and UI: `vCPU 0: host CPU 0 (node 0), Cpus_allowed_list 0-23 (spread)`. */
export function describeVcpuPlacement(p: VcpuPlacement): string[] {
  return p.cpuOf.map(
    (cpu, v) => `vCPU ${v}: host CPU ${cpu} (node ${p.nodeOf[v]}), Cpus_allowed_list ${formatCpuList(p.allowed[v] ?? [])} (${p.pinned[v] ? 'pinned' : 'spread'})`,
  );
}
