/**
 * Checks on the guest's segment registers (SDM 27.3.1.2) — the section most VM-entry failures come from.
 * virtlab has no virtual-8086 mode (RFLAGS.VM must be 0, entry-checks-guest.ts) and no unrestricted guest, so
 * the guest is always a protected-mode guest and the v8086 and real-mode variants of these rules never apply.
 * Bases and limits need no check here either: on IA-32 without IA-32e mode only v8086 guests constrain them.
 *
 * The SDM lists the access-rights rules sub-field by sub-field across all registers; the order of checks is
 * the implementation's (SDM 27.2: "may be performed in any order"). virtlab checks each register on its own
 * first and the rules relating two registers (CS.DPL against SS.DPL) last, so a failure names the field that
 * is wrong by itself before one that is only inconsistent with it.
 */
import type { Vmcs } from './vmcs';
import { F, type FieldName } from './vmcs-fields';
import type { EntryCheckFailure } from './entry-failure';
import { fail, hex, lowestBit } from './entry-checks-support';

const SDM = '27.3.1.2';

export const AR_S = 1 << 4, AR_P = 1 << 7, AR_G = 1 << 15, AR_UNUSABLE = 1 << 16;
const AR_RESERVED_LOW = 0xf00, AR_RESERVED_HIGH = 0xfffe0000;
export const arType = (ar: number): number => ar & 0xf;
export const arDpl = (ar: number): number => (ar >>> 5) & 3;

/** A segment register's fields by name (for the diagnostics) and encoding (looked up once, for speed). */
interface SegmentFields {
  readonly name: string;
  readonly selector: FieldName;
  readonly limit: FieldName;
  readonly ar: FieldName;
  readonly selectorEnc: number;
  readonly limitEnc: number;
  readonly arEnc: number;
}
function seg(name: string): SegmentFields {
  const selector = `GUEST_${name}_SELECTOR` as FieldName, limit = `GUEST_${name}_LIMIT` as FieldName;
  const ar = `GUEST_${name}_AR_BYTES` as FieldName;
  return { name, selector, limit, ar, selectorEnc: F[selector], limitEnc: F[limit], arEnc: F[ar] };
}
const CS = seg('CS'), SS = seg('SS'), TR = seg('TR'), LDTR = seg('LDTR');
/** DS, ES, FS, GS: the data-segment registers, in the SDM's order. */
const DATA_SEGMENTS: readonly SegmentFields[] = [seg('DS'), seg('ES'), seg('FS'), seg('GS')];

/** The G-bit rule (bit 15) for a limit: the limit must be expressible in the descriptor's 20 bits. */
function granularityRule(s: SegmentFields, ar: number, limit: number): string | null {
  if ((ar & AR_G) !== 0 && (limit & 0xfff) !== 0xfff) {
    return `G (bit 15) must be 0 because ${s.limit} = ${hex(limit)} has a 0 in bits 11:0: with G=1 the limit counts 4 KiB pages, so its low 12 bits are all 1s`;
  }
  if ((ar & AR_G) === 0 && (limit & 0xfff00000) !== 0) {
    return `G (bit 15) must be 1 because ${s.limit} = ${hex(limit)} has bits set in 31:20: with G=0 a limit is at most 0xfffff (1 MiB)`;
  }
  return null;
}

/** Present, reserved bits 11:8 and 31:17, and G against the limit: the rules every usable segment shares. */
function commonRule(vmcs: Vmcs, s: SegmentFields, ar: number): EntryCheckFailure | null {
  if ((ar & AR_P) === 0) return fail('guest', s.ar, `${s.name} must be present (P, bit 7)`, SDM, ar);
  if ((ar & AR_RESERVED_LOW) !== 0) {
    return fail('guest', s.ar, `reserved bits 11:8 of the access rights must be 0 (bit ${lowestBit(ar & AR_RESERVED_LOW)} is set; the VMCS format leaves out the descriptor's limit bits 19:16)`, SDM, ar);
  }
  const limit = vmcs.read(s.limitEnc);
  const g = granularityRule(s, ar, limit);
  if (g !== null) return fail('guest', s.ar, g, SDM, ar);
  if ((ar & AR_RESERVED_HIGH) !== 0) {
    return fail('guest', s.ar, `reserved bits 31:17 of the access rights must be 0 (bit ${lowestBit(ar & AR_RESERVED_HIGH)} is set)`, SDM, ar);
  }
  return null;
}

