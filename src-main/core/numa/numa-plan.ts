/**
 * One call from run options to everything the NUMA model needs: topology (preset or JSON), vCPU placement,
 * memory policy and the NumaSetup every worker builds its NumaMemory from. The core reads no files: the
 * caller passes a `readText` for `--topology FILE`.
 */
import { memPolicyFromOptions, type MemPolicy, type MemPolicyOptions } from './mem-policy';
import { PAGE_SHIFT, type NumaSetup } from './numa-memory';
import { TOPOLOGY_PRESETS, topologyPreset } from './presets';
import { parseTopology, TopologyError } from './topology-schema';
import type { HostTopology } from './topology';
import { parseVcpuPin, placeVcpus, type VcpuPlacement } from './vcpu-pin';

/** `--topology PRESET|FILE`: a preset name, else a JSON file read through `readText`. */
export function resolveTopology(spec: string, readText: (path: string) => string): HostTopology {
  const preset = topologyPreset(spec);
  if (preset) return preset;
  let text: string;
  try {
    text = readText(spec);
  } catch (e) {
    throw new TopologyError([
      { path: '', message: `--topology "${spec}": not a preset (${Object.keys(TOPOLOGY_PRESETS).join(', ')}) nor a readable file (${(e as Error).message})` },
    ]);
  }
  const base = spec.split(/[\\/]/).at(-1)?.replace(/\.json$/i, '') ?? spec;
  try {
    return parseTopology(text, base);
  } catch (e) {
    if (e instanceof TopologyError) throw new TopologyError(e.issues.map((i) => ({ path: i.path, message: `${i.message} (in ${spec})` })));
    throw e;
  }
}

export interface NumaPlanOptions {
  readonly topology: HostTopology;
  readonly vcpus: number;
  /** `--vcpupin` text, if given. */
  readonly vcpupin?: string;
  readonly policy?: MemPolicyOptions;
  /** Guest RAM size in bytes. */
  readonly guestBytes: number;
  /** The cost preset's MemoryLocal. */
  readonly localAccessCycles: number;
  readonly capacityScale?: number;
}

export interface NumaPlan {
  readonly topology: HostTopology;
  readonly placement: VcpuPlacement;
  readonly policy: MemPolicy;
  /** Structured-clonable: send it to every vCPU worker with the NumaShared buffers. */
  readonly setup: NumaSetup;
}

/** Throws VcpuPinError or MemPolicyError with a message for the user. */
export function planNuma(o: NumaPlanOptions): NumaPlan {
  const pins = o.vcpupin === undefined ? new Map<number, number[]>() : parseVcpuPin(o.vcpupin, o.vcpus, o.topology);
  const placement = placeVcpus(o.topology, o.vcpus, pins);
  const policy = memPolicyFromOptions(o.policy ?? {}, o.topology);
  const setup: NumaSetup = {
    topology: o.topology,
    policy,
    vcpuNodes: placement.nodeOf,
    vcpuCpus: placement.cpuOf,
    guestFrames: Math.ceil(o.guestBytes / (1 << PAGE_SHIFT)),
    localAccessCycles: o.localAccessCycles,
    ...(o.capacityScale === undefined ? {} : { capacityScale: o.capacityScale }),
  };
  return { topology: o.topology, placement, policy, setup };
}
