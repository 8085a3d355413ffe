import { describe, expect, it } from 'vitest';
import { IoBus } from '../../../src-main/core/machine/bus';
import type { IoHandler } from '../../../src-main/core/machine/io-device';
import { PhysicalRam } from '../../../src-main/core/machine/ram';
import type { AccessSize } from '../../../src-main/core/machine/platform';

/** A device that records accesses and answers reads with base + offset. */
class Recorder implements IoHandler {
  log: string[] = [];
  constructor(
    readonly maxAccess: AccessSize,
    private readonly answer = 0x40,
  ) {}
  read(offset: number, size: AccessSize): number {
    this.log.push(`r${offset}/${size}`);
    return this.answer + offset;
  }
  write(offset: number, size: AccessSize, value: number): void {
    this.log.push(`w${offset}/${size}=${value.toString(16)}`);
  }
}

describe('IoBus ports', () => {
  it('routes accesses to the claiming device with the offset inside its range', () => {
    const bus = new IoBus();
    const dev = new Recorder(4);
    bus.registerPorts('dev', 0x3f8, 8, dev);
    expect(bus.portIn(0x3fa, 1)).toBe(0x42);
    bus.portOut(0x3fc, 2, 0x1234);
    expect(dev.log).toEqual(['r2/1', 'w4/2=1234']);
  });

  it('rejects overlapping port ranges with both names in the message', () => {
    const bus = new IoBus();
    bus.registerPorts('com1', 0x3f8, 8, new Recorder(1));
    expect(() => bus.registerPorts('other', 0x3ff, 2, new Recorder(1))).toThrow(/other \[0x3ff–0x400\] overlaps com1 \[0x3f8–0x3ff\]/);
    expect(() => bus.registerPorts('bad', 0xffff, 2, new Recorder(1))).toThrow(/invalid/);
    bus.registerPorts('next', 0x400, 1, new Recorder(1)); // adjacent is fine
  });

  it('reads unclaimed ports as all ones, ignores writes, and counts both', () => {
    const bus = new IoBus();
    expect(bus.portIn(0x80, 1)).toBe(0xff);
    expect(bus.portIn(0x80, 2)).toBe(0xffff);
    expect(bus.portIn(0x80, 4)).toBe(0xffffffff);
    bus.portOut(0x80, 1, 0);
    expect(bus.counters.unclaimedPortReads).toBe(1 + 2 + 4);
    expect(bus.counters.unclaimedPortWrites).toBe(1);
  });

  it('splits accesses wider than a device handles into little-endian byte accesses', () => {
    const bus = new IoBus();
    const dev = new Recorder(1, 0x10);
    bus.registerPorts('dev', 0x100, 2, dev);
    // 0x100 → 0x10, 0x101 → 0x11, 0x102/0x103 unclaimed → 0xff
    expect(bus.portIn(0x100, 4)).toBe(0xffff1110);
    bus.portOut(0x100, 2, 0xabcd);
    expect(dev.log.slice(-2)).toEqual(['w0/1=cd', 'w1/1=ab']);
  });
});

describe('IoBus MMIO', () => {
  it('finds devices by binary search among sorted ranges, whatever the registration order', () => {
    const bus = new IoBus();
    const a = new Recorder(4, 0x100);
    const b = new Recorder(4, 0x200);
    const c = new Recorder(4, 0x300);
    bus.registerMmio('c', 0xff000000, 0x10000, c);
    bus.registerMmio('a', 0xfec00000, 0x1000, a);
    bus.registerMmio('b', 0xfed00000, 0x1000, b);
    expect(bus.mmioRead(0xfec00010, 4)).toBe(0x110);
    expect(bus.mmioRead(0xfed00004, 4)).toBe(0x204);
    expect(bus.mmioRead(0xff00fffc, 4)).toBe(0x300 + 0xfffc);
    expect(bus.findMmio(0xfec01000)).toBeNull();
    expect(bus.ranges().mmio.map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('rejects overlapping MMIO ranges', () => {
    const bus = new IoBus();
    bus.registerMmio('ioapic', 0xfec00000, 0x1000, new Recorder(4));
    expect(() => bus.registerMmio('x', 0xfebfff00, 0x200, new Recorder(4))).toThrow(/x .* overlaps ioapic/);
    expect(() => bus.registerMmio('y', 0xffffffff, 2, new Recorder(4))).toThrow(/invalid/);
  });

  it('reads unbacked addresses as 0xFF bytes, ignores writes, counts both', () => {
    const ram = new PhysicalRam({ size: 2 * 1024 * 1024 });
    const bus = new IoBus(ram);
    expect(bus.mmioRead(0x80000000, 4)).toBe(0xffffffff);
    expect(bus.mmioRead(0x80000000, 1)).toBe(0xff);
    bus.mmioWrite(0x80000000, 2, 0x1234);
    expect(bus.counters.unbackedReads).toBe(5);
    expect(bus.counters.unbackedWrites).toBe(2);
    // A dword straddling the end of RAM: RAM bytes then 0xFF bytes.
    ram.u8.set([1, 2], ram.size - 2);
    expect(bus.mmioRead(ram.size - 2, 4)).toBe(0xffff0201);
  });

  it('serves firmware-area reads from RAM and ignores writes there', () => {
    const ram = new PhysicalRam({ size: 2 * 1024 * 1024 });
    const bus = new IoBus(ram);
    ram.u8.set([0x52, 0x53, 0x44, 0x20], 0xf0000);
    expect(bus.mmioRead(0xf0000, 4)).toBe(0x20445352);
    bus.mmioWrite(0xf0000, 4, 0);
    expect(ram.u8[0xf0000]).toBe(0x52);
    expect(bus.counters.firmwareWrites).toBe(4);
  });
});

describe('PhysicalRam', () => {
  it('defaults to 64 MiB shared memory and loads bytes at physical addresses', () => {
    const ram = new PhysicalRam();
    expect(ram.size).toBe(64 * 1024 * 1024);
    expect(ram.buffer).toBeInstanceOf(SharedArrayBuffer);
    ram.load(0x100000, new Uint8Array([1, 2, 3, 4]));
    expect(ram.readU32(0x100000)).toBe(0x04030201);
    expect(() => ram.load(ram.size - 2, new Uint8Array(4))).toThrow(/outside RAM/);
  });

  it('validates sizes with clear errors', () => {
    expect(() => new PhysicalRam({ size: 3 * 1024 * 1024 * 1024 + 4096 })).toThrow(/outside 2 MiB..3 GiB/);
    expect(() => new PhysicalRam({ size: 1000 })).toThrow(/4 KiB pages/);
  });

  it('can hold the 3 GiB maximum in one buffer on this host', () => {
    const ram = new PhysicalRam({ size: 3 * 1024 * 1024 * 1024 });
    ram.u8[ram.size - 1] = 0x5a;
    expect(ram.u8[ram.size - 1]).toBe(0x5a);
  });
});
