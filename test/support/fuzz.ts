/**
 * The fuzz slice's seeds: each run draws a fresh seed (so CI explores new cases over time) unless FUZZ_SEED
 * names one; a failure's message starts with the FUZZ_SEED=… that reproduces it (fast-check adds the
 * shrunk counterexample and its path).
 */
import fc from 'fast-check';

/** FUZZ_SEED from the environment, else a new one. */
export function fuzzSeed(): number {
  const fixed = process.env.FUZZ_SEED;
  return fixed !== undefined && fixed !== '' ? Number(fixed) | 0 : (Math.random() * 0x7fffffff) | 0;
}

/** fc.assert with a printed seed: `FUZZ_SEED=<seed> npx vitest run <file>` replays a failure. */
export function assertFuzz<T>(property: fc.IProperty<T>, numRuns: number, seed = fuzzSeed()): void {
  try {
    fc.assert(property, { numRuns, seed });
  } catch (e) {
    throw new Error(`reproduce with FUZZ_SEED=${seed}\n${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
