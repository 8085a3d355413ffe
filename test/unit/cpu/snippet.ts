/** Assemble small guest programs with nasm (batch per test file) and run them on the test harness. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CpuOptions } from '../../../src-main/core/cpu/cpu';
import { withLib } from './guest';
import { createMachine, runImage, type HarnessResult } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'virtlab-cpu-unit-'));
let n = 0;

/** Assemble a guest that uses lib.inc (defines `main`). */
export function assembleGuest(body: string): Uint8Array {
  const src = join(dir, `g${n}.asm`), out = join(dir, `g${n++}.bin`);
  writeFileSync(src, withLib(`%include "lib.inc"\n${body}`));
  execFileSync('nasm', ['-f', 'bin', '-o', out, src]);
  return new Uint8Array(readFileSync(out));
}

export function runGuest(body: string, max = 5_000_000): HarnessResult {
  return runImage(assembleGuest(body), max);
}

export function machineFor(body: string, options: CpuOptions = {}): ReturnType<typeof createMachine> {
  return createMachine(assembleGuest(body), undefined, options);
}
