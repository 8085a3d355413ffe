/**
 * From the Machine panel's options (machine.start's fields beyond the program) to a VmConfig, checked against
 * each other and the host topology: what the schema cannot check. A bad value gives one message that names the
 * field as the contract does (`vcpuPin[1]`, `memoryPolicy.nodes[0]`), in words rather than CLI syntax.
 */
import type { ApiOutput, ApiParsedInput } from '../core/api/contract';
import { COST_PRESETS } from '../core/cost';
import { allCpus, formatCpuList, parseTopology, TOPOLOGY_PRESETS, TopologyError, topologyPreset, type HostTopology } from '../core/numa';
import { MODES, modeUnavailable } from '../core/vmm/mode-availability';
import { VTX_HARDWARE } from '../core/vmm/vtx/vtx-options';
import type { VmConfig } from '../engine/vm-config';
import { uiText, type LocalizedText, type UiText } from '../core/api/ui-text';

type StartInput = ApiParsedInput<'machine.start'>;
export type MachineOptionsConfig = Pick<VmConfig, 'vcpus' | 'mode' | 'topology' | 'vcpupin' | 'policy' | 'cost' | 'deterministic' | 'numaBalancing' | 'apStart' | 'ept' | 'vpid' | 'eptLargePages'>;

/** A machine option the backend refuses, naming the field; `ui` is its message for the UI to translate. */
export class MachineOptionError extends Error {
  override name = 'MachineOptionError';
  readonly ui: UiText | undefined;
  constructor(message: string | LocalizedText) {
    super(typeof message === 'string' ? message : message.text);
    this.ui = typeof message === 'string' ? undefined : message.ui;
  }
}

/** The UI's name of a mode (a key of its own catalogue, hence absolute). */
const modeName = (mode: (typeof MODES)[number]): UiText => ({ key: `/modes.${mode}` });

const MODE_NAMES: Record<(typeof MODES)[number], string> = {
  native: 'native', trap: 'trap-and-emulate', bt: 'binary translation', pv: 'paravirtualization', vtx: 'VT-x',
};

/** The topology the input names: its JSON when given, else the preset. */
export function inputTopology(input: Pick<StartInput, 'topology' | 'topologyJson'>): HostTopology {
  if (input.topologyJson === undefined) return topologyPreset(input.topology)!;
  try {
    return parseTopology(input.topologyJson, 'custom');
  } catch (e) {
    if (e instanceof TopologyError) {
      const issues = e.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`);
      throw new MachineOptionError(uiText('options.topology', { issues: issues.join('; ') }, issues.map((i) => `topologyJson: ${i}`).join('\n')));
    }
    throw e;
  }
}

/** The VmConfig fields of machine.start's options; throws MachineOptionError naming the bad field. */
export function machineOptionsConfig(input: StartInput): MachineOptionsConfig {
  const unavailable = modeUnavailable(input);
  if (unavailable !== null) {
    throw new MachineOptionError(uiText('options.modeUnavailable', { mode: modeName(input.mode), reason: { key: `/machine.reason.${unavailable.code}` } },
      `mode: the ${MODE_NAMES[input.mode]} mode cannot run this machine. ${unavailable.plain}`));
  }
  if (input.mode !== 'vtx') {
    for (const field of ['ept', 'vpid', 'eptLargePages'] as const) {
      if (input[field] !== undefined) {
        throw new MachineOptionError(uiText('options.vtxOnly', { field, mode: modeName(input.mode) }, `${field}: applies to the VT-x mode only (this run is ${MODE_NAMES[input.mode]})`));
      }
    }
  }
  const topology = inputTopology(input);
  const nodes = topology.nodes.length;
  const nodeRange = nodes === 1 ? 'node 0' : `nodes 0-${nodes - 1}`;
  const checkNode = (node: number, field: string): void => {
    if (node >= nodes) {
      throw new MachineOptionError(uiText('options.noNode', { field, node, topology: topology.name, last: nodes - 1 }, `${field}: node ${node} is not in topology ${topology.name} (it has ${nodeRange})`));
    }
  };

  const cpus = new Set(allCpus(topology));
  const pins: string[] = [];
  input.vcpuPin.forEach((cpu, vcpu) => {
    if (cpu === null) return;
    if (vcpu >= input.vcpus) {
      throw new MachineOptionError(uiText('options.noVcpu', { vcpu, vcpus: input.vcpus },
        `vcpuPin[${vcpu}]: vCPU ${vcpu} does not exist (the machine has ${input.vcpus} vCPU${input.vcpus === 1 ? '' : 's'})`));
    }
    if (!cpus.has(cpu)) {
      const list = formatCpuList([...cpus]);
      throw new MachineOptionError(uiText('options.noCpu', { vcpu, cpu, topology: topology.name, cpus: list },
        `vcpuPin[${vcpu}]: host CPU ${cpu} is not in topology ${topology.name} (its CPUs are ${list})`));
    }
    pins.push(`${vcpu}:${cpu}`);
  });

  const p = input.memoryPolicy;
  let policy: VmConfig['policy'];
  if (p.kind === 'preferred') {
    checkNode(p.node, 'memoryPolicy.node');
    policy = { preferred: String(p.node) };
  } else if (p.kind === 'bind' || p.kind === 'interleave') {
    p.nodes.forEach((n, i) => checkNode(n, `memoryPolicy.nodes[${i}]`));
    if (new Set(p.nodes).size !== p.nodes.length) throw new MachineOptionError(uiText('options.nodeTwice', {}, 'memoryPolicy.nodes: a node is listed twice'));
    policy = p.kind === 'bind' ? { membind: p.nodes.join(',') } : { interleave: p.nodes.join(',') };
  } else policy = { localalloc: true };

  if (input.eptLargePages === true && input.ept === false) throw new MachineOptionError(uiText('options.largePagesNeedEpt', {}, 'eptLargePages: 2 MiB EPT pages need EPT, and ept is off'));

  return {
    vcpus: input.vcpus,
    mode: input.mode,
    topology,
    ...(pins.length > 0 ? { vcpupin: pins.join(',') } : {}),
    policy,
    cost: input.cost,
    deterministic: input.deterministic,
    numaBalancing: input.numaBalancing,
    apStart: input.apStart,
    ...(input.ept === undefined ? {} : { ept: input.ept }),
    ...(input.vpid === undefined ? {} : { vpid: input.vpid }),
    ...(input.eptLargePages === undefined ? {} : { eptLargePages: input.eptLargePages }),
  };
}

/** machine.capabilities: every mode with why it cannot run such a machine, the presets and the VMX features. */
export function machineCapabilities(input: ApiParsedInput<'machine.capabilities'>): ApiOutput<'machine.capabilities'> {
  return {
    modes: MODES.map((mode) => {
      const why = modeUnavailable({ ...input, mode });
      return { mode, unavailable: why === null ? null : { code: why.code, text: why.plain } };
    }),
    costPresets: Object.values(COST_PRESETS).map((c) => ({ name: c.name, description: c.description })),
    topologies: Object.keys(TOPOLOGY_PRESETS) as ApiOutput<'machine.capabilities'>['topologies'],
    vtx: { ...VTX_HARDWARE },
  };
}
