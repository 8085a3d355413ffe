import { describe, expect, it } from 'vitest';
import { LINE_INIT, LINE_SIPI } from '../../../src-main/core/machine/platform';
import { PcPlatform } from '../../../src-main/core/machine/pc';
import { LocalApic } from '../../../src-main/core/machine/devices/local-apic';

function pc(vcpus = 2) {
  const serial: number[] = [];
  const debug: number[] = [];
  const machine = new PcPlatform({
    vcpus,
    ramSize: 32 * 1024 * 1024,
    sharedRam: false,
    serialSink: (b) => serial.push(b),
    debugconSink: (b) => debug.push(b),
  });
  return { machine, serial, debug, bus0: machine.busFor(0), bus1: vcpus > 1 ? machine.busFor(1) : machine.busFor(0) };
}

/** Programs I/O APIC pin `pin` through MMIO as a guest would. */
function route(bus: ReturnType<typeof pc>['bus0'], pin: number, low: number, apicId: number) {
  bus.mmioWrite(0xfec00000, 4, 0x10 + 2 * pin);
  bus.mmioWrite(0xfec00010, 4, low);
  bus.mmioWrite(0xfec00000, 4, 0x11 + 2 * pin);
  bus.mmioWrite(0xfec00010, 4, apicId << 24);
}

