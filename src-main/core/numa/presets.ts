/** Built-in host topologies. */
import type { HostTopology } from './topology';

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * The reference server (a 2-socket RHEL 6.5 box with 2 × 6 cores, hyper-threaded): exactly what its
 * `numactl --hardware` printed. CPUs are interleaved by socket as the BIOS enumerated them.
 */
export const RH65: HostTopology = {
  name: 'rh65',
  nodes: [
    { cpus: [...range(0, 5), ...range(12, 17)], sizeMB: 12276, freeMB: 7060 },
    { cpus: [...range(6, 11), ...range(18, 23)], sizeMB: 8192, freeMB: 6773 },
  ],
  distances: [
    [10, 21],
    [21, 10],
  ],
};

/** A plain SMP box: one node, four CPUs, no remote memory. */
export const SMP4: HostTopology = {
  name: 'smp4',
  nodes: [{ cpus: [0, 1, 2, 3], sizeMB: 8192, freeMB: 7168 }],
  distances: [[10]],
};

/**
 * A 4-socket ring (each socket linked to two neighbours, the opposite one two hops away), 4 CPUs per node.
 * Distances 10 / 16 (one hop) / 22 (two hops) are what the ACPI SLIT of 4-socket AMD Opteron servers
 * reports (e.g. the 4-node `numactl --hardware` listings in AMD's and HP's Opteron tuning guides):
 * the SLIT convention is 10 + 6 per HyperTransport hop.
 */
export const NUMA4: HostTopology = {
  name: 'numa4',
  nodes: [0, 1, 2, 3].map((n) => ({ cpus: range(n * 4, n * 4 + 3), sizeMB: 16384, freeMB: 15360 })),
  distances: [
    [10, 16, 22, 16],
    [16, 10, 16, 22],
    [22, 16, 10, 16],
    [16, 22, 16, 10],
  ],
};

export const TOPOLOGY_PRESETS: Readonly<Record<string, HostTopology>> = { rh65: RH65, smp4: SMP4, numa4: NUMA4 };

export type TopologyPresetName = keyof typeof TOPOLOGY_PRESETS;

/** A preset by name, or undefined. */
export function topologyPreset(name: string): HostTopology | undefined {
  return Object.hasOwn(TOPOLOGY_PRESETS, name) ? TOPOLOGY_PRESETS[name] : undefined;
}
