/**
 * Cost of NUMA accounting per guest memory access: the same access stream (a linear-congruential walk over
 * 64 MiB of guest frames, half of them first-touched by a remote vCPU) runs through NumaMemory.access and
 * through a baseline loop that only generates the frame numbers. Prints ns/access and the overhead.
 */
import { createNumaShared, NumaMemory, RH65, type NumaSetup } from '../../src-main/core/numa';

const ACCESSES = 50_000_000;
const FRAMES = 16_384; // 64 MiB guest

function baseline(n: number): number {
  let x = 12345;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    sum = (sum + ((x >>> 8) & (FRAMES - 1))) & 0x3fffffff; // stays a small integer: no overflow deopt
  }
  return sum;
}

function accounted(memory: NumaMemory, n: number): number {
  let x = 12345;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    sum = (sum + memory.access(0, (x >>> 8) & (FRAMES - 1))) & 0x3fffffff;
  }
  return sum;
}

/** Best of `runs` timings: the machine is shared, the minimum is the least disturbed run. */
function time(f: () => number, runs = 3): { ms: number; result: number } {
  let best = Infinity;
  let result = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    result = f();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, result };
}

export default async function run(): Promise<void> {
  const setup: NumaSetup = { topology: RH65, policy: { kind: 'local' }, vcpuNodes: [0, 1], vcpuCpus: [0, 6], guestFrames: FRAMES, localAccessCycles: 190 };
  const memory = new NumaMemory(setup, createNumaShared(setup));
  for (let f = 0; f < FRAMES; f += 2) memory.access(1, f); // even frames live on node 1: remote for vCPU 0
  // Warm up both loops so the comparison is between optimized code.
  baseline(2_000_000);
  accounted(memory, 2_000_000);
  const base = time(() => baseline(ACCESSES));
  const acct = time(() => accounted(memory, ACCESSES));
  const nsBase = (base.ms * 1e6) / ACCESSES;
  const nsAcct = (acct.ms * 1e6) / ACCESSES;
  console.log(`numa: ${ACCESSES / 1e6}M accesses over ${FRAMES} frames (rh65, local policy, half remote), best of 3`);
  console.log(`numa: baseline loop     ${nsBase.toFixed(2)} ns/access (${base.ms.toFixed(0)} ms)`);
  console.log(`numa: with accounting   ${nsAcct.toFixed(2)} ns/access (${acct.ms.toFixed(0)} ms)`);
  console.log(`numa: accounting costs  ${(nsAcct - nsBase).toFixed(2)} ns/access, overhead ${(((acct.ms - base.ms) / base.ms) * 100).toFixed(0)}% over the bare loop`);
  if (acct.result < 0 || base.result < 0) throw new Error('unexpected benchmark result');
}

// Run directly: node --import tsx test/bench/numa.bench.ts
if (import.meta.url === `file://${process.argv[1]}`) await run();
