/**
 * The APIC bus across threads (shared-apic-bus.ts) with a local APIC over the shared IRR/TMR words, as a
 * vCPU worker builds it: a level-triggered message sets the target's TMR with its IRR bit, so the target's
 * EOI of that vector is reported for the I/O APIC; an edge message clears it.
 */
import { describe, expect, it } from 'vitest';
import { LocalApic } from '../../../src-main/core/machine/devices/local-apic';
import type { ApicMessage } from '../../../src-main/core/machine/devices/apic-message';
import { SharedApicBus } from '../../../src-main/engine/shared-apic-bus';
import { ControlViews, createControl, VC } from '../../../src-main/engine/vcpu-control';
import { LINE_INIT, LINE_NMI, LINE_SIPI, STOP_WORD_EVENT } from '../../../src-main/core/machine/platform';

const fromIoApic = (vector: number, destination: number, levelTriggered: boolean): ApicMessage => ({
  vector, deliveryMode: 0, logical: false, destination, levelTriggered, shorthand: 0, source: -1,
});

function setup() {
  const views = new ControlViews(createControl(2));
  for (let v = 0; v < 2; v++) {
    views.set(v, VC.apicId, v);
    views.set(v, VC.apicDfr, -1);
    views.set(v, VC.apicEnabled, 1);
  }
  const eois: number[] = [];
  const lapic = new LocalApic({ apicId: 1, bsp: false, sendIpi: () => {}, onLevelEoi: (v) => eois.push(v), irr: views.irr(1), tmr: views.tmr(1), events: views.events(1) });
  return { views, bus: new SharedApicBus(views), lapic, eois };
}

/** The vCPU takes the pending interrupt and writes EOI. */
function serve(lapic: LocalApic): number {
  const vector = lapic.pendingVector();
  lapic.acknowledge(vector);
  lapic.write(0xb0, 4, 0);
  return vector;
}

describe('SharedApicBus and a local APIC on shared IRR/TMR', () => {
  it('a level-triggered message sets TMR: its EOI goes to the I/O APIC; an edge one clears it', () => {
    const { views, bus, lapic, eois } = setup();
    bus.deliver(fromIoApic(0x50, 1, true));
    expect(lapic.readRegister(0x18 + 2) >>> 0).toBe(1 << 16); // TMR word 2, bit 16: vector 0x50
    expect(views.get(1, VC.wake)).toBe(1);
    expect(serve(lapic)).toBe(0x50);
    expect(eois).toEqual([0x50]);
    bus.deliver(fromIoApic(0x50, 1, false));
    expect(lapic.readRegister(0x18 + 2)).toBe(0);
    expect(serve(lapic)).toBe(0x50);
    expect(eois).toEqual([0x50]);
  });

  it('routes by the published APIC ID: vCPU 0 gets nothing meant for APIC 1', () => {
    const { views, bus } = setup();
    bus.deliver(fromIoApic(0x61, 1, true));
    expect(Atomics.load(views.irr(0), 3)).toBe(0);
    expect(Atomics.load(views.tmr(0), 3)).toBe(0);
    expect(Atomics.load(views.irr(1), 3)).toBe(1 << 1);
    expect(Atomics.load(views.tmr(1), 3)).toBe(1 << 1);
    bus.deliver(fromIoApic(0x61, 7, true));
    expect(bus.undelivered).toBe(1);
  });

  it('LocalApic.post records the trigger mode before the IRR bit, from any thread', () => {
    const irr = new Int32Array(new SharedArrayBuffer(32));
    const tmr = new Int32Array(new SharedArrayBuffer(32));
    const eois: number[] = [];
    const lapic = new LocalApic({ apicId: 0, bsp: true, sendIpi: () => {}, onLevelEoi: (v) => eois.push(v), irr, tmr });
    LocalApic.post(irr, 0x91, true, tmr);
    expect(serve(lapic)).toBe(0x91);
    LocalApic.post(irr, 0x92, false, tmr);
    expect(serve(lapic)).toBe(0x92);
    expect(eois).toEqual([0x91]);
  });

  it('counts undelivered and unsupported messages from every thread’s bus in the shared control words', () => {
    const { views, bus } = setup();
    const workerBus = new SharedApicBus(new ControlViews(views.shared)); // a worker's own bus, same buffer
    workerBus.deliver({ ...fromIoApic(0x40, 7, false), source: 0 }); // no vCPU has APIC ID 7
    workerBus.deliver({ ...fromIoApic(0, 1, false), deliveryMode: 2, source: 0 }); // SMI: not modelled
    bus.deliver(fromIoApic(0x41, 9, false));
    expect([bus.undelivered, bus.unsupported]).toEqual([2, 1]);
    expect([workerBus.undelivered, workerBus.unsupported]).toEqual([2, 1]);
  });

  it('NMI, INIT and start-up messages reach the target’s events words, kick its run and wake it', () => {
    const { views, bus, lapic } = setup();
    const ipi = (deliveryMode: number, vector = 0): ApicMessage => ({ ...fromIoApic(vector, 1, false), deliveryMode, source: 0 });
    bus.deliver(ipi(4)); // NMI
    expect(views.get(1, VC.kick)).toBe(STOP_WORD_EVENT);
    expect(views.get(1, VC.wake)).toBe(1);
    expect(views.get(0, VC.kick)).toBe(0);
    expect(lapic.takeEvents()).toBe(LINE_NMI);
    expect(lapic.takeEvents()).toBe(0);
    bus.deliver(ipi(5)); // INIT
    bus.deliver(ipi(6, 0x9a)); // start-up, vector 0x9A
    expect(lapic.takeEvents()).toBe(LINE_INIT | LINE_SIPI | (0x9a << 8));
    expect([bus.undelivered, bus.unsupported]).toEqual([0, 0]);
  });
});
