/**
 * The inspector against the CPU's own walk (core/cpu/paging.ts) on random tables: for every
 * address, describeTranslation's host-physical result (or its failure) and its count of table references are
 * what a TLB miss on the CPU produces (4 KiB and 4 MiB pages, holes).
 */
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { ACC_READ, translate } from '../../../src-main/core/cpu/paging';
import { CR0_PE, CR0_PG, CR4_PSE } from '../../../src-main/core/cpu/state';
import { describeTranslation } from '../../../src-main/core/mmu-view';
import { TestBus } from '../cpu/harness';

const MiB = 1 << 20;
const GUEST_PD = 0x100000, GUEST_PT = 0x101000;

function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => { s = (s * 1103515245 + 12345) >>> 0; return (s >>> 8) % n; };
}

/** A vCPU whose guest maps 0–32 MiB at random (holes, 4 KiB and 4 MiB pages). */
function machine(seed: number): Cpu {
  const size = 64 * MiB;
  const cpu = new Cpu({ u8: new Uint8Array(size), size }, new TestBus(), null, null);
  const w = (p: number, v: number): void => { cpu.ram32[p >>> 2] = v | 0; };
  const rnd = random(seed);
  for (let i = 0; i < 8; i++) {
    const kind = rnd(5);
    if (kind === 0) continue;
    if (kind === 1) { w(GUEST_PD + 4 * i, (rnd(4) << 22) | 0x87); continue; }
    w(GUEST_PD + 4 * i, (GUEST_PT + i * 0x1000) | 7);
    for (let j = 0; j < 1024; j++) if (rnd(4) !== 0) w(GUEST_PT + i * 0x1000 + 4 * j, (rnd(8192) << 12) | 7);
  }
  cpu.cr0 = CR0_PE | CR0_PG;
  cpu.cr4 = CR4_PSE;
  cpu.cr3 = GUEST_PD;
  cpu.pagingOn = true;
  return cpu;
}

function compare(cpu: Cpu, seed: number): void {
  const rnd = random(seed);
  for (let k = 0; k < 400; k++) {
    const lin = ((rnd(8) << 22) | (rnd(1024) << 12) | rnd(4096)) >>> 0;
    const view = describeTranslation(cpu, lin);
    cpu.flushTlb(false);
    const refs0 = cpu.walkRefs;
    const phys = translate(cpu, lin, ACC_READ);
    cpu.exc = -1;
    expect(view.physical ?? -1, `0x${lin.toString(16)}`).toBe(phys);
    expect(view.refs, `0x${lin.toString(16)}`).toBe(cpu.walkRefs - refs0);
  }
}

describe('the inspector agrees with the CPU\'s walks', () => {
  it('native 32-bit paging', () => { for (const seed of [1, 2, 3]) compare(machine(seed), seed + 10); });
});
