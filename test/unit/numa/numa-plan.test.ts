import { describe, expect, it } from 'vitest';
import { createNumaShared, MemPolicyError, NumaMemory, planNuma, resolveTopology, RH65, TopologyError, VcpuPinError } from '../../../src-main/core/numa';

const files: Record<string, string> = {
  'topo/lab.json': JSON.stringify({ nodes: [{ cpus: '0-1', sizeMB: 100, freeMB: 50 }], distances: [[10]] }),
  'topo/bad.json': JSON.stringify({ nodes: [{ cpus: '0-1', sizeMB: 100, freeMB: 50 }], distances: [[12]] }),
};
const readText = (p: string): string => {
  const text = files[p];
  if (text === undefined) throw new Error(`ENOENT: ${p}`);
  return text;
};

describe('resolveTopology', () => {
  it('takes presets by name and files through readText', () => {
    expect(resolveTopology('rh65', readText)).toBe(RH65);
    const t = resolveTopology('topo/lab.json', readText);
    expect(t.name).toBe('lab');
    expect(t.nodes[0]?.cpus).toEqual([0, 1]);
  });

  it('says what is wrong and in which file', () => {
    expect(() => resolveTopology('nope', readText)).toThrow(TopologyError);
    expect(() => resolveTopology('nope', readText)).toThrow('--topology "nope": not a preset (rh65, smp4, numa4) nor a readable file (ENOENT: nope)');
    expect(() => resolveTopology('topo/bad.json', readText)).toThrow('distances[0][0]: must be 10 (in topo/bad.json)');
  });
});

describe('planNuma', () => {
  it('combines pinning, policy and RAM size into a worker-ready setup', () => {
    const plan = planNuma({ topology: RH65, vcpus: 2, vcpupin: '0:6,1:7', policy: { interleave: '0,1' }, guestBytes: 64 << 20, localAccessCycles: 190 });
    expect(plan.placement.nodeOf).toEqual([1, 1]);
    expect(plan.policy).toEqual({ kind: 'interleave', nodes: [0, 1] });
    expect(plan.setup.guestFrames).toBe(16384);
    expect(structuredClone(plan.setup)).toEqual(plan.setup);
    const m = new NumaMemory(plan.setup, createNumaShared(plan.setup));
    expect(m.access(0, 0)).toBe(399); // frame 0 interleaves to node 0, remote for a vCPU on node 1
    expect(m.access(0, 1)).toBe(190);
  });

  it('defaults to the spread rule and local policy; passes errors through', () => {
    const plan = planNuma({ topology: RH65, vcpus: 2, guestBytes: 4096 * 3 + 1, localAccessCycles: 1 });
    expect(plan.placement.cpuOf).toEqual([0, 6]);
    expect(plan.policy.kind).toBe('local');
    expect(plan.setup.guestFrames).toBe(4);
    expect(() => planNuma({ topology: RH65, vcpus: 1, vcpupin: '0:99', guestBytes: 4096, localAccessCycles: 1 })).toThrow(VcpuPinError);
    expect(() => planNuma({ topology: RH65, vcpus: 1, policy: { membind: '3' }, guestBytes: 4096, localAccessCycles: 1 })).toThrow(MemPolicyError);
  });
});
