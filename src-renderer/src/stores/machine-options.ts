import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { z } from 'zod';
import { MachineOptionsShape, type ApiInput, type MachineCapabilities, type MemoryPolicy } from '@core/api/contract';
import { parseTopology, placeVcpus, topologyPreset, type HostTopology, type VcpuPlacement } from '@core/numa';
import { call } from '@/api/backend';

export type Mode = 'native' | 'trap' | 'bt' | 'pv' | 'vtx';
export type TopologyPreset = 'smp4' | 'rh65' | 'numa4';
export type PolicyKind = MemoryPolicy['kind'];
export const MAX_VCPUS = 16;
/**
 * The lab's default host: the 2-node reference server, so the NUMA views mean something from the first run
 * (the CLI's default stays the 1-node smp4, as machine.md documents).
 */
export const DEFAULT_TOPOLOGY: TopologyPreset = 'rh65';
export const STORAGE_KEY = 'virtlab.machineOptions';

export interface TopologyFile {
  readonly name: string;
  readonly json: string;
  readonly source: 'picked' | 'workspace';
}
/** A workspace `*.json` file as a host topology: json null when it is too large to be one. */
export interface WorkspaceTopology {
  readonly path: string;
  readonly json: string | null;
  /** Why it is not a valid topology (each problem with its field, e.g. "nodes[0].cpus: …"), or null. */
  readonly problem: string | null;
}

