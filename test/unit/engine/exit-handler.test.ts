import { describe, expect, it } from 'vitest';
import type { AccessSize } from '../../../src-main/core/machine/platform';
import { ExitKind, handleExit, type ExitDevices, type VcpuExit } from '../../../src-main/engine/exit-handler';
import { RESP_STOP } from '../../../src-main/engine/vcpu-control';

/** A fake machine that records what the handler asked of it. */
class FakeDevices implements ExitDevices {
  readonly calls: string[] = [];
  stopping = false;
  portIn(port: number, size: AccessSize): number {
    this.calls.push(`in ${port.toString(16)}/${size}`);
    return port === 0x3fd ? 0x60 : 0xff;
  }
  portOut(port: number, size: AccessSize, value: number): void {
    this.calls.push(`out ${port.toString(16)}/${size}=${value.toString(16)}`);
    if (port === 0xf4) this.stopping = true;
  }
  mmioRead(addr: number, size: AccessSize): number {
    this.calls.push(`mmio-read ${addr.toString(16)}/${size}`);
    return 0x11223344;
  }
  mmioWrite(addr: number, size: AccessSize, value: number): void {
    this.calls.push(`mmio-write ${addr.toString(16)}/${size}=${value.toString(16)}`);
  }
  ioapicEoi(vector: number): void {
    this.calls.push(`eoi ${vector.toString(16)}`);
  }
}

const exit = (kind: number, addr: number, size: number, value = 0): VcpuExit => ({ vcpu: 0, kind, addr, size, value });

describe('handleExit (fabricated exits)', () => {
  it('sends port reads to the bus and returns their value', () => {
    const d = new FakeDevices();
    expect(handleExit(exit(ExitKind.ioIn, 0x3fd, 1), d)).toEqual({ value: 0x60, flags: 0 });
    expect(d.calls).toEqual(['in 3fd/1']);
  });

  it('sends port writes with their width and value', () => {
    const d = new FakeDevices();
    handleExit(exit(ExitKind.ioOut, 0x3f8, 1, 0x41), d);
    handleExit(exit(ExitKind.ioOut, 0x510, 2, 5), d);
    expect(d.calls).toEqual(['out 3f8/1=41', 'out 510/2=5']);
  });

  it('answers an isa-debug-exit write with the stop flag', () => {
    const d = new FakeDevices();
    expect(handleExit(exit(ExitKind.ioOut, 0xf4, 1, 3), d).flags).toBe(RESP_STOP);
  });

  it('handles MMIO above 2 GiB as unsigned addresses', () => {
    const d = new FakeDevices();
    const r = handleExit(exit(ExitKind.mmioRead, 0xfec00010 | 0, 4), d);
    expect(r.value).toBe(0x11223344);
    handleExit(exit(ExitKind.mmioWrite, 0xfec00000 | 0, 4, 0x10), d);
    expect(d.calls).toEqual(['mmio-read fec00010/4', 'mmio-write fec00000/4=10']);
  });

  it('passes a level-triggered EOI to the I/O APIC', () => {
    const d = new FakeDevices();
    handleExit(exit(ExitKind.ioapicEoi, 0, 0, 0x31), d);
    expect(d.calls).toEqual(['eoi 31']);
  });

  it('needs no device for state exits', () => {
    const d = new FakeDevices();
    for (const k of [ExitKind.hlt, ExitKind.shutdown, ExitKind.debug, ExitKind.internalError, ExitKind.finished]) {
      expect(handleExit(exit(k, 0, 0), d)).toEqual({ value: 0, flags: 0 });
    }
    expect(d.calls).toEqual([]);
  });

  it('reuses the response record it is given (no allocation per exit)', () => {
    const d = new FakeDevices();
    const out = { value: 0, flags: 0 };
    expect(handleExit(exit(ExitKind.ioIn, 0x3fd, 1), d, out)).toBe(out);
    expect(out.value).toBe(0x60);
  });
});
