import { describe, expect, it } from 'vitest';
import { requireOracle } from '../../support/oracles';
import { buildCpuGuest } from './guest';
import { runFile } from './harness';

const hasNasm = requireOracle('nasm');

describe('cpu smoke', () => {
  it.skipIf(!hasNasm)('runs the hello guest to its isa-debug-exit', async () => {
    const r = runFile(await buildCpuGuest('hello.asm'));
    expect(r.serial.toString()).toBe('hello from the guest\n12345678 deadbeef \n');
    expect(r.exitCode).toBe(0x21);
  });
});