function csRule(vmcs: Vmcs, ar: number): EntryCheckFailure | null {
  const type = arType(ar);
  if ((type & 9) !== 9) {
    const why = (type & 8) === 0 ? `type ${type} is a data segment` : `type ${type} is not accessed (bit 0 of the type is the accessed bit)`;
    return fail('guest', CS.ar, `CS must be an accessed code segment (type 9, 11, 13 or 15), but ${why}`, SDM, ar);
  }
  if ((ar & AR_S) === 0) return fail('guest', CS.ar, 'CS must be a code or data segment (S, bit 4, must be 1): system descriptors cannot be loaded into CS', SDM, ar);
  return commonRule(vmcs, CS, ar);
}

function ssRule(vmcs: Vmcs, ar: number): EntryCheckFailure | null {
  if ((ar & AR_UNUSABLE) !== 0) return null;
  const type = arType(ar);
  if (type !== 3 && type !== 7) {
    return fail('guest', SS.ar, `SS must be a read/write accessed data segment (type 3, or 7 for expand-down), not type ${type}`, SDM, ar);
  }
  if ((ar & AR_S) === 0) return fail('guest', SS.ar, 'SS must be a code or data segment (S, bit 4, must be 1)', SDM, ar);
  return commonRule(vmcs, SS, ar);
}

function dataSegmentRule(vmcs: Vmcs, s: SegmentFields, ar: number): EntryCheckFailure | null {
  if ((ar & AR_UNUSABLE) !== 0) return null;
  const type = arType(ar);
  if ((type & 1) === 0) {
    return fail('guest', s.ar, `${s.name} must be accessed (bit 0 of the type, here ${type}, must be 1; or mark ${s.name} unusable with bit 16)`, SDM, ar);
  }
  if ((type & 8) !== 0 && (type & 2) === 0) {
    return fail('guest', s.ar, `a code segment in ${s.name} must be readable (bit 1 of the type, here ${type}, must be 1)`, SDM, ar);
  }
  if ((ar & AR_S) === 0) return fail('guest', s.ar, `${s.name} must be a code or data segment (S, bit 4, must be 1) while it is usable`, SDM, ar);
  return commonRule(vmcs, s, ar);
}

function trRule(vmcs: Vmcs, ar: number): EntryCheckFailure | null {
  const type = arType(ar);
  if (type !== 11 && type !== 3) {
    const why = type === 9 || type === 1 ? ' (an available TSS: LTR marks it busy, so TR always holds a busy one)' : '';
    return fail('guest', TR.ar, `TR must be a busy TSS: type 11 (32-bit) or 3 (16-bit), not type ${type}${why}`, SDM, ar);
  }
  if ((ar & AR_S) !== 0) return fail('guest', TR.ar, 'TR must be a system segment (S, bit 4, must be 0)', SDM, ar);
  if ((ar & AR_P) === 0) return fail('guest', TR.ar, 'TR must be present (P, bit 7)', SDM, ar);
  if ((ar & AR_RESERVED_LOW) !== 0) {
    return fail('guest', TR.ar, `reserved bits 11:8 of the access rights must be 0 (bit ${lowestBit(ar & AR_RESERVED_LOW)} is set)`, SDM, ar);
  }
  const g = granularityRule(TR, ar, vmcs.read(TR.limitEnc));
  if (g !== null) return fail('guest', TR.ar, g, SDM, ar);
  if ((ar & AR_UNUSABLE) !== 0) return fail('guest', TR.ar, 'TR must be usable (bit 16 must be 0): the guest needs a TSS', SDM, ar);
  if ((ar & AR_RESERVED_HIGH) !== 0) {
    return fail('guest', TR.ar, `reserved bits 31:17 of the access rights must be 0 (bit ${lowestBit(ar & AR_RESERVED_HIGH)} is set)`, SDM, ar);
  }
  return null;
}

function ldtrRule(vmcs: Vmcs, ar: number): EntryCheckFailure | null {
  if ((ar & AR_UNUSABLE) !== 0) return null;
  const type = arType(ar);
  if (type !== 2) {
    return fail('guest', LDTR.ar, `a usable LDTR must be an LDT (type 2), not type ${type}; a guest without an LDT marks LDTR unusable (bit 16)`, SDM, ar);
  }
  if ((ar & AR_S) !== 0) return fail('guest', LDTR.ar, 'LDTR must be a system segment (S, bit 4, must be 0)', SDM, ar);
  return commonRule(vmcs, LDTR, ar);
}