/** Why `json` is not a valid host topology (the schema's problems, with their fields), or null. */
export function topologyProblem(json: string): string | null {
  try {
    parseTopology(json);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** What is remembered across reloads; each field is checked on the way back (a bad one falls back alone). */
const StoredSchema = z.object({
  mode: MachineOptionsShape.mode,
  vcpus: MachineOptionsShape.vcpus,
  apStart: z.enum(['all', 'sipi']).default('all'),
  topology: MachineOptionsShape.topology.default(DEFAULT_TOPOLOGY),
  topologyFile: z.object({ name: z.string().max(260), json: z.string().max(100_000), source: z.enum(['picked', 'workspace']).default('picked') }).nullable().default(null),
  vcpuPin: MachineOptionsShape.vcpuPin,
  memoryPolicy: MachineOptionsShape.memoryPolicy,
  cost: MachineOptionsShape.cost,
  deterministic: MachineOptionsShape.deterministic,
  numaBalancing: MachineOptionsShape.numaBalancing,
  ept: z.boolean().default(true),
  vpid: z.boolean().default(true),
  eptLargePages: z.boolean().default(false),
});
type Stored = z.infer<typeof StoredSchema>;

function load(): Stored {
  const defaults = StoredSchema.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    return defaults;
  }
  if (raw === null || typeof raw !== 'object') return defaults;
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, field] of Object.entries(StoredSchema.shape)) {
    const parsed = (field as z.ZodType).safeParse((raw as Record<string, unknown>)[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Stored;
}

/**
 * The machine the next run gets, as the Machine panel sets it: vCPUs, mode, how the APs start, the host topology
 * (a preset or a file's JSON) with each vCPU's pinning, the memory policy, the cost preset, deterministic mode,
 * NUMA balancing and VT-x's memory options. Remembered in localStorage. The backend's capabilities (which modes
 * can run this machine, and why not) are fetched on request (`refreshCapabilities`).
 */
export const useMachineOptionsStore = defineStore('machineOptions', () => {
  const saved = load();
  const mode = ref<Mode>(saved.mode);
  const vcpus = ref(saved.vcpus);
  /** How the APs start (machine.start's apStart): at the entry point, or by INIT-SIPI-SIPI from the BSP. */
  const apStart = ref<'all' | 'sipi'>(saved.apStart);
  const topologyPresetName = ref<TopologyPreset>(saved.topology);
  /**
   * A topology file the student chose (its name and JSON; from the file picker, or a workspace file named by its
   * path), used instead of the preset; null: the preset.
   */
  const topologyFile = ref<TopologyFile | null>(saved.topologyFile);
  /** The workspace's `*.json` files, each checked against the topology schema (core/numa/topology-schema.ts). */
  const workspaceTopologies = shallowRef<readonly WorkspaceTopology[]>([]);
  /** Host CPU per vCPU id; null: placed by the spread rule. */
  const vcpuPin = ref<(number | null)[]>(saved.vcpuPin);
  const memoryPolicy = ref<MemoryPolicy>(saved.memoryPolicy);
  const cost = ref(saved.cost);
  const deterministic = ref(saved.deterministic);
  const numaBalancing = ref(saved.numaBalancing);
  const ept = ref(saved.ept);
  const vpid = ref(saved.vpid);
  const eptLargePages = ref(saved.eptLargePages);
  const capabilities = shallowRef<MachineCapabilities | null>(null);
  /** Why the chosen topology file cannot be used (its JSON is not a valid topology, each problem with its field), else null. */
  const topologyError = computed(() => (topologyFile.value ? topologyProblem(topologyFile.value.json) : null));

  const topology = computed<HostTopology>(() => {
    if (topologyFile.value && topologyError.value === null) return parseTopology(topologyFile.value.json, topologyFile.value.name.replace(/\.json$/i, ''));
    return topologyPreset(topologyPresetName.value)!;
  });
  const hostCpus = computed(() => topology.value.nodes.flatMap((n) => n.cpus).sort((a, b) => a - b));

  /** Where each vCPU runs: its pinned CPU, the others spread over the nodes (as the backend places them). */
  const placement = computed<VcpuPlacement>(() => {
    const pins = new Map<number, number[]>();
    for (let v = 0; v < vcpus.value; v++) {
      const cpu = vcpuPin.value[v];
      if (cpu !== null && cpu !== undefined) pins.set(v, [cpu]);
    }
    return placeVcpus(topology.value, vcpus.value, pins);
  });

  // A topology without the pinned CPUs or the policy's nodes drops them.
  watch(topology, (t) => {
    const cpus = new Set(t.nodes.flatMap((n) => n.cpus));
    if (vcpuPin.value.some((c) => c !== null && !cpus.has(c))) vcpuPin.value = vcpuPin.value.map((c) => (c !== null && cpus.has(c) ? c : null));
    const p = memoryPolicy.value;
    const n = t.nodes.length;
    if (p.kind === 'preferred' && p.node >= n) memoryPolicy.value = { kind: 'preferred', node: 0 };
    if ((p.kind === 'bind' || p.kind === 'interleave') && p.nodes.some((x) => x >= n)) {
      const nodes = p.nodes.filter((x) => x < n);
      memoryPolicy.value = { kind: p.kind, nodes: nodes.length > 0 ? nodes : [0] };
    }
  });

  function pin(vcpu: number, cpu: number | null): void {
    const next = [...vcpuPin.value];
    while (next.length <= vcpu) next.push(null);
    next[vcpu] = cpu;
    while (next.length > 0 && next.at(-1) === null) next.pop();
    vcpuPin.value = next;
  }

  function setPolicyKind(kind: PolicyKind): void {
    const current = memoryPolicy.value;
    const nodes = current.kind === 'bind' || current.kind === 'interleave' ? current.nodes : current.kind === 'preferred' ? [current.node] : [0];
    if (kind === 'local') memoryPolicy.value = { kind };
    else if (kind === 'preferred') memoryPolicy.value = { kind, node: nodes[0] ?? 0 };
    else memoryPolicy.value = { kind, nodes: kind === 'interleave' && current.kind === 'local' ? topology.value.nodes.map((_, i) => i) : [...nodes] };
  }

  /** Adds or removes a node of a bind or interleave policy (one node always stays). */
  function toggleNode(node: number): void {
    const p = memoryPolicy.value;
    if (p.kind !== 'bind' && p.kind !== 'interleave') return;
    const nodes = p.nodes.includes(node) ? p.nodes.filter((n) => n !== node) : [...p.nodes, node].sort((a, b) => a - b);
    if (nodes.length > 0) memoryPolicy.value = { kind: p.kind, nodes };
  }

  function useTopologyFile(name: string, json: string): void {
    topologyFile.value = { name, json, source: 'picked' };
  }

  /** Lists the workspace's topology files anew (they may have been added or edited since). */
  async function refreshWorkspaceTopologies(): Promise<void> {
    const { files } = await call('workspace.topologies', {});
    workspaceTopologies.value = files.map((f) => ({
      path: f.path,
      json: f.text,
      problem: f.text === null ? null : topologyProblem(f.text),
    }));
    // The chosen workspace file changed on disk: use what it says now.
    const chosen = topologyFile.value;
    const now = chosen?.source === 'workspace' ? files.find((f) => f.path === chosen.name) : undefined;
    if (chosen && now?.text != null && now.text !== chosen.json) topologyFile.value = { ...chosen, json: now.text };
  }

  /** Uses the workspace's topology file at `path` (listed by refreshWorkspaceTopologies); false if it cannot be read. */
  function useWorkspaceTopology(path: string): boolean {
    const file = workspaceTopologies.value.find((f) => f.path === path);
    if (!file || file.json === null) return false;
    topologyFile.value = { name: path, json: file.json, source: 'workspace' };
    return true;
  }

  function usePreset(name: TopologyPreset): void {
    topologyFile.value = null;
    topologyPresetName.value = name;
  }

  /** machine.start's machine fields for the options as they are now. */
  const startOptions = computed(() => {
    const pins = vcpuPin.value.slice(0, vcpus.value);
    return {
      vcpus: vcpus.value,
      mode: mode.value,
      apStart: apStart.value,
      topology: topologyPresetName.value,
      ...(topologyFile.value && topologyError.value === null ? { topologyJson: topologyFile.value.json } : {}),
      vcpuPin: pins,
      memoryPolicy: memoryPolicy.value,
      cost: cost.value,
      deterministic: deterministic.value,
      numaBalancing: numaBalancing.value,
      ...(mode.value === 'vtx' ? { ept: ept.value, vpid: vpid.value, ...(ept.value ? { eptLargePages: eptLargePages.value } : {}) } : {}),
    } satisfies Partial<ApiInput<'machine.start'>>;
  });

  /** Why `m` cannot run the machine as set (the backend's words, by code), or null. */
  function unavailable(m: Mode): { code: string; text: string } | null {
    return capabilities.value?.modes.find((x) => x.mode === m)?.unavailable ?? null;
  }

  let asked = 0;
  /** Asks the backend which modes can run the machine as set now (the latest answer wins). */
  async function refreshCapabilities(): Promise<void> {
    const ticket = ++asked;
    // VT-x's options as the next vtx run would send them (the other modes ignore them).
    const caps = await call('machine.capabilities', { vcpus: vcpus.value, apStart: apStart.value, ept: ept.value, vpid: vpid.value, eptLargePages: ept.value && eptLargePages.value });
    if (ticket === asked) capabilities.value = caps;
  }

  const stored = computed<Stored>(() => ({
    mode: mode.value,
    vcpus: vcpus.value,
    apStart: apStart.value,
    topology: topologyPresetName.value,
    topologyFile: topologyFile.value,
    vcpuPin: vcpuPin.value,
    memoryPolicy: memoryPolicy.value,
    cost: cost.value,
    deterministic: deterministic.value,
    numaBalancing: numaBalancing.value,
    ept: ept.value,
    vpid: vpid.value,
    eptLargePages: eptLargePages.value,
  }));
  watch(stored, (value) => {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(value));
    } catch {
      // storage full or disabled: the options last for this page only
    }
  });

  return {
    mode, vcpus, apStart, topologyPresetName, topologyFile, topologyError, vcpuPin, memoryPolicy, cost, deterministic, numaBalancing, ept, vpid, eptLargePages,
    capabilities, topology, hostCpus, placement, startOptions,
    workspaceTopologies,
    pin, setPolicyKind, toggleNode, useTopologyFile, useWorkspaceTopology, refreshWorkspaceTopologies, usePreset, unavailable, refreshCapabilities,
  };
});
