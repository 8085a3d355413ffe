/**
 * A segment's access rights (VMCS layout: type 3:0, S 4, DPL 6:5, P 7, AVL 12, L 13, D/B 14, G 15,
 * unusable 16) as words for people. Returns i18n keys under `debug.segment.*`; the component translates.
 */

export type SegmentKind = 'code' | 'data' | 'system' | 'unusable';

export interface SegmentDescription {
  readonly kind: SegmentKind;
  /** Keys under `debug.segment` (`trait.*`, `system.*`), in reading order: what a student reads first. */
  readonly traits: string[];
  /** Finer points (accessed bit, granularity), for a tooltip. */
  readonly details: string[];
}

/** System descriptor types (S = 0) by their 4-bit type, as keys under `debug.segment.system`. */
const SYSTEM_TYPES: Record<number, string> = {
  1: 'tss16', 2: 'ldt', 3: 'tss16Busy', 4: 'callGate16', 5: 'taskGate', 6: 'intGate16', 7: 'trapGate16',
  9: 'tss32', 11: 'tss32Busy', 12: 'callGate32', 14: 'intGate32', 15: 'trapGate32',
};

export function describeAccessRights(ar: number): SegmentDescription {
  if (ar & 0x10000) return { kind: 'unusable', traits: [], details: [] };
  const type = ar & 0xf;
  const traits: string[] = [];
  const details: string[] = [];
  if ((ar & 0x80) === 0) traits.push('trait.notPresent');
  if ((ar & 0x10) === 0) {
    traits.unshift(`system.${SYSTEM_TYPES[type] ?? 'reserved'}`);
    return { kind: 'system', traits, details };
  }
  const code = (type & 8) !== 0;
  if (code) {
    traits.push(type & 2 ? 'trait.execRead' : 'trait.execOnly');
    if (type & 4) traits.push('trait.conforming');
  } else {
    traits.push(type & 2 ? 'trait.readWrite' : 'trait.readOnly');
    if (type & 4) traits.push('trait.expandDown');
  }
  traits.push(ar & 0x4000 ? 'trait.bits32' : 'trait.bits16');
  if (type & 1) details.push('trait.accessed');
  if (ar & 0x8000) details.push('trait.pageGranular');
  return { kind: code ? 'code' : 'data', traits, details };
}