/** The first broken rule of SDM 27.3.1.2, or null. */
export function checkSegments(vmcs: Vmcs): EntryCheckFailure | null {
  // Selector fields.
  const trSel = vmcs.read(F.GUEST_TR_SELECTOR) & 0xffff;
  if ((trSel & 4) !== 0) return fail('guest', 'GUEST_TR_SELECTOR', 'the TR selector must have TI (bit 2) 0: a TSS descriptor lives in the GDT', SDM, trSel);
  const ldtrAr = vmcs.read(F.GUEST_LDTR_AR_BYTES);
  const ldtrSel = vmcs.read(F.GUEST_LDTR_SELECTOR) & 0xffff;
  if ((ldtrAr & AR_UNUSABLE) === 0 && (ldtrSel & 4) !== 0) {
    return fail('guest', 'GUEST_LDTR_SELECTOR', 'the selector of a usable LDTR must have TI (bit 2) 0: an LDT descriptor lives in the GDT', SDM, ldtrSel);
  }
  const csSel = vmcs.read(F.GUEST_CS_SELECTOR) & 0xffff, ssSel = vmcs.read(F.GUEST_SS_SELECTOR) & 0xffff;
  if ((ssSel & 3) !== (csSel & 3)) {
    return fail('guest', 'GUEST_SS_SELECTOR', `SS.RPL (bits 1:0, here ${ssSel & 3}) must equal CS.RPL (${csSel & 3}): both are the guest's CPL`, SDM, ssSel);
  }

  // Access rights of CS, SS, DS, ES, FS, GS, each register by itself.
  const csAr = vmcs.read(F.GUEST_CS_AR_BYTES), ssAr = vmcs.read(F.GUEST_SS_AR_BYTES);
  const f = csRule(vmcs, csAr) ?? ssRule(vmcs, ssAr);
  if (f !== null) return f;
  for (let i = 0; i < DATA_SEGMENTS.length; i++) {
    const s = DATA_SEGMENTS[i]!;
    const d = dataSegmentRule(vmcs, s, vmcs.read(s.arEnc));
    if (d !== null) return d;
  }

  // DPL rules (bits 6:5), SS first: its DPL is the CPL the others are measured against.
  if (arDpl(ssAr) !== (ssSel & 3)) {
    return fail('guest', SS.ar, `SS.DPL (bits 6:5, here ${arDpl(ssAr)}) must equal the RPL of the SS selector (${ssSel & 3}): both are the guest's CPL`, SDM, ssAr);
  }
  const csType = arType(csAr);
  if ((csType & 4) === 0 && arDpl(csAr) !== arDpl(ssAr)) {
    return fail('guest', CS.ar, `a non-conforming code segment (type ${csType}) must have CS.DPL (here ${arDpl(csAr)}) equal to SS.DPL (${arDpl(ssAr)}): CS.DPL is the CPL`, SDM, csAr);
  }
  if ((csType & 4) !== 0 && arDpl(csAr) > arDpl(ssAr)) {
    return fail('guest', CS.ar, `a conforming code segment (type ${csType}) must have CS.DPL (here ${arDpl(csAr)}) at most SS.DPL (${arDpl(ssAr)})`, SDM, csAr);
  }
  for (let i = 0; i < DATA_SEGMENTS.length; i++) {
    const s = DATA_SEGMENTS[i]!;
    const ar = vmcs.read(s.arEnc);
    // Data and non-conforming code segments (types 0–11) must be accessible at their selector's RPL.
    if ((ar & AR_UNUSABLE) !== 0 || arType(ar) > 11) continue;
    const rpl = vmcs.read(s.selectorEnc) & 3;
    if (arDpl(ar) < rpl) {
      return fail('guest', s.ar, `${s.name}.DPL (bits 6:5, here ${arDpl(ar)}) must be at least the RPL of the ${s.name} selector (${rpl}): the segment would not be accessible with that selector`, SDM, ar);
    }
  }

  // TR and LDTR.
  return trRule(vmcs, vmcs.read(F.GUEST_TR_AR_BYTES)) ?? ldtrRule(vmcs, ldtrAr);
}
