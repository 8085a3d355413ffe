import { describe, expect, it } from 'vitest';
import { IoApic } from '../../../src-main/core/machine/devices/ioapic';
import type { ApicMessage } from '../../../src-main/core/machine/devices/apic-message';

function setup() {
  const sent: ApicMessage[] = [];
  const io = new IoApic((m) => sent.push(m));
  const reg = (index: number) => {
    io.write(0x00, 4, index);
    return io.read(0x10, 4);
  };
  const setReg = (index: number, value: number) => {
    io.write(0x00, 4, index);
    io.write(0x10, 4, value);
  };
  return { io, sent, reg, setReg };
}

describe('I/O APIC', () => {
  it('has ID 0, version 0x20 with 24 entries, and masked redirection entries', () => {
    const { reg, io } = setup();
    expect(reg(0)).toBe(0);
    expect(reg(1)).toBe(0x00170020);
    expect(reg(0x10)).toBe(0x00010000);
    expect(reg(0x11)).toBe(0);
    expect(reg(0x3e)).toBe(0x00010000);
    expect(reg(0x40)).toBe(0); // past entry 23
    expect(io.read(0x00, 4)).toBe(0x40); // IOREGSEL reads back
  });

  it('keeps writable ID bits and redirection fields, read-only bits untouched (reserved bits as QEMU)', () => {
    const { reg, setReg } = setup();
    setReg(0, 0x0f000000);
    expect(reg(0)).toBe(0x0f000000);
    setReg(0x18, 0xffffffff);
    expect(reg(0x18)).toBe(0xffffafff);
    setReg(0x19, 0xffffffff);
    expect(reg(0x19)).toBe(0xffffffff);
  });

  it('routes an edge-triggered ISA IRQ to its vector and destination on the rising edge', () => {
    const { io, sent, setReg } = setup();
    setReg(0x10 + 2 * 4, 0x31); // pin 4: vector 0x31, fixed, physical, edge, unmasked
    setReg(0x11 + 2 * 4, 0x01000000); // APIC ID 1
    io.setIrq(4, true);
    io.setIrq(4, true); // still high: no new edge
    io.setIrq(4, false);
    expect(sent).toEqual([
      { vector: 0x31, deliveryMode: 0, logical: false, destination: 1, levelTriggered: false, shorthand: 0, source: -1 },
    ]);
  });

  it('drops an edge that arrives while the pin is masked (82093AA, and QEMU); the next edge gets through', () => {
    const { io, sent, setReg } = setup();
    setReg(0x10 + 2 * 5, 0x10045);
    io.setIrq(5, true);
    expect(sent).toHaveLength(0);
    setReg(0x10 + 2 * 5, 0x00045);
    expect(sent).toHaveLength(0);
    io.setIrq(5, false);
    io.setIrq(5, true);
    expect(sent.map((m) => m.vector)).toEqual([0x45]);
  });

  it('reads the arbitration register as the I/O APIC ID', () => {
    const { reg, setReg } = setup();
    setReg(0, 0x0a000000);
    expect(reg(2)).toBe(0x0a000000);
  });

  it('maps ISA IRQ 0 to pin 2', () => {
    const { io, sent, setReg } = setup();
    setReg(0x10 + 2 * 2, 0x20);
    io.setIrq(0, true);
    expect(sent.map((m) => m.vector)).toEqual([0x20]);
  });

  it('holds a level interrupt in remote IRR until EOI, then redelivers while the line stays high', () => {
    const { io, sent, reg, setReg } = setup();
    setReg(0x10 + 2 * 9, 0x8000 | 0x50); // level, vector 0x50
    io.setIrq(9, true);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.levelTriggered).toBe(true);
    expect(reg(0x10 + 2 * 9) & 0x4000).toBe(0x4000); // remote IRR
    io.setIrq(9, true);
    expect(sent).toHaveLength(1);
    io.endOfInterrupt(0x50);
    expect(sent).toHaveLength(2); // still asserted
    io.setIrq(9, false);
    io.endOfInterrupt(0x50);
    expect(sent).toHaveLength(2);
    expect(reg(0x10 + 2 * 9) & 0x4000).toBe(0);
  });

  it('accepts EOI through its EOI register (version 0x20)', () => {
    const { io, sent, setReg } = setup();
    setReg(0x10 + 2 * 10, 0x8000 | 0x60);
    io.setIrq(10, true);
    io.write(0x40, 4, 0x60);
    expect(sent).toHaveLength(2);
  });
});
