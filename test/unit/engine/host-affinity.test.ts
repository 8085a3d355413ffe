import { describe, expect, it } from 'vitest';
import { RH65, SMP4 } from '../../../src-main/core/numa';
import { planAffinity, realAllowedCpus, threadCpusAllowed, type PinResult } from '../../../src-main/engine/host-affinity';
import { startTsWorker } from '../../../src-main/engine/ts-worker';

describe('planAffinity', () => {
  it('maps rh65 (24 CPUs, 2 nodes) onto 2 real CPUs node by node', () => {
    const plan = planAffinity(RH65, [0, 1]);
    for (const cpu of [0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17]) expect(plan.realCpusFor.get(cpu)).toEqual([0]);
    for (const cpu of [6, 7, 8, 9, 10, 11, 18, 19, 20, 21, 22, 23]) expect(plan.realCpusFor.get(cpu)).toEqual([1]);
    expect(plan.explanation).toBe('24 simulated CPUs in 2 node(s) share 2 real CPU(s): node 0 → real CPU 0, node 1 → real CPU 1');
  });

  it('gives each simulated CPU its own real CPU when there are enough', () => {
    const plan = planAffinity(SMP4, [0, 1, 2, 3, 4, 5, 6, 7]);
    expect([0, 1, 2, 3].map((c) => plan.realCpusFor.get(c))).toEqual([[0], [1], [2], [3]]);
  });

  it('lets nodes share real CPUs when there are fewer real CPUs than nodes', () => {
    const plan = planAffinity(RH65, [3]);
    expect(plan.realCpusFor.get(0)).toEqual([3]);
    expect(plan.realCpusFor.get(6)).toEqual([3]);
  });
});

describe.skipIf(process.platform !== 'linux')('pinning a worker thread (Linux)', () => {
  it('is visible in the worker thread’s Cpus_allowed_list', async () => {
    const real = realAllowedCpus();
    expect(real && real.length).toBeGreaterThan(0);
    const target = real![real!.length - 1]!;
    const worker = startTsWorker(new URL('./fixtures/pin-worker.ts', import.meta.url), { workerData: { cpus: [target] } });
    const { tid, result } = await new Promise<{ tid: number; result: PinResult }>((resolve) => worker.once('message', resolve));
    expect(result).toEqual({ pinned: true, cpusAllowed: String(target) });
    expect(threadCpusAllowed(tid)).toBe(String(target));
    // The rest of the process is untouched.
    expect(realAllowedCpus()).toEqual(real);
    await worker.terminate();
  });
});
