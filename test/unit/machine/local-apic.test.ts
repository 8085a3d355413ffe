import { describe, expect, it } from 'vitest';
import { LocalApic, LAPIC_DEFAULT_BASE } from '../../../src-main/core/machine/devices/local-apic';
import type { ApicMessage } from '../../../src-main/core/machine/devices/apic-message';

function setup(options: { afterFirmware?: boolean; bsp?: boolean } = {}) {
  const ipis: ApicMessage[] = [];
  const eois: number[] = [];
  const apic = new LocalApic({
    apicId: 2,
    bsp: options.bsp ?? true,
    sendIpi: (m) => ipis.push(m),
    onLevelEoi: (v) => eois.push(v),
    afterFirmware: options.afterFirmware ?? true,
  });
  const rd = (off: number) => apic.read(off, 4);
  const wr = (off: number, v: number) => apic.write(off, 4, v);
  return { apic, ipis, eois, rd, wr };
}

describe('local APIC registers', () => {
  it('reports ID, version and the firmware state SeaBIOS leaves under QEMU', () => {
    const { rd } = setup();
    expect(rd(0x20)).toBe(0x02000000);
    expect(rd(0x30)).toBe(0x00050014);
    expect(rd(0xe0)).toBe(0xffffffff);
    expect(rd(0xf0)).toBe(0x1ff);
    expect(rd(0x320)).toBe(0x10000);
    expect(rd(0x350)).toBe(0x8700);
    expect(rd(0x360)).toBe(0x8400);
    expect(rd(0x370)).toBe(0x10000);
  });

  it('has the SDM power-on state without firmware set-up', () => {
    const { rd, apic } = setup({ afterFirmware: false });
    expect(rd(0xf0)).toBe(0xff);
    expect(rd(0x350)).toBe(0x10000);
    expect(apic.softwareEnabled).toBe(false);
  });

  it('answers sub-dword accesses with 0 and ignores them (as QEMU)', () => {
    const { apic } = setup();
    expect(apic.read(0x20, 2)).toBe(0);
    apic.write(0x80, 1, 0x50);
    expect(apic.read(0x80, 4)).toBe(0);
  });

  it('keeps only writable bits of LDR, DFR and LVT entries; ID is writable in xAPIC mode', () => {
    const { rd, wr, apic } = setup();
    wr(0xd0, 0xffffffff);
    expect(rd(0xd0)).toBe(0xff000000);
    wr(0xe0, 0x0);
    expect(rd(0xe0)).toBe(0x0fffffff);
    wr(0x320, 0xffffffff);
    expect(rd(0x320)).toBe(0x300ff);
    wr(0x20, 0x07000000);
    expect(apic.apicId).toBe(7);
    wr(0x30, 0); // version is read-only
    expect(rd(0x30)).toBe(0x00050014);
  });
});

describe('local APIC interrupt acceptance and priority', () => {
  it('delivers the highest IRR vector, moves it to ISR on acknowledge, and clears ISR on EOI', () => {
    const { apic, rd, wr } = setup();
    apic.accept(0x41, false);
    apic.accept(0x62, false);
    expect(apic.pendingVector()).toBe(0x62);
    expect(rd(0x200 + 0x10 * 3)).toBe(1 << 2); // IRR word 3 bit 2
    apic.acknowledge(0x62);
    expect(rd(0x100 + 0x10 * 3)).toBe(1 << 2);
    expect(apic.pendingVector()).toBe(-1); // 0x41's class is below the in-service 0x62
    expect(rd(0xa0)).toBe(0x60); // PPR
    wr(0xb0, 0);
    expect(apic.pendingVector()).toBe(0x41);
  });

  it('masks vectors whose class is not above TPR', () => {
    const { apic, wr, rd } = setup();
    apic.accept(0x55, false);
    wr(0x80, 0x50);
    expect(apic.pendingVector()).toBe(-1);
    expect(rd(0xa0)).toBe(0x50);
    wr(0x80, 0x4f);
    expect(apic.pendingVector()).toBe(0x55);
  });

  it('signals EOI of level-triggered vectors for the I/O APIC', () => {
    const { apic, wr, eois, rd } = setup();
    apic.accept(0x70, true);
    expect(rd(0x180 + 0x10 * 3)).toBe(1 << 16); // TMR
    apic.acknowledge(0x70);
    wr(0xb0, 0);
    expect(eois).toEqual([0x70]);
  });

  it('delivers nothing while software-disabled and masks the LVT entries', () => {
    const { apic, wr, rd } = setup();
    apic.accept(0x40, false);
    wr(0xf0, 0xff);
    expect(apic.pendingVector()).toBe(-1);
    expect(rd(0x350) & 0x10000).toBe(0x10000);
    wr(0x320, 0x30); // cannot unmask while disabled
    expect(rd(0x320)).toBe(0x10030);
    wr(0xf0, 0x1ff);
    expect(apic.pendingVector()).toBe(0x40);
  });

  it('flags illegal vectors (below 16) in ESR after an ESR write', () => {
    const { apic, wr, rd, ipis } = setup();
    apic.accept(3, false);
    wr(0x300, 0x00004005); // fixed IPI with vector 5
    expect(ipis).toHaveLength(0);
    expect(rd(0x280)).toBe(0);
    wr(0x280, 0);
    expect(rd(0x280)).toBe(0x60);
  });
});

