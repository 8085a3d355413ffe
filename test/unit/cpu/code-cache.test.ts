/** The decoded-instruction cache stays within its bounds whatever the guest runs, and stays correct when full. */
import { describe, expect, it } from 'vitest';
import type { Cpu } from '../../../src-main/core/cpu/cpu';
import { DEFAULT_CODE_CACHE_LIMITS } from '../../../src-main/core/cpu/code-cache';
import { EXIT_BUDGET, EXIT_REQUESTED } from '../../../src-main/core/cpu/engine';
import { requireOracle } from '../../support/oracles';
import { machineFor } from './snippet';

const hasNasm = requireOracle('nasm');

/** What the cache really holds: pages with an array, and decoded instructions in them. */
function census(cpu: Cpu): { pages: number; insns: number } {
  let pages = 0, insns = 0;
  for (const page of cpu.codeCache) {
    if (page === undefined) continue;
    pages++;
    for (const e of page) if (e !== undefined) insns++;
  }
  return { pages, insns };
}

describe.skipIf(!hasNasm)('decoded-instruction cache bounds', () => {
  it('a guest running through zeroed RAM keeps the cache within its bounds, evicting as it goes', () => {
    // Zeroed RAM decodes as `add [eax], al` every two bytes: a new instruction to cache at every step.
    const { cpu, engine } = machineFor('main:\n  jmp dword 0x200000\n');
    const { maxPages, maxInsns } = DEFAULT_CODE_CACHE_LIMITS;
    const state = cpu.codeCacheState;
    for (let i = 0; i < 30; i++) {
      expect(engine.run(100_000)).toBe(EXIT_BUDGET);
      expect(state.pages).toBeLessThanOrEqual(maxPages);
      expect(state.insns).toBeLessThanOrEqual(maxInsns);
    }
    expect(cpu.instructions).toBe(3_000_000);
    expect(cpu.eip >>> 0).toBe(0x200000 + 2 * (3_000_000 - 3)); // every instruction ran, none skipped
    expect(census(cpu)).toEqual({ pages: state.pages, insns: state.insns });
    expect(state.evictions).toBeGreaterThan(0);
    // Still caching: the pages it runs through now are decoded and kept.
    expect(state.insns).toBeGreaterThan(maxInsns / 2);
  });

  it('a full cache still runs code spread over more pages than it holds', () => {
    // Four functions on four pages, called in turn 300 times, with room for only two pages.
    const body = `
main:
  xor ebx, ebx
  mov ecx, 300
.l:
  call f0
  call f1
  call f2
  call f3
  mov [data], ecx          ; a store on a code page: drops only what it overlaps
  dec ecx
  jnz .l
  PRINT ebx
  NL
  ret
data: dd 0
%assign i 0
%rep 4
align 4096
f %+ i:
  add ebx, i + 1
  times 100 nop
  ret
%assign i i + 1
%endrep
`;
    const run = (options: Parameters<typeof machineFor>[1]): { serial: string; cpu: Cpu } => {
      const m = machineFor(body, options);
      let exit = EXIT_BUDGET as number;
      while (exit === EXIT_BUDGET) exit = m.engine.run(1_000_000);
      expect(exit).toBe(EXIT_REQUESTED);
      return { serial: Buffer.from(m.bus.serial).toString(), cpu: m.cpu };
    };
    const small = run({ codeCacheLimits: { maxPages: 2, maxInsns: 8192 } });
    expect(small.serial).toBe(`${(300 * 10).toString(16).padStart(8, '0')} \n`);
    expect(small.cpu.codeCacheState.evictions).toBeGreaterThan(1000);
    expect(census(small.cpu)).toEqual({ pages: small.cpu.codeCacheState.pages, insns: small.cpu.codeCacheState.insns });
    const roomy = run({});
    expect(roomy.serial).toBe(small.serial);
    expect(roomy.cpu.codeCacheState.evictions).toBe(0);
  });

  it('refuses bounds that cannot hold a page', () => {
    expect(() => machineFor('main:\n  ret\n', { codeCacheLimits: { maxPages: 1, maxInsns: 8192 } })).toThrow(/too small/);
  });
});
