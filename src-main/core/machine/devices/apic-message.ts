/**
 * An interrupt message on the (virtual) APIC bus: what the I/O APIC sends for a pin and what a local APIC
 * sends for an IPI. The platform's router resolves the destination to local APICs (QEMU's apic_bus_deliver).
 */

export const DELIVERY_FIXED = 0;
export const DELIVERY_LOWEST = 1;
export const DELIVERY_SMI = 2;
export const DELIVERY_NMI = 4;
export const DELIVERY_INIT = 5;
export const DELIVERY_STARTUP = 6;
export const DELIVERY_EXTINT = 7;

export const SHORTHAND_NONE = 0;
export const SHORTHAND_SELF = 1;
export const SHORTHAND_ALL = 2;
export const SHORTHAND_ALL_BUT_SELF = 3;

export interface ApicMessage {
  readonly vector: number;
  /** DELIVERY_* (ICR/redirection entry bits 10:8). */
  readonly deliveryMode: number;
  /** Logical (true) or physical destination mode. */
  readonly logical: boolean;
  /** Destination field: an APIC ID (physical, 0xFF = broadcast) or a logical mask. */
  readonly destination: number;
  /** Level-triggered (true) or edge. */
  readonly levelTriggered: boolean;
  /** SHORTHAND_* (ICR only; the I/O APIC always sends SHORTHAND_NONE). */
  readonly shorthand: number;
  /** APIC ID of the sender for shorthands; -1 for the I/O APIC. */
  readonly source: number;
}
