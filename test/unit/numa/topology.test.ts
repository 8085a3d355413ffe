import { describe, expect, it } from 'vitest';
import {
  allCpus,
  nodeOfCpu,
  nodesByDistance,
  NUMA4,
  parseTopology,
  RH65,
  SMP4,
  topologyPreset,
  TopologyError,
} from '../../../src-main/core/numa';

function issuesOf(input: unknown): string[] {
  try {
    parseTopology(input);
  } catch (e) {
    expect(e).toBeInstanceOf(TopologyError);
    return (e as TopologyError).message.split('\n');
  }
  throw new Error('expected a TopologyError');
}

const good = {
  name: 'lab',
  nodes: [
    { cpus: [0, 1, 2, 3], sizeMB: 4096, freeMB: 2048 },
    { cpus: '4-7', sizeMB: 4096, freeMB: 4000 },
  ],
  distances: [
    [10, 20],
    [20, 10],
  ],
};

describe('presets', () => {
  it('rh65 is the reference server', () => {
    expect(RH65.nodes.map((n) => n.cpus)).toEqual([
      [0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17],
      [6, 7, 8, 9, 10, 11, 18, 19, 20, 21, 22, 23],
    ]);
    expect(RH65.nodes.map((n) => [n.sizeMB, n.freeMB])).toEqual([
      [12276, 7060],
      [8192, 6773],
    ]);
    expect(RH65.distances).toEqual([
      [10, 21],
      [21, 10],
    ]);
    expect(allCpus(RH65)).toHaveLength(24);
    expect(nodeOfCpu(RH65, 7)).toBe(1);
    expect(nodeOfCpu(RH65, 12)).toBe(0);
    expect(nodeOfCpu(RH65, 24)).toBe(-1);
  });

  it('smp4 has one node with CPUs 0-3; numa4 four nodes in a ring', () => {
    expect(SMP4.nodes).toHaveLength(1);
    expect(SMP4.nodes[0]?.cpus).toEqual([0, 1, 2, 3]);
    expect(NUMA4.nodes).toHaveLength(4);
    expect(nodesByDistance(NUMA4, 2)).toEqual([2, 1, 3, 0]);
  });

  it('every preset passes its own validation', () => {
    for (const name of ['rh65', 'smp4', 'numa4']) {
      const t = topologyPreset(name);
      expect(t).toBeDefined();
      expect(parseTopology(JSON.parse(JSON.stringify(t)))).toEqual(t);
    }
    expect(topologyPreset('toString')).toBeUndefined();
  });
});

describe('parseTopology', () => {
  it('accepts an object or JSON text, with cpu lists as arrays or strings', () => {
    const t = parseTopology(JSON.stringify(good));
    expect(t.nodes[1]?.cpus).toEqual([4, 5, 6, 7]);
    expect(t.name).toBe('lab');
    expect(parseTopology({ ...good, name: undefined }, 'lab.json').name).toBe('lab.json');
  });

  it('names a CPU that is in two nodes', () => {
    const input = { ...good, nodes: [good.nodes[0], { cpus: [4, 5, 6, 3], sizeMB: 1, freeMB: 1 }] };
    expect(issuesOf(input)).toEqual(['nodes[1].cpus[3]: CPU 3 is already in node 0']);
  });

  it('names a CPU listed twice in one node, and bad cpu list strings', () => {
    expect(issuesOf({ ...good, nodes: [{ cpus: [0, 0], sizeMB: 1, freeMB: 1 }], distances: [[10]] })).toEqual([
      'nodes[0].cpus[1]: CPU 0 is listed twice',
    ]);
    expect(issuesOf({ ...good, nodes: [{ cpus: '3-1', sizeMB: 1, freeMB: 1 }], distances: [[10]] })).toEqual([
      'nodes[0].cpus: range "3-1" runs backwards',
    ]);
  });

  it('checks the distance matrix shape, diagonal, range and symmetry', () => {
    expect(issuesOf({ ...good, distances: [[10]] })).toEqual(['distances: matrix must be 2×2 (one row and column per node)']);
    expect(issuesOf({ ...good, distances: [[11, 20], [20, 10]] })).toEqual(['distances[0][0]: must be 10']);
    expect(issuesOf({ ...good, distances: [[10, 5], [5, 10]] })).toEqual([
      'distances[0][1]: must be between 11 and 254 (a remote node is farther than local)',
      'distances[1][0]: must be between 11 and 254 (a remote node is farther than local)',
    ]);
    expect(issuesOf({ ...good, distances: [[10, 20], [21, 10]] })).toEqual([
      'distances[0][1]: must equal distances[1][0] (21): the matrix must be symmetric',
    ]);
  });

  it('checks memory sizes and field types with the field path', () => {
    expect(issuesOf({ ...good, nodes: [good.nodes[0], { cpus: [4], sizeMB: 100, freeMB: 200 }] })).toEqual([
      'nodes[1].freeMB: free memory 200 MB exceeds size 100 MB',
    ]);
    const typeIssues = issuesOf({ ...good, nodes: [{ cpus: [0], sizeMB: 'big', freeMB: 1 }, good.nodes[1]] });
    expect(typeIssues).toHaveLength(1);
    expect(typeIssues[0]).toMatch(/^nodes\[0\]\.sizeMB: /);
    expect(issuesOf({ ...good, nodes: [] })[0]).toMatch(/^nodes: /);
    expect(issuesOf({ ...good, extra: 1 })[0]).toMatch(/extra/);
  });

  it('reports every problem at once, and rejects invalid JSON and CPU-less machines', () => {
    const input = { nodes: [{ cpus: [0], sizeMB: 1, freeMB: 2 }, { cpus: [0], sizeMB: 1, freeMB: 1 }], distances: [[10, 20], [20, 11]] };
    expect(issuesOf(input)).toEqual([
      'nodes[0].freeMB: free memory 2 MB exceeds size 1 MB',
      'nodes[1].cpus[0]: CPU 0 is already in node 0',
      'distances[1][1]: must be 10',
    ]);
    expect(issuesOf('{ nodes: ')[0]).toMatch(/^not valid JSON/);
    expect(issuesOf({ nodes: [{ cpus: [], sizeMB: 1, freeMB: 1 }], distances: [[10]] })).toEqual(['nodes: no node has a CPU']);
  });
});
