/**
 * Linear and physical memory under paging (test/guests/cpu/paging.asm maps linear 0x400000 to physical
 * 0x300000 and leaves 0x402000 unmapped): the debugger reads and writes through the vCPU's page tables, or
 * by physical address, and the guest sees what it wrote.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DebugError } from '../../../src-main/engine/debug';
import { CPU_GUESTS, lineOf, startPaused, type DebugRun } from './support/debug-guest';

const PAGING = join(CPU_GUESTS, 'paging.asm');
const u32 = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset).getUint32(0, true);

describe.each(['single', 'workers'] as const)('linear and physical memory under paging (%s threading)', (threading) => {
  let run: DebugRun | null = null;
  afterEach(async () => {
    await run?.vm.stop();
    run = null;
  });

  it('reads and writes through the page tables, or by physical address', async () => {
    const r = (run = await startPaused(PAGING, { threading, vcpus: 1 }));
    await r.nextStop();
    // The first line after paging is on: `PRINT dword [0x400000]`.
    const line = lineOf(PAGING, 'PRINT dword [0x400000]');
    const at = r.program.lineAddress(line)!;
    r.vm.debug.setBreakpoints([at]);
    r.vm.resume();
    expect(await r.nextStop()).toMatchObject({ reason: 'breakpoint', eip: at });
    const d = r.vm.debug;
    expect(d.registers(0).cr0 >>> 31).toBe(1);
    expect(d.registers(0).cr3).toBe(0x200000);

    expect(d.translate(0, 0x400000)).toBe(0x300000);
    expect(d.translate(0, 0x401234)).toBe(0x301234);
    expect(d.translate(0, 0x402010)).toBeNull();
    expect(u32(d.readMemory(0, 0x400000, 4).bytes)).toBe(0x11111111);
    expect(u32(d.readMemory(0, 0x300000, 4, 'physical').bytes)).toBe(0x11111111);
    expect(u32(d.readMemory(0, 0x401000, 4).bytes)).toBe(0x22222222);
    expect(u32(d.readMemory(0, 0x400000, 4, 'physical').bytes)).not.toBe(0x11111111);

    // A read across into the unmapped page: the mapped part reads, the rest is marked.
    const across = d.readMemory(0, 0x401ffe, 4);
    expect(across.mapped).toEqual([true, true, false, false]);
    // Physical addresses beyond RAM (64 MiB) have nothing behind them for the debugger.
    expect(d.readMemory(0, 0x4000000 - 2, 4, 'physical').mapped).toEqual([true, true, false, false]);
    expect(() => d.writeMemory(0, 0x401ffe, Uint8Array.of(1, 2, 3, 4))).toThrow(DebugError);
    expect(() => d.writeMemory(0, 0x4000000, Uint8Array.of(1), 'physical')).toThrow(/not RAM/);

    d.writeMemory(0, 0x400000, Uint8Array.of(0x0d, 0xf0, 0xfe, 0xca));
    expect(u32(d.readMemory(0, 0x300000, 4, 'physical').bytes)).toBe(0xcafef00d);
    d.writeMemory(0, 0x301000, Uint8Array.of(0xef, 0xbe, 0xad, 0xde), 'physical');
    expect(u32(d.readMemory(0, 0x401000, 4).bytes)).toBe(0xdeadbeef);

    d.setBreakpoints([]);
    r.vm.resume();
    await r.vm.wait();
    // The guest prints [0x400000] and [0x401000] first.
    expect(r.serial().split('\n')[0]!.split(' ').slice(0, 2)).toEqual(['cafef00d', 'deadbeef']);
  });
});
