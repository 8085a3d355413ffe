import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedNodes,
  createNumaShared,
  NumaMemory,
  NUMA4,
  snapshotNumaStats,
  UNPLACED,
  type MemPolicy,
  type NumaSetup,
} from '../../../src-main/core/numa';

const nodeSet = fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }).map((a) => a.sort());
const policy: fc.Arbitrary<MemPolicy> = fc.oneof(
  fc.constant<MemPolicy>({ kind: 'local' }),
  nodeSet.map((nodes): MemPolicy => ({ kind: 'bind', nodes })),
  nodeSet.map((nodes): MemPolicy => ({ kind: 'interleave', nodes })),
  fc.integer({ min: 0, max: 3 }).map((node): MemPolicy => ({ kind: 'preferred', node })),
);

function setupFor(p: MemPolicy, capacityPages: number[], vcpuNodes: number[], guestFrames: number): NumaSetup {
  return { topology: NUMA4, policy: p, vcpuNodes, guestFrames, localAccessCycles: 7, capacityPages };
}

describe('placement properties (numa4)', () => {
  it('every placed page is on an allowed node; capacity and counters stay consistent', () => {
    fc.assert(
      fc.property(
        policy,
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 300 }),
        (p, capacity, vcpuNodes, touches) => {
          const frames = 128;
          const setup = setupFor(p, capacity, vcpuNodes, frames);
          const m = new NumaMemory(setup, createNumaShared(setup));
          for (const [v, f] of touches) m.access(v % vcpuNodes.length, f % frames);
          const allowed = new Set(allowedNodes(p, NUMA4));
          const perNode = [0, 0, 0, 0];
          for (let f = 0; f < frames; f++) {
            const node = m.nodeOf(f);
            if (node === UNPLACED) continue;
            expect(allowed.has(node)).toBe(true);
            perNode[node]! += 1;
          }
          const s = snapshotNumaStats(m.stats);
          s.nodes.forEach((n, i) => {
            expect(n.pages_used).toBe(perNode[i]);
            expect(n.pages_used).toBeLessThanOrEqual(capacity[i]!);
          });
          const placed = perNode.reduce((a, b) => a + b, 0);
          const sum = (k: 'numa_hit' | 'numa_miss' | 'numa_foreign' | 'local_node' | 'other_node') => s.nodes.reduce((a, n) => a + n[k], 0);
          expect(sum('numa_hit') + sum('numa_miss')).toBe(placed);
          expect(sum('numa_foreign')).toBe(sum('numa_miss'));
          expect(sum('local_node') + sum('other_node')).toBe(placed);
          expect(s.vcpus.reduce((a, v) => a + v.accesses_local + v.accesses_remote, 0)).toBe(touches.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('interleave with room spreads any run of consecutive pages within ±1 across the set', () => {
    fc.assert(
      fc.property(nodeSet, fc.nat({ max: 500 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 3 }), (nodes, first, count, home) => {
        const frames = 1024;
        const setup = setupFor({ kind: 'interleave', nodes }, [frames, frames, frames, frames], [home], frames);
        const m = new NumaMemory(setup, createNumaShared(setup));
        for (let f = first; f < first + count; f++) m.access(0, f);
        const used = snapshotNumaStats(m.stats).nodes.map((n) => n.pages_used);
        const inSet = nodes.map((n) => used[n]!);
        expect(Math.max(...inSet) - Math.min(...inSet)).toBeLessThanOrEqual(1);
        expect(inSet.reduce((a, b) => a + b, 0)).toBe(count);
        const s = snapshotNumaStats(m.stats);
        expect(s.nodes.reduce((a, n) => a + n.interleave_hit, 0)).toBe(count);
      }),
      { numRuns: 200 },
    );
  });

  it('local policy with room always places on the toucher node', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat({ max: 63 })), { maxLength: 100 }), (touches) => {
        const setup = setupFor({ kind: 'local' }, [64, 64, 64, 64], [0, 1, 2, 3], 64);
        const m = new NumaMemory(setup, createNumaShared(setup));
        const firstToucher = new Map<number, number>();
        for (const [v, f] of touches) {
          if (!firstToucher.has(f)) firstToucher.set(f, v);
          m.access(v, f);
        }
        for (const [f, v] of firstToucher) expect(m.nodeOf(f)).toBe(v);
      }),
    );
  });
});
