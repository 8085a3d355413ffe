/**
 * The APIC bus across threads: resolves an interrupt message (IPI from a worker's local APIC, I/O APIC
 * message from the VMM) against the local-APIC identities every vCPU publishes in the control buffer, posts
 * the vector into the target's shared IRR and wakes the target if it is parked on HLT. No exit and no
 * message per interrupt: KVM too delivers IPIs in the kernel without going to user space.
 *
 * The trigger mode travels with the vector: the target's shared TMR bit is set for a level-triggered message
 * (cleared for an edge one) before its IRR bit, as a local APIC records it on acceptance. The target's EOI
 * of a TMR vector then exits to the VMM (ExitKind.ioapicEoi, one mailbox round trip — as KVM's split irqchip
 * exits with KVM_EXIT_IOAPIC_EOI), where the I/O APIC clears remote IRR and re-delivers a line still high.
 *
 * NMI, INIT and start-up messages go into the target's shared events words (LocalApic.postEvent), with
 * STOP_WORD_EVENT in its stop word so a running target looks at the next block boundary, and a wake-up.
 */
import type { ApicMessage } from '../core/machine/devices/apic-message';
import { LocalApic } from '../core/machine/devices/local-apic';
import { LINE_INIT, LINE_NMI, LINE_SIPI, STOP_WORD_EVENT } from '../core/machine/platform';
import {
  DELIVERY_FIXED,
  DELIVERY_INIT,
  DELIVERY_LOWEST,
  DELIVERY_NMI,
  DELIVERY_STARTUP,
  SHORTHAND_ALL,
  SHORTHAND_ALL_BUT_SELF,
  SHORTHAND_NONE,
  SHORTHAND_SELF,
} from '../core/machine/devices/apic-message';
import { APIC_UNDELIVERED, APIC_UNSUPPORTED, VC, type ControlViews } from './vcpu-control';

export class SharedApicBus {
  constructor(private readonly views: ControlViews) {}

  /**
   * Messages with no target, and SMI/ExtINT messages (not modelled), counted in
   * the control buffer: every thread's bus (each worker has its own, for its IPIs) adds to the same words.
   */
  get undelivered(): number {
    return Atomics.load(this.views.i32, APIC_UNDELIVERED);
  }

  get unsupported(): number {
    return Atomics.load(this.views.i32, APIC_UNSUPPORTED);
  }

  deliver(msg: ApicMessage): void {
    const event = EVENT_OF_MODE[msg.deliveryMode] ?? 0;
    if (event !== 0) {
      this.deliverEvent(msg, event);
      return;
    }
    if (msg.deliveryMode !== DELIVERY_FIXED && msg.deliveryMode !== DELIVERY_LOWEST) {
      Atomics.add(this.views.i32, APIC_UNSUPPORTED, 1);
      return;
    }
    if (msg.vector < 16) return; // illegal vector: the sender's APIC already flagged it
    const n = this.views.shared.vcpus;
    let delivered = false;
    for (let v = 0; v < n; v++) {
      if (!this.selects(msg, v)) continue;
      this.post(v, msg.vector, msg.levelTriggered);
      delivered = true;
      if (msg.deliveryMode === DELIVERY_LOWEST) break; // the lowest-numbered member stands in for arbitration
    }
    if (!delivered) Atomics.add(this.views.i32, APIC_UNDELIVERED, 1);
  }

  private deliverEvent(msg: ApicMessage, bits: number): void {
    let delivered = false;
    for (let v = 0; v < this.views.shared.vcpus; v++) {
      if (!this.selects(msg, v)) continue;
      this.postEvent(v, bits, msg.vector);
      delivered = true;
    }
    if (!delivered) Atomics.add(this.views.i32, APIC_UNDELIVERED, 1);
  }

  /** Posts an NMI/INIT/SIPI (LINE_* bits) for vCPU v, kicks it out of its block and wakes it. */
  postEvent(v: number, bits: number, sipiVector = 0): void {
    LocalApic.postEvent(this.views.events(v), bits, sipiVector);
    Atomics.or(this.views.i32, this.views.slot(v, VC.kick), STOP_WORD_EVENT);
    this.views.wake(v);
  }

  /** Posts `vector` (with its trigger mode in TMR, first) into vCPU v's IRR and wakes it. */
  post(v: number, vector: number, levelTriggered = false): void {
    const i32 = this.views.i32;
    const word = vector >>> 5;
    const bit = 1 << (vector & 31);
    const tmr = this.views.slot(v, VC.tmr) + word;
    if (levelTriggered) Atomics.or(i32, tmr, bit);
    else Atomics.and(i32, tmr, ~bit);
    Atomics.or(i32, this.views.slot(v, VC.irr) + word, bit);
    this.views.wake(v);
  }

  private selects(msg: ApicMessage, v: number): boolean {
    const views = this.views;
    if (views.get(v, VC.apicEnabled) === 0) return false;
    const id = views.get(v, VC.apicId);
    switch (msg.shorthand) {
      case SHORTHAND_SELF:
        return id === msg.source;
      case SHORTHAND_ALL:
        return true;
      case SHORTHAND_ALL_BUT_SELF:
        return id !== msg.source;
      case SHORTHAND_NONE:
      default: {
        if (!msg.logical) return msg.destination === 0xff || id === msg.destination;
        const ldr = views.get(v, VC.apicLdr) >>> 24;
        if (views.get(v, VC.apicDfr) >>> 28 === 0xf) return (ldr & msg.destination) !== 0;
        return ldr >>> 4 === msg.destination >>> 4 && (ldr & msg.destination & 0xf) !== 0;
      }
    }
  }
}

const EVENT_OF_MODE: Readonly<Record<number, number>> = { [DELIVERY_NMI]: LINE_NMI, [DELIVERY_INIT]: LINE_INIT, [DELIVERY_STARTUP]: LINE_SIPI };
