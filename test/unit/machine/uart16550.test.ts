import { describe, expect, it } from 'vitest';
import { Uart16550 } from '../../../src-main/core/machine/devices/uart16550';

function setup() {
  const out: number[] = [];
  const irq: boolean[] = [];
  const uart = new Uart16550(
    (b) => out.push(b),
    (level) => irq.push(level),
  );
  const rd = (reg: number) => uart.read(reg);
  const wr = (reg: number, v: number) => uart.write(reg, 1, v);
  return { uart, out, irq, rd, wr };
}

describe('16550A UART', () => {
  it('has the reset state QEMU gives it', () => {
    const { rd } = setup();
    expect(rd(1)).toBe(0); // IER
    expect(rd(2)).toBe(0x01); // IIR: no interrupt, FIFOs off
    expect(rd(3)).toBe(0); // LCR
    expect(rd(4)).toBe(0x08); // MCR: OUT2
    expect(rd(5)).toBe(0x60); // LSR: THRE | TEMT
    expect(rd(6)).toBe(0xb0); // MSR: DCD | DSR | CTS
  });

  it('sends THR bytes to the sink with THRE and TEMT always set', () => {
    const { out, rd, wr } = setup();
    for (const c of 'hi\n') wr(0, c.charCodeAt(0));
    expect(String.fromCharCode(...out)).toBe('hi\n');
    expect(rd(5) & 0x60).toBe(0x60);
  });

  it('maps the divisor latch over THR/IER while LCR.DLAB is set', () => {
    const { uart, out, rd, wr } = setup();
    wr(3, 0x80);
    wr(0, 0x01);
    wr(1, 0x02);
    expect(rd(0)).toBe(0x01);
    expect(rd(1)).toBe(0x02);
    expect(uart.divisorLatch).toBe(0x0201);
    wr(3, 0x03);
    expect(out).toEqual([]); // divisor writes are not output
    expect(rd(1)).toBe(0);
    expect(rd(3)).toBe(0x03);
  });

  it('keeps the scratch register', () => {
    const { rd, wr } = setup();
    wr(7, 0x5a);
    expect(rd(7)).toBe(0x5a);
  });

  it('reports received bytes in LSR.DR and raises IRQ 4 when the receive interrupt is enabled', () => {
    const { uart, irq, rd, wr } = setup();
    uart.receive([0x41, 0x42]);
    expect(rd(5) & 1).toBe(1);
    expect(irq).toEqual([]); // IER.RDI off
    wr(1, 0x01);
    expect(irq).toEqual([true]);
    expect(rd(2)).toBe(0x04);
    expect(rd(0)).toBe(0x41);
    expect(rd(0)).toBe(0x42);
    expect(rd(5) & 1).toBe(0);
    expect(irq).toEqual([true, false]);
    expect(rd(2)).toBe(0x01);
  });

  it('raises the THR-empty interrupt on enable and after each byte; reading IIR acknowledges it', () => {
    const { irq, rd, wr } = setup();
    wr(1, 0x02);
    expect(irq).toEqual([true]);
    expect(rd(2)).toBe(0x02);
    expect(irq).toEqual([true, false]);
    expect(rd(2)).toBe(0x01);
    wr(0, 0x30);
    expect(irq).toEqual([true, false, true]);
  });

  it('prioritises received data over THR empty and shows FIFO-enabled bits in IIR', () => {
    const { uart, rd, wr } = setup();
    wr(2, 0x07); // enable + reset FIFOs
    wr(1, 0x03);
    uart.receive([0x61]);
    expect(rd(2)).toBe(0xc4);
    rd(0);
    expect(rd(2)).toBe(0xc2);
    expect(rd(2)).toBe(0xc1);
  });

  it('FCR receiver reset discards queued input', () => {
    const { uart, rd, wr } = setup();
    uart.receive([1, 2, 3]);
    wr(2, 0x03);
    expect(uart.pendingInput).toBe(0);
    expect(rd(5) & 1).toBe(0);
  });

  it('loops transmitted bytes back to the receiver in loopback mode', () => {
    const { out, rd, wr } = setup();
    wr(4, 0x10 | 0x0b);
    wr(0, 0x77);
    expect(out).toEqual([]);
    expect(rd(5) & 1).toBe(1);
    expect(rd(0)).toBe(0x77);
    expect(rd(6) & 0xf0).toBe(0xb0); // DTR→DSR, RTS→CTS, OUT2→DCD
  });
});
