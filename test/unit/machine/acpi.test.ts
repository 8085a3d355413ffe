import { describe, expect, it } from 'vitest';
import { PhysicalRam } from '../../../src-main/core/machine/ram';
import { installAcpiTables, uniformNuma } from '../../../src-main/core/machine/acpi/install';
import type { NumaLayout } from '../../../src-main/core/machine/acpi/tables';

/** A minimal ACPI reader, as a guest OS would walk the tables. */
class AcpiReader {
  constructor(private readonly m: Uint8Array) {}
  u8 = (a: number) => this.m[a]!;
  u16 = (a: number) => this.m[a]! | (this.m[a + 1]! << 8);
  u32 = (a: number) => (this.u16(a) | (this.u16(a + 2) << 16)) >>> 0;
  u64 = (a: number) => this.u32(a) + this.u32(a + 4) * 2 ** 32;
  str = (a: number, n: number) => String.fromCharCode(...this.m.subarray(a, a + n));
  sum = (a: number, n: number) => this.m.subarray(a, a + n).reduce((s, b) => (s + b) & 0xff, 0);

  /** Scans 0xE0000–0xFFFFF on 16-byte boundaries for a valid RSDP, as the ACPI spec says. */
  findRsdp(): number {
    for (let a = 0xe0000; a < 0x100000; a += 16) if (this.str(a, 8) === 'RSD PTR ' && this.sum(a, 20) === 0) return a;
    throw new Error('no RSDP');
  }

  tables(): Map<string, number> {
    const rsdt = this.u32(this.findRsdp() + 16);
    expect(this.str(rsdt, 4)).toBe('RSDT');
    expect(this.sum(rsdt, this.u32(rsdt + 4))).toBe(0);
    const out = new Map<string, number>();
    for (let p = rsdt + 36; p < rsdt + this.u32(rsdt + 4); p += 4) {
      const t = this.u32(p);
      expect(this.sum(t, this.u32(t + 4))).toBe(0);
      out.set(this.str(t, 4), t);
    }
    return out;
  }

  /** Entries after a table's fixed part: [type, offset]. */
  entries(table: number, fixed: number): [number, number][] {
    const out: [number, number][] = [];
    for (let p = table + fixed; p < table + this.u32(table + 4); p += this.u8(p + 1)) out.push([this.u8(p), p]);
    return out;
  }
}

function build(vcpus: number, numa?: NumaLayout) {
  const ram = new PhysicalRam({ size: 64 * 1024 * 1024, shared: false });
  const placement = installAcpiTables(ram, {
    apicIds: Array.from({ length: vcpus }, (_, i) => i),
    lapicAddress: 0xfee00000,
    ioapicId: 0,
    ioapicAddress: 0xfec00000,
    numa: numa ?? uniformNuma(vcpus, ram.size),
  });
  return { r: new AcpiReader(ram.u8), placement };
}

const RH65_LIKE: NumaLayout = {
  nodes: [
    { vcpus: [0, 1], memory: [{ base: 0, length: 0xa0000 }, { base: 0x100000, length: 0x1f00000 }] },
    { vcpus: [2, 3], memory: [{ base: 0x2000000, length: 0x2000000 }] },
  ],
  distances: [
    [10, 21],
    [21, 10],
  ],
};

describe('ACPI tables', () => {
  it('puts a checksummed RSDP in 0xE0000–0xFFFFF pointing at an RSDT that lists MADT, SRAT and SLIT', () => {
    const { r, placement } = build(2);
    const rsdp = r.findRsdp();
    expect(rsdp).toBe(placement.rsdp);
    expect(r.u8(rsdp + 15)).toBe(0); // revision 0: RSDT only
    expect([...r.tables().keys()]).toEqual(['APIC', 'SRAT', 'SLIT']);
  });

  it('MADT: one enabled local APIC per vCPU, the I/O APIC, IRQ0→GSI2 override', () => {
    const { r } = build(4);
    const madt = r.tables().get('APIC')!;
    expect(r.u32(madt + 36)).toBe(0xfee00000);
    expect(r.u32(madt + 40) & 1).toBe(1);
    const entries = r.entries(madt, 44);
    const lapics = entries.filter(([t]) => t === 0).map(([, p]) => [r.u8(p + 2), r.u8(p + 3), r.u32(p + 4)]);
    expect(lapics).toEqual([
      [0, 0, 1],
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ]);
    const ioapic = entries.find(([t]) => t === 1)![1];
    expect([r.u8(ioapic + 1), r.u8(ioapic + 2), r.u32(ioapic + 4), r.u32(ioapic + 8)]).toEqual([12, 0, 0xfec00000, 0]);
    const override = entries.find(([t]) => t === 2)![1];
    expect([r.u8(override + 1), r.u8(override + 2), r.u8(override + 3), r.u32(override + 4), r.u16(override + 8)]).toEqual([
      10, 0, 0, 2, 0,
    ]);
  });

  it('SRAT and SLIT describe the guest NUMA topology', () => {
    const { r } = build(4, RH65_LIKE);
    const t = r.tables();
    const srat = t.get('SRAT')!;
    const entries = r.entries(srat, 48);
    const cpus = entries.filter(([k]) => k === 0).map(([, p]) => [r.u8(p + 3), r.u8(p + 2), r.u32(p + 4) & 1]);
    expect(cpus).toEqual([
      [0, 0, 1],
      [1, 0, 1],
      [2, 1, 1],
      [3, 1, 1],
    ]);
    const mem = entries.filter(([k]) => k === 1).map(([, p]) => [r.u32(p + 2), r.u64(p + 8), r.u64(p + 16), r.u32(p + 28)]);
    expect(mem).toEqual([
      [0, 0, 0xa0000, 1],
      [0, 0x100000, 0x1f00000, 1],
      [1, 0x2000000, 0x2000000, 1],
    ]);
    const slit = t.get('SLIT')!;
    expect(r.u64(slit + 36)).toBe(2);
    expect(Array.from({ length: 4 }, (_, i) => r.u8(slit + 44 + i))).toEqual([10, 21, 21, 10]);
  });

  it('describes a single node by default', () => {
    const { r } = build(2);
    const slit = r.tables().get('SLIT')!;
    expect(r.u64(slit + 36)).toBe(1);
    expect(r.u8(slit + 44)).toBe(10);
  });
});