describe('PcPlatform', () => {
  it('registers the PC devices without overlaps', () => {
    const { machine } = pc();
    expect(machine.bus.ranges().ports.map((r) => r.name)).toEqual([
      'pic-master',
      'pic-slave',
      'pc-testdev',
      'debugcon',
      'isa-debug-exit',
      'com1',
      'fw_cfg',
      'pc-testdev-irq',
    ]);
    expect(machine.bus.ranges().mmio.map((r) => r.name)).toEqual(['ioapic', 'pc-testdev-iomem']);
  });

  it('wires COM1, debugcon, isa-debug-exit and fw_cfg to the ports', () => {
    const { machine, bus0, serial, debug } = pc(3);
    bus0.portOut(0x3f8, 1, 0x68);
    bus0.portOut(0xe9, 1, 0x64);
    expect(serial).toEqual([0x68]);
    expect(debug).toEqual([0x64]);
    expect(bus0.portIn(0x3fd, 1)).toBe(0x60);
    bus0.portOut(0x510, 2, 0x0005);
    expect(bus0.portIn(0x511, 1)).toBe(3);
    expect(bus0.portIn(0x511, 1)).toBe(0);
    bus0.portOut(0x510, 2, 0x0003);
    const ram = [0, 0, 0, 0].map(() => bus0.portIn(0x511, 1));
    expect(ram).toEqual([0, 0, 0, 2]);
    expect(machine.exitRequest).toBeNull();
    bus0.portOut(0xf4, 1, 0x10);
    expect(machine.exitRequest).toBe(0x10);
    expect(bus0.portIn(0x21, 1)).toBe(0xb8); // PIC masks as SeaBIOS leaves them
    expect(bus0.portIn(0xa1, 1)).toBe(0x8e);
  });

  it('gives each vCPU its own local APIC at 0xFEE00000', () => {
    const { machine, bus0, bus1 } = pc();
    expect(bus0.mmioRead(0xfee00020, 4)).toBe(0x00000000);
    expect(bus1.mmioRead(0xfee00020, 4)).toBe(0x01000000);
    bus1.mmioWrite(0xfee00080, 4, 0x30);
    expect(machine.lapics[1]!.readRegister(0x08)).toBe(0x30);
    expect(bus0.mmioRead(0xfee00080, 4)).toBe(0);
    expect(machine.lapics[0]!.readBaseMsr()).toBe(0xfee00900);
    expect(machine.lapics[1]!.readBaseMsr()).toBe(0xfee00800);
  });

  it('drops the APIC page while the APIC is hardware-disabled', () => {
    const { machine, bus1 } = pc();
    machine.lapics[1]!.writeBaseMsr(0xfee00000);
    expect(bus1.mmioRead(0xfee00030, 4)).toBe(0xffffffff);
    expect(machine.bus.counters.unbackedReads).toBe(4);
  });

  it('delivers fixed IPIs to an APIC ID and with the all-but-self shorthand', () => {
    const { machine, bus0, bus1 } = pc(3);
    bus0.mmioWrite(0xfee00310, 4, 0x02000000);
    bus0.mmioWrite(0xfee00300, 4, 0x4051);
    expect(machine.lapics.map((l) => l.pendingVector())).toEqual([-1, -1, 0x51]);
    bus1.mmioWrite(0xfee00300, 4, 0xc4061);
    expect(machine.lapics.map((l) => l.pendingVector())).toEqual([0x61, -1, 0x61]);
    bus1.mmioWrite(0xfee00300, 4, 0x44071); // self
    expect(machine.lapics[1]!.pendingVector()).toBe(0x71);
  });

  it('hands INIT and SIPI to the target vCPU through the router (its APIC\'s events words)', () => {
    const { machine, bus0 } = pc(2);
    const woken: number[] = [];
    machine.router.onAccepted = (vcpu) => woken.push(vcpu);
    bus0.mmioWrite(0xfee00300, 4, 0xc4500); // all but self: INIT
    bus0.mmioWrite(0xfee00300, 4, 0xc4608); // all but self: start-up, vector 8
    expect(woken).toEqual([1, 1]);
    expect(machine.lapics[1]!.takeEvents()).toBe(LINE_INIT | LINE_SIPI | (8 << 8));
    expect(machine.lapics[0]!.takeEvents()).toBe(0);
  });

  it('routes COM1 receive interrupts through the I/O APIC to a local APIC', () => {
    const { machine, bus0 } = pc();
    route(bus0, 4, 0x34, 1);
    bus0.portOut(0x3f9, 1, 0x01); // IER: received data
    machine.uart.receive([0x41]);
    expect(machine.lapics[1]!.pendingVector()).toBe(0x34);
    expect(machine.lapics[0]!.pendingVector()).toBe(-1);
    machine.lapics[1]!.acknowledge(0x34);
    expect(bus0.portIn(0x3fa, 1)).toBe(0x04);
    expect(bus0.portIn(0x3f8, 1)).toBe(0x41);
  });

  it('lets pc-testdev drive a level-triggered line and the EOI round trip redelivers it', () => {
    const { machine, bus0 } = pc(1);
    route(bus0, 10, 0x8000 | 0x4a, 0);
    bus0.portOut(0x2000 + 10, 1, 1);
    const apic = machine.lapics[0]!;
    expect(apic.pendingVector()).toBe(0x4a);
    apic.acknowledge(0x4a);
    bus0.mmioWrite(0xfee000b0, 4, 0); // EOI while still asserted: redelivered
    expect(apic.pendingVector()).toBe(0x4a);
    apic.acknowledge(0x4a);
    bus0.portOut(0x2000 + 10, 1, 0);
    bus0.mmioWrite(0xfee000b0, 4, 0);
    expect(apic.pendingVector()).toBe(-1);
  });

  it('maps pc-testdev memory and the latch', () => {
    const { bus0 } = pc(1);
    bus0.mmioWrite(0xff000100, 4, 0xcafef00d);
    expect(bus0.mmioRead(0xff000102, 2)).toBe(0xcafe);
    bus0.portOut(0xe0, 4, 0x11223344);
    expect(bus0.portIn(0xe2, 2)).toBe(0x1122);
  });

  it('installs ACPI tables and loads kernels into its RAM', () => {
    const { machine } = pc(2);
    expect(String.fromCharCode(...machine.ram.u8.subarray(machine.acpi.rsdp, machine.acpi.rsdp + 8))).toBe('RSD PTR ');
    const k = machine.loadKernel(new Uint8Array([0xf4]), { kernelName: 'k' });
    expect(k.entry.eip).toBe(0x100000);
    expect(machine.ram.u8[0x100000]).toBe(0xf4);
  });

  it('validates its configuration', () => {
    expect(() => new PcPlatform({ vcpus: 0 })).toThrow(/vCPU count 0/);
    expect(
      () => new PcPlatform({ vcpus: 2, sharedRam: false, numa: { nodes: [{ vcpus: [0, 5], memory: [] }], distances: [[10]] } }),
    ).toThrow(/vCPU 5/);
    expect(
      () => new PcPlatform({ vcpus: 1, sharedRam: false, numa: { nodes: [{ vcpus: [0], memory: [] }], distances: [] } }),
    ).toThrow(/1×1/);
  });
});

describe('PcPlatform across threads', () => {
  it('keeps IRR in caller-supplied shared arrays and reports accepted interrupts', () => {
    const shared = new SharedArrayBuffer(2 * 8 * 4);
    const irr = [new Int32Array(shared, 0, 8), new Int32Array(shared, 32, 8)];
    const machine = new PcPlatform({ vcpus: 2, ramSize: 4 * 1024 * 1024, sharedRam: false, lapicIrr: irr });
    const woken: number[] = [];
    machine.router.onAccepted = (i) => woken.push(i);
    machine.busFor(0).mmioWrite(0xfee00310, 4, 0x01000000);
    machine.busFor(0).mmioWrite(0xfee00300, 4, 0x4090);
    expect(woken).toEqual([1]);
    expect(Atomics.load(irr[1]!, 4)).toBe(1 << 16); // vector 0x90 = word 4, bit 16
    // Another thread posts straight into the shared IRR.
    LocalApic.post(irr[0]!, 0xa1);
    expect(machine.lapics[0]!.pendingVector()).toBe(0xa1);
  });
});
