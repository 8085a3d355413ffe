/**
 * Debugger watchpoints on the CPU's memory path (core/cpu/watch.ts): a watch fires exactly on the accesses
 * that share a byte with it and have its kind (a property over random watches and accesses, the wrap at
 * 4 GiB included), records the bytes before the access, and costs nothing once disarmed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../../src-main/core/cpu/cpu';
import { readLin16, readLin32, readLin8, writeLin16, writeLin32, writeLin8 } from '../../../src-main/core/cpu/memory';
import { noteAccess, overlaps, setWatches, STOP_DEBUG_EVENT, WATCH_ACCESS, WATCH_READ, WATCH_WRITE, type Watch } from '../../../src-main/core/cpu/watch';
import { TestBus } from './harness';

const RAM = 1 << 16;
const newCpu = (): Cpu => new Cpu({ u8: new Uint8Array(RAM), size: RAM }, new TestBus(), null, null, {});

/** The bytes [a, a+n) as a set of 32-bit addresses. */
const bytes = (a: number, n: number): Set<number> => new Set(Array.from({ length: n }, (_, i) => (a + i) >>> 0));
const sharesByte = (w: { address: number; length: number }, a: number, n: number): boolean => [...bytes(a, n)].some((b) => bytes(w.address, w.length).has(b));

describe('watchpoints', () => {
  it('overlaps() agrees with a byte-by-byte comparison, across the 4 GiB wrap', () => {
    const addr = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0xfffffff8, max: 0xffffffff }), fc.integer({ min: 0, max: 8 }));
    fc.assert(fc.property(addr, fc.constantFrom(1, 2, 4), addr, fc.constantFrom(1, 2, 4), (wa, wl, a, n) => {
      const w: Watch = { id: 1, address: wa, length: wl, kinds: WATCH_ACCESS };
      expect(overlaps(w, a | 0, n)).toBe(sharesByte(w, a, n));
    }), { numRuns: 2000 });
  });

  it('fires exactly on overlapping accesses of its kind, through readLin/writeLin', () => {
    const cpu = newCpu();
    const read = [readLin8, readLin16, readLin32], write = [writeLin8, writeLin16, writeLin32];
    fc.assert(fc.property(
      fc.integer({ min: 0x100, max: 0x140 }), fc.constantFrom(1, 2, 4), fc.constantFrom(WATCH_READ, WATCH_WRITE, WATCH_ACCESS),
      fc.integer({ min: 0xf8, max: 0x148 }), fc.constantFrom(0, 1, 2), fc.boolean(), fc.integer({ min: 0, max: 0xffffffff }),
      (wa, wl, kinds, a, sz, isWrite, value) => {
        setWatches(cpu, [{ id: 1, address: wa, length: wl, kinds }]);
        cpu.stopReason = 0;
        const before = Array.from(cpu.ram.subarray(wa, wa + wl));
        if (isWrite) write[sz]!(cpu, a, value, 0); else read[sz]!(cpu, a, 0);
        const expected = sharesByte({ address: wa, length: wl }, a, 1 << sz) && (kinds & (isWrite ? WATCH_WRITE : WATCH_READ)) !== 0;
        expect(cpu.watchHit !== null).toBe(expected);
        expect(cpu.stopReason).toBe(expected ? STOP_DEBUG_EVENT : 0);
        if (expected) expect(cpu.watchHit).toMatchObject({ access: a, size: 1 << sz, write: isWrite, before });
      },
    ), { numRuns: 3000 });
  });

  it('keeps the first hit of an instruction; a disarmed list never looks', () => {
    const cpu = newCpu();
    setWatches(cpu, [{ id: 1, address: 0x200, length: 4, kinds: WATCH_WRITE }, { id: 2, address: 0x300, length: 1, kinds: WATCH_WRITE }]);
    expect(cpu.watchArmed).toBe(true);
    noteAccess(cpu, 0x300, 1, true);
    noteAccess(cpu, 0x202, 2, true);
    expect(cpu.watchHit?.watch.id).toBe(2);
    setWatches(cpu, []);
    expect(cpu.watchArmed).toBe(false);
    writeLin32(cpu, 0x200, 1, 0);
    expect(cpu.watchHit).toBeNull();
  });
});
