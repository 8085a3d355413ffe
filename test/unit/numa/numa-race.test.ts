import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createNumaShared, NumaMemory, RH65, snapshotNumaStats, UNPLACED, type NumaSetup } from '../../../src-main/core/numa';

/** Real worker threads racing on first touch of the same frames. */
describe('first-touch placement across workers', () => {
  it('places every frame exactly once and counts each page once', async () => {
    const guestFrames = 4096; // odd strides below visit every frame
    const setup: NumaSetup = { topology: RH65, policy: { kind: 'local' }, vcpuNodes: [0, 1, 0, 1], guestFrames, localAccessCycles: 10, capacityPages: [3000, 3000] };
    const shared = createNumaShared(setup);
    const start = new Int32Array(new SharedArrayBuffer(4));
    const workers = [0, 1, 2, 3].map(
      (vcpu) =>
        new Worker(new URL('./fixtures/touch-worker.mjs', import.meta.url), {
          workerData: { setup, shared, vcpu, start },
        }),
    );
    const awaitMessage = (w: Worker, want: string) =>
      new Promise<void>((resolve, reject) => {
        w.on('message', (m) => m === want && resolve());
        w.on('error', reject);
      });
    const done = workers.map((w) => awaitMessage(w, 'done'));
    await Promise.all(workers.map((w) => awaitMessage(w, 'ready')));
    Atomics.store(start, 0, 1);
    Atomics.notify(start, 0);
    await Promise.all(done);
    await Promise.all(workers.map((w) => w.terminate()));

    const view = new NumaMemory(setup, shared);
    const s = snapshotNumaStats(view.stats);
    const placedOn = [0, 0];
    for (let f = 0; f < guestFrames; f++) {
      const node = view.nodeOf(f);
      expect(node).not.toBe(UNPLACED);
      placedOn[node] = (placedOn[node] ?? 0) + 1;
    }
    expect(s.nodes.map((n) => n.pages_used)).toEqual(placedOn);
    const counted = s.nodes.reduce((sum, n) => sum + n.numa_hit + n.numa_miss, 0);
    expect(counted).toBe(guestFrames);
    expect(s.nodes.reduce((sum, n) => sum + n.local_node + n.other_node, 0)).toBe(guestFrames);
    expect(s.vcpus.reduce((sum, v) => sum + v.numa_hit + v.numa_miss, 0)).toBe(guestFrames);
    // Every worker made 3 × guestFrames accesses, all counted in its own row.
    for (const v of s.vcpus) expect(v.accesses_local + v.accesses_remote).toBe(3 * guestFrames);
  }, 30_000);
});
