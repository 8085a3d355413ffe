/**
 * The benchmark guests (test/bench/guests) keep code and data in separate 4 KiB pages: a store into a page
 * holding code would time the self-modifying-code path (QEMU's is ~60x slower) instead of the benchmark's
 * subject. Each guest runs to its end on a CPU with per-page code generations, which every store to a page
 * holding decoded instructions bumps: all must still be 0 at the end — except in smc.asm, which times
 * self-modifying code and is reported apart.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSharedCodeState } from '../../../src-main/core/cpu/cpu';
import { assembleFromDisk } from '../../support/assemble-file';
import { runImage } from './harness';

const BENCH_GUESTS = fileURLToPath(new URL('../../bench/guests/', import.meta.url));
/** The guest that times self-modifying code: its stores reach its code page on purpose. */
const SELF_MODIFYING = 'smc.asm';
const guests = readdirSync(BENCH_GUESTS).filter((f) => f.endsWith('.asm') && f !== SELF_MODIFYING).sort();
const RAM = 64 << 20;

describe('benchmark guests', () => {
  it('are all found', () => expect(guests.length).toBeGreaterThanOrEqual(3));

  it.each(guests)('%s stores into no page that holds code', (file) => {
    const image = assembleFromDisk(join(BENCH_GUESTS, file), [BENCH_GUESTS], { ITERATIONS: '2000' }).bytes;
    const shared = createSharedCodeState(RAM);
    const r = runImage(image, 5_000_000, file, { sharedCode: shared });
    expect(r.exitCode, `${file} ended with ${r.exit}`).toBe(0);
    const written = [...shared.codeGen.keys()].filter((page) => shared.codeGen[page] !== 0).map((page) => `0x${(page << 12).toString(16)} (${shared.codeGen[page]} stores)`);
    expect(written, 'code pages the guest stored into').toEqual([]);
  });

  it(`${SELF_MODIFYING} does store into its code page (it times self-modifying code)`, () => {
    const image = assembleFromDisk(join(BENCH_GUESTS, SELF_MODIFYING), [BENCH_GUESTS], { ITERATIONS: '2000' }).bytes;
    const shared = createSharedCodeState(RAM);
    const r = runImage(image, 5_000_000, SELF_MODIFYING, { sharedCode: shared });
    expect(r.exitCode).toBe(0);
    expect(shared.codeGen[0x100000 >>> 12]).toBeGreaterThanOrEqual(2000);
  });
});