describe('local APIC ICR', () => {
  it('sends fixed IPIs to an APIC ID and with shorthands', () => {
    const { wr, rd, ipis } = setup();
    wr(0x310, 0x03000000);
    wr(0x300, 0x00004041);
    wr(0x300, 0x00044042); // self
    wr(0x300, 0x00084043); // all including self
    wr(0x300, 0x000c4044); // all but self
    wr(0x300, 0x00000800 | 0x45); // logical destination
    expect(ipis.map((m) => [m.vector, m.shorthand, m.destination, m.logical, m.source])).toEqual([
      [0x41, 0, 3, false, 2],
      [0x42, 1, 3, false, 2],
      [0x43, 2, 3, false, 2],
      [0x44, 3, 3, false, 2],
      [0x45, 0, 3, true, 2],
    ]);
    expect(rd(0x300) & 0x1000).toBe(0); // delivery status idle
    expect(rd(0x310)).toBe(0x03000000);
  });

  it('passes INIT and SIPI on with their delivery mode', () => {
    const { wr, ipis } = setup();
    wr(0x300, 0x000c4500);
    wr(0x300, 0x000c4608);
    expect(ipis.map((m) => [m.deliveryMode, m.vector])).toEqual([
      [5, 0],
      [6, 8],
    ]);
  });

  it('matches logical destinations in flat and cluster models', () => {
    const { apic, wr } = setup();
    wr(0xd0, 0x04000000);
    expect(apic.matchesLogical(0x04)).toBe(true);
    expect(apic.matchesLogical(0x0b)).toBe(false);
    wr(0xe0, 0x0fffffff); // cluster
    wr(0xd0, 0x21000000);
    expect(apic.matchesLogical(0x23)).toBe(true);
    expect(apic.matchesLogical(0x11)).toBe(false);
  });
});

describe('local APIC timer', () => {
  it('counts cost-model cycles through the divider and fires once in one-shot mode', () => {
    const { apic, wr, rd } = setup();
    wr(0x3e0, 0x0); // divide by 2
    wr(0x320, 0x40); // one-shot, vector 0x40
    wr(0x380, 100);
    apic.tick(50);
    expect(rd(0x390)).toBe(75);
    apic.tick(1);
    apic.tick(1); // remainder carries: 52 cycles = 26 ticks
    expect(rd(0x390)).toBe(74);
    apic.tick(148);
    expect(rd(0x390)).toBe(0);
    expect(apic.pendingVector()).toBe(0x40);
    apic.acknowledge(0x40);
    wr(0xb0, 0);
    apic.tick(10_000);
    expect(apic.pendingVector()).toBe(-1);
  });

  it('reloads in periodic mode', () => {
    const { apic, wr, rd } = setup();
    wr(0x3e0, 0xb); // divide by 1
    wr(0x320, 0x20000 | 0x50);
    wr(0x380, 10);
    apic.tick(10);
    expect(apic.pendingVector()).toBe(0x50);
    expect(rd(0x390)).toBe(10);
    apic.tick(13);
    expect(rd(0x390)).toBe(7);
  });

  it('decodes every divide configuration', () => {
    const { apic, wr } = setup();
    const divisors = [0x0, 0x1, 0x2, 0x3, 0x8, 0x9, 0xa, 0xb].map((v) => {
      wr(0x3e0, v);
      return apic.timerDivisor;
    });
    expect(divisors).toEqual([2, 4, 8, 16, 32, 64, 128, 1]);
  });

  it('does not raise a masked timer interrupt, and stops when the initial count is 0', () => {
    const { apic, wr, rd } = setup();
    wr(0x3e0, 0xb);
    wr(0x320, 0x10040);
    wr(0x380, 5);
    apic.tick(5);
    expect(apic.pendingVector()).toBe(-1);
    wr(0x380, 0);
    apic.tick(5);
    expect(rd(0x390)).toBe(0);
  });
});

describe('IA32_APIC_BASE', () => {
  it('reads base, enable and BSP bits', () => {
    expect(setup().apic.readBaseMsr()).toBe(0xfee00900);
    expect(setup({ bsp: false }).apic.readBaseMsr()).toBe(0xfee00800);
  });

  it('refuses reserved bits and x2APIC enable (the CPU raises #GP)', () => {
    const { apic } = setup();
    expect(apic.writeBaseMsr(0xfee00c00)).toBe(false);
    expect(apic.writeBaseMsr(0xfee00901, 0)).toBe(false);
    expect(apic.writeBaseMsr(0xfee00900, 1)).toBe(false);
  });

  it('hardware-disables (reset state, no interrupts) and re-enables as the SDM describes', () => {
    const { apic, rd, wr } = setup();
    wr(0x80, 0x20);
    apic.accept(0x40, false);
    expect(apic.writeBaseMsr(0xfee00000)).toBe(true);
    expect(apic.hardwareEnabled).toBe(false);
    apic.accept(0x41, false);
    expect(apic.pendingVector()).toBe(-1);
    expect(apic.writeBaseMsr(0xfee00800)).toBe(true);
    expect(apic.readBaseMsr()).toBe(0xfee00900); // BSP flag kept
    expect(rd(0x80)).toBe(0);
    expect(rd(0xf0)).toBe(0xff); // software-disabled after re-enable
    wr(0xf0, 0x1ff);
    expect(apic.pendingVector()).toBe(-1); // IRR was cleared
  });

  it('relocates the MMIO base', () => {
    const { apic } = setup();
    expect(apic.base).toBe(LAPIC_DEFAULT_BASE);
    apic.writeBaseMsr(0xfed00900);
    expect(apic.base).toBe(0xfed00000);
  });
});
