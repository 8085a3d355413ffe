/**
 * Random guest code through the whole engine, in a vCPU worker thread and on the VMM thread: a flat image
 * (a prologue that loads an IDT, random registers and a stack, then random bytes) ends in a guest outcome,
 * never in a crash report, and both runners agree on how it ended. A few seeds per run (starting workers is slow).
 */
import { describe, expect, it } from 'vitest';
import { VirtualMachine } from '../../../src-main/engine/virtual-machine';
import { fuzzSeed } from '../../support/fuzz';

const LOAD = 0x100000;
const GUEST_OUTCOMES = ['debug-exit', 'halted', 'triple-fault', 'instruction-limit'];

/** xorshift32 bytes from a seed. */
function bytesFrom(seed: number, n: number): Uint8Array {
  let x = seed >>> 0 || 1;
  return Uint8Array.from({ length: n }, () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x & 0xff;
  });
}

const IDTR = LOAD + 0x40, HANDLER = LOAD + 0x60, IDT = LOAD + 0x80, CODE = LOAD + 0x200;

const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
const le32Of = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset + at, 4).getUint32(0, true);
const jmpTo = (from: number, to: number): number[] => [0xe9, ...le32(to - (from + 5))];

/**
 * The image: LIDT of 32 interrupt gates whose handler resets ESP and re-enters the random code (so faults
 * do not just end the run), random values in 1–16 MiB in every register but ESP (pointers into RAM rather
 * than into MMIO or the VGA hole, each access of which is a round trip to the VMM thread in worker mode),
 * then 256 random bytes at CODE. Runs are cut at 20 000 instructions or 6 s.
 */
function image(seed: number): Uint8Array {
  const r = bytesFrom(seed, 7 * 4 + 256);
  const img = new Uint8Array(CODE - LOAD + 256);
  const prologue: number[] = [0x0f, 0x01, 0x1d, ...le32(IDTR)]; // lidt [IDTR]
  for (let reg = 0; reg < 8; reg++) {
    const value = reg === 4 ? 0x90000 : (le32Of(r, 4 * (reg - (reg > 4 ? 1 : 0))) & 0xefffff) | 0x100000;
    prologue.push(0xb8 + reg, ...le32(value));
  }
  prologue.push(...jmpTo(LOAD + prologue.length, CODE));
  img.set(prologue, 0);
  img.set([0xbc, ...le32(0x90000), ...jmpTo(HANDLER + 5, CODE)], HANDLER - LOAD);
  img.set([(32 * 8 - 1) & 0xff, 0, ...le32(IDT)], IDTR - LOAD);
  for (let v = 0; v < 32; v++) img.set([HANDLER & 0xff, (HANDLER >>> 8) & 0xff, 0x08, 0, 0, 0x8e, (HANDLER >>> 16) & 0xff, HANDLER >>> 24], IDT - LOAD + v * 8);
  img.set(r.subarray(28), CODE - LOAD);
  return img;
}

async function run(img: Uint8Array, threading: 'workers' | 'single'): Promise<{ outcome: string; exitValue: number | null; reports: string[] }> {
  const vm = await VirtualMachine.create({ image: img, imageName: 'fuzz.bin', loadAddress: LOAD, vcpus: 1, threading, maxInsns: 20_000, timeoutMs: 6_000 });
  vm.start();
  const r = await vm.wait();
  return { outcome: r.outcome, exitValue: r.exitValue, reports: r.reports.map((x) => x.text ?? '') };
}

describe('engine on random code (fuzz slice)', () => {
  const first = fuzzSeed();
  const seeds = [first, (first * 2654435761) | 0];
  it(`seeds ${seeds.join(', ')}: a worker and the VMM thread end each run the same way, as a guest outcome`, async () => {
    const runs = await Promise.all(seeds.map(async (seed) => {
      const img = image(seed);
      const [workers, single] = await Promise.all([run(img, 'workers'), run(img, 'single')]);
      console.log(`[fuzz] vm seed ${seed}: ${workers.outcome} (workers), ${single.outcome} (single)`);
      return { seed, workers, single };
    }));
    for (const { seed, workers, single } of runs) {
      const context = `seed ${seed} (reproduce with FUZZ_SEED=${first}): ${JSON.stringify({ workers, single })}`;
      expect(GUEST_OUTCOMES, context).toContain(single.outcome);
      expect([...single.reports, ...workers.reports].filter((t) => /crash/i.test(t)), context).toEqual([]);
      // Code fetched from outside RAM costs the worker a round trip to the VMM thread per access, so it may
      // reach the wall-clock limit first: then the guest was still running, as the VMM thread's run confirms.
      if (workers.outcome === 'timeout') expect(single.outcome, context).toBe('instruction-limit');
      else expect({ outcome: workers.outcome, exitValue: workers.exitValue }, context).toEqual({ outcome: single.outcome, exitValue: single.exitValue });
    }
  });
});
