import { describe, expect, it } from 'vitest';
import { DebugExit, debugExitStatus } from '../../../src-main/core/machine/devices/debug-exit';
import { DebugCon } from '../../../src-main/core/machine/devices/debugcon';
import { Pic8259 } from '../../../src-main/core/machine/devices/pic8259';
import { FwCfg } from '../../../src-main/core/machine/devices/fw-cfg';
import { TestdevIomem, TestdevIrq, TestdevLatch } from '../../../src-main/core/machine/devices/pc-testdev';

describe('isa-debug-exit', () => {
  it('passes the written value to RunControl; the status is (v << 1) | 1', () => {
    const seen: number[] = [];
    const dev = new DebugExit({ requestExit: (v) => seen.push(v) });
    dev.write(0, 1, 0x10);
    dev.write(0, 4, 0x12345678);
    expect(seen).toEqual([0x10, 0x12345678]);
    expect(debugExitStatus(0x10)).toBe(0x21);
    expect(debugExitStatus(0)).toBe(1);
    expect(debugExitStatus(0xff)).toBe(0xff);
  });
});

describe('debugcon', () => {
  it('sends bytes to its sink and reads back 0xE9', () => {
    const out: number[] = [];
    const dev = new DebugCon((b) => out.push(b));
    dev.write(0, 1, 0x41);
    expect(out).toEqual([0x41]);
    expect(dev.read()).toBe(0xe9);
  });
});

describe('8259 PIC stub', () => {
  it('accepts the ICW1–ICW4 sequence and mask writes, and delivers nothing', () => {
    const pic = new Pic8259();
    pic.imr = 0xb8;
    pic.write(0, 1, 0x11); // ICW1: edge, cascade, ICW4 needed
    expect(pic.read(1)).toBe(0); // ICW1 clears the mask
    pic.write(1, 1, 0x20); // ICW2: vectors 0x20–0x27
    pic.write(1, 1, 0x04); // ICW3
    pic.write(1, 1, 0x01); // ICW4: 8086 mode
    expect(pic.initialised).toBe(true);
    expect(pic.vectorBase).toBe(0x20);
    pic.write(1, 1, 0xfb); // OCW1
    expect(pic.read(1)).toBe(0xfb);
    pic.write(0, 1, 0x20); // EOI
    pic.write(0, 1, 0x0b); // OCW3: read ISR
    expect(pic.readsIsr).toBe(true);
    expect(pic.read(0)).toBe(0);
  });

  it('does without ICW4 when ICW1 says so', () => {
    const pic = new Pic8259();
    pic.write(0, 1, 0x10);
    pic.write(1, 1, 0x08);
    pic.write(1, 1, 0x00);
    expect(pic.initialised).toBe(true);
    pic.write(1, 1, 0xff);
    expect(pic.read(1)).toBe(0xff);
  });
});

describe('fw_cfg (legacy I/O)', () => {
  const cfg = () => new FwCfg({ ramSize: 64 * 1024 * 1024, vcpus: 3 });
  const readBytes = (dev: FwCfg, n: number) => Array.from({ length: n }, () => dev.read(1, 1));

  it('returns the "QEMU" signature, resetting the offset on every select', () => {
    const dev = cfg();
    dev.write(0, 2, 0x0000);
    expect(String.fromCharCode(...readBytes(dev, 4))).toBe('QEMU');
    expect(dev.read(1, 1)).toBe(0); // past the end
    dev.write(0, 2, 0x0000);
    expect(String.fromCharCode(...readBytes(dev, 2))).toBe('QE');
  });

  it('reports id, RAM size (u64 LE) and vCPU count (u16 LE)', () => {
    const dev = cfg();
    dev.write(0, 2, 0x0001);
    expect(readBytes(dev, 4)).toEqual([1, 0, 0, 0]);
    dev.write(0, 2, 0x0003);
    expect(readBytes(dev, 8)).toEqual([0, 0, 0, 4, 0, 0, 0, 0]);
    dev.write(0, 2, 0x0005);
    expect(readBytes(dev, 2)).toEqual([3, 0]);
  });

  it('selects only on 16-bit writes at 0x510 and reads data bytes at either port', () => {
    const dev = cfg();
    dev.write(0, 2, 0x0000);
    expect(dev.read(0, 1)).toBe(0x51); // 'Q' through the selector port, as QEMU's combined port
    dev.write(0, 1, 0x05); // a byte write is a (dropped) data write, not a select
    expect(dev.read(1, 1)).toBe(0x45);
    expect(dev.read(0, 2)).toBe(0); // invalid width: 0, nothing consumed
    expect(dev.read(1, 1)).toBe(0x4d);
  });

  it('reads unknown keys as zeros', () => {
    const dev = cfg();
    dev.write(0, 2, 0x1234);
    expect(readBytes(dev, 3)).toEqual([0, 0, 0]);
  });
});

describe('pc-testdev', () => {
  it('keeps a 32-bit latch written and read at any width from offset addr & 3', () => {
    const latch = new TestdevLatch();
    latch.write(0, 4, 0x11223344);
    expect(latch.read(0, 4)).toBe(0x11223344);
    expect(latch.read(1, 1)).toBe(0x33);
    expect(latch.read(2, 2)).toBe(0x1122);
    latch.write(3, 1, 0xaa);
    expect(latch.read(0, 4)).toBe(0xaa223344);
    latch.write(2, 2, 0xbeef);
    expect(latch.read(0, 4)).toBe(0xbeef3344);
  });

  it('ignores misaligned latch accesses and the flush port, as QEMU does', () => {
    const latch = new TestdevLatch();
    latch.write(0, 4, 0x11223344);
    latch.write(1, 2, 0xbeef);
    expect(latch.read(0, 4)).toBe(0x11223344);
    expect(latch.read(1, 2)).toBe(0);
    latch.write(4, 4, 0x1000);
    expect(latch.read(4, 4)).toBe(0);
  });

  it('raises ISA IRQ n on a non-zero write to 0x2000+n and lowers it on zero', () => {
    const calls: [number, boolean][] = [];
    const dev = new TestdevIrq({ setIrq: (n, l) => calls.push([n, l]) });
    dev.write(4, 1, 1);
    dev.write(4, 1, 0);
    dev.write(23, 1, 0x80);
    expect(calls).toEqual([
      [4, true],
      [4, false],
      [23, true],
    ]);
  });

  it('backs 64 KiB of MMIO with plain memory', () => {
    const mem = new TestdevIomem();
    mem.write(0xfffc, 4, 0xdeadbeef);
    expect(mem.read(0xfffc, 4)).toBe(0xdeadbeef);
    expect(mem.read(0xfffd, 2)).toBe(0xadbe);
    mem.write(0x10, 1, 0x7f);
    expect(mem.read(0x10, 4)).toBe(0x7f);
  });
});
