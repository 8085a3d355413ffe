/**
 * The APIC bus: resolves an interrupt message's destination to local APICs and hands it over
 * (QEMU's apic_bus_deliver). Fixed and lowest-priority messages land in the target's IRR; NMI, INIT and
 * start-up messages in its events words (LocalApic.acceptEvent), which the vCPU takes at its next block
 * boundary; SMI and ExtINT go to `onSpecial` (not modelled).
 */
import type { ApicMessage } from './devices/apic-message';
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
} from './devices/apic-message';
import type { LocalApic } from './devices/local-apic';

export type SpecialDelivery = (vcpuIndex: number, msg: ApicMessage) => void;

export class ApicRouter {
  /** Messages that found no target (counted for the stats). */
  undelivered = 0;
  onSpecial: SpecialDelivery | null = null;
  /** Called after an interrupt, NMI, INIT or start-up message lands in vCPU `index`'s APIC (to wake it from HLT). */
  onAccepted: ((vcpuIndex: number) => void) | null = null;

  constructor(private readonly lapics: readonly LocalApic[]) {}

  deliver(msg: ApicMessage): void {
    const targets = this.resolve(msg);
    if (targets.length === 0) {
      this.undelivered++;
      return;
    }
    if (msg.deliveryMode === DELIVERY_FIXED || msg.deliveryMode === DELIVERY_LOWEST) {
      // Lowest priority goes to one member of the set; the first (lowest index) stands in for arbitration.
      const chosen = msg.deliveryMode === DELIVERY_LOWEST ? targets.slice(0, 1) : targets;
      for (const i of chosen) {
        this.lapics[i]!.accept(msg.vector, msg.levelTriggered);
        this.onAccepted?.(i);
      }
      return;
    }
    if (msg.deliveryMode === DELIVERY_NMI || msg.deliveryMode === DELIVERY_INIT || msg.deliveryMode === DELIVERY_STARTUP) {
      for (const i of targets) {
        this.lapics[i]!.acceptEvent(msg.deliveryMode, msg.vector);
        this.onAccepted?.(i);
      }
      return;
    }
    for (const i of targets) this.onSpecial?.(i, msg);
  }

  /** Indexes (= vCPU numbers) of the hardware-enabled local APICs the message selects. */
  resolve(msg: ApicMessage): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.lapics.length; i++) {
      const lapic = this.lapics[i]!;
      if (!lapic.hardwareEnabled) continue;
      if (this.selects(msg, lapic)) out.push(i);
    }
    return out;
  }

  private selects(msg: ApicMessage, lapic: LocalApic): boolean {
    switch (msg.shorthand) {
      case SHORTHAND_SELF:
        return lapic.apicId === msg.source;
      case SHORTHAND_ALL:
        return true;
      case SHORTHAND_ALL_BUT_SELF:
        return lapic.apicId !== msg.source;
      case SHORTHAND_NONE:
      default:
        if (msg.logical) return lapic.matchesLogical(msg.destination);
        return msg.destination === 0xff || lapic.apicId === msg.destination;
    }
  }
}
