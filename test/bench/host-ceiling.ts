/**
 * What the host itself gives: the same plain JavaScript integer loop on 1 and on 2 worker threads at once,
 * in loop iterations per second. On a machine whose cores are shared with other work, or a VM whose two vCPUs
 * share a physical core or lose boost clock when both run, 2 threads give less than 2× one: multi-vCPU
 * scaling is to be read against this ceiling.
 */
import { Worker } from 'node:worker_threads';

export async function hostThreadRate(threads: number): Promise<number> {
  const ITER = 400_000_000;
  const code = `
    const { parentPort } = require('node:worker_threads');
    let a = 1, b = 2;
    const t = performance.now();
    for (let i = 0; i < ${ITER}; i++) { a = (a + b) | 0; b = (b ^ a) | 0; a = (a << 3) | (a >>> 29); }
    parentPort.postMessage({ ms: performance.now() - t, sink: a ^ b });`;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: threads }, () => new Promise<void>((resolve, reject) => {
      const w = new Worker(code, { eval: true });
      w.once('message', () => { void w.terminate(); resolve(); });
      w.once('error', reject);
    })),
  );
  return (threads * ITER) / ((performance.now() - t0) / 1000);
}

/** 2-thread rate over 1-thread rate, medians of three each. */
export async function hostCeiling(): Promise<number> {
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[1]!;
  const one = median([await hostThreadRate(1), await hostThreadRate(1), await hostThreadRate(1)]);
  const two = median([await hostThreadRate(2), await hostThreadRate(2), await hostThreadRate(2)]);
  return two / one;
}
