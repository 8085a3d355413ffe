/**
 * The CPU's first-touch hook (core/cpu/memory.ts): a page whose cost-table entry carries PAGE_UNPLACED
 * takes the slow path on this vCPU's first access — data, locked operation or instruction fetch — which
 * calls CpuOptions.firstTouch once; the access is then charged what the table says.
 */
import { describe, expect, it } from 'vitest';
import { Cpu, type CpuOptions } from '../../../src-main/core/cpu/cpu';
import { Engine, EXIT_HALTED } from '../../../src-main/core/cpu/engine';
import { PAGE_UNPLACED } from '../../../src-main/core/cpu/memory';
import { setFlatProtectedMode } from '../../../src-main/core/cpu/segments';
import { TestBus } from '../cpu/harness';

const SIZE = 4 << 20;
/**
 *   0x1000 mov ecx, 10
 *   0x1005 mov eax, [0x300000]          ; page 0x300
 *   0x100a add [0x1800], eax            ; page 0x1, the code page
 *   0x1010 lock inc dword [0x5000]      ; page 0x5
 *   0x1017 loop 0x1005
 *   0x1019 hlt
 */
const PROGRAM = [0xb9, 10, 0, 0, 0, 0xa1, 0, 0, 0x30, 0, 0x01, 0x05, 0, 0x18, 0, 0, 0xf0, 0xff, 0x05, 0, 0x50, 0, 0, 0xe2, 0xec, 0xf4];
const ITERATIONS = 10;

function run(table: Uint16Array, options: CpuOptions): Cpu {
  const ram = { u8: new Uint8Array(SIZE), size: SIZE };
  ram.u8.set(PROGRAM, 0x1000);
  const cpu = new Cpu(ram, new TestBus(), null, null, { pageAccessCost: table, ...options });
  setFlatProtectedMode(cpu);
  cpu.eip = 0x1000;
  expect(new Engine(cpu).run(1000)).toBe(EXIT_HALTED);
  return cpu;
}

describe('CPU first-touch hook', () => {
  for (const atomicRam of [false, true]) {
    it(`reports each unplaced page once, by fetch, load and locked RMW (${atomicRam ? 'atomic' : 'ordinary'} LOCK path)`, () => {
      const table = new Uint16Array(SIZE / 4096).fill(PAGE_UNPLACED);
      const touched: number[] = [];
      const cpu = run(table, {
        atomicRam,
        firstTouch: (page) => {
          touched.push(page);
          table[page] = page === 0x300 ? 7 : 0; // the engine places it: page 0x300 lands on a remote node
        },
      });
      expect(touched).toEqual([0x1, 0x300, 0x5]);
      expect(cpu.memAccesses).toBe(ITERATIONS * 5); // a load, an RMW's read and write, a locked RMW's read and write
      expect(cpu.remoteAccesses).toBe(ITERATIONS);
      expect(cpu.cycles).toBe(cpu.instructions + ITERATIONS * 7);
      expect(table[0x2]).toBe(PAGE_UNPLACED); // never touched
    });
  }

  it('a page the hook cannot place is charged its predicted cost from then on, without asking again', () => {
    const table = new Uint16Array(SIZE / 4096).fill(PAGE_UNPLACED);
    table[0x300] = PAGE_UNPLACED | 300; // predicted remote, wider than a byte
    const touched: number[] = [];
    const cpu = run(table, { firstTouch: (page) => { touched.push(page); if (page !== 0x300) table[page] = 0; } });
    expect(touched).toEqual([0x1, 0x300, 0x5]);
    expect(table[0x300]).toBe(300);
    expect(cpu.cycles).toBe(cpu.instructions + ITERATIONS * 300);
  });

  it('without a hook the marker is dropped at the first access', () => {
    const table = new Uint16Array(SIZE / 4096).fill(PAGE_UNPLACED | 2);
    const cpu = run(table, {});
    expect([table[0x1], table[0x300], table[0x5], table[0x2]]).toEqual([2, 2, 2, PAGE_UNPLACED | 2]);
    expect(cpu.remoteAccesses).toBe(ITERATIONS * 5);
    expect(cpu.cycles).toBe(cpu.instructions + ITERATIONS * 5 * 2);
  });
});
