/**
 * One VMCS as the processor holds it while it is active: every implemented field in a typed array (64-bit
 * fields as two 32-bit halves), its launch state, and the physical address of its region. The SDM leaves
 * the in-memory layout to the implementation (24.2); virtlab's is documented so a student can find it in
 * the hex view:
 *
 *   region + 0   revision identifier (bits 30:0), shadow-VMCS indicator (bit 31)
 *   region + 4   VMX-abort indicator
 *   region + 8   launch state (0 clear, 1 launched)
 *   region + 12  field slots, 4 bytes each, in VMCS_FIELDS order (64-bit fields: low then high)
 *
 * VMCLEAR writes the cached data back to the region (writeTo); VMPTRLD of a VMCS the processor does not hold
 * reads it from the region (readFrom). Reads and writes here are the architectural ones of VMREAD/VMWRITE in
 * 32-bit mode: a 16-bit field keeps 16 bits, a 64-bit field is read or written half by half.
 */
import { VMCS_FIELDS, WIDTH_16, WIDTH_64, fieldOf, type VmcsField } from './vmcs-fields';
import { fieldImplemented } from './capabilities';

export const VMCS_OFFSET_REVISION = 0, VMCS_OFFSET_ABORT = 4, VMCS_OFFSET_LAUNCH = 8, VMCS_OFFSET_DATA = 12;

/** Slot of each encoding (index = encoding, 0x0000–0x7fff), -1 for none; 64-bit high halves get slot + 1. */
const SLOT = new Int16Array(0x8000).fill(-1);
/** Width of the field behind each slot (16-bit fields are truncated on write). */
const SLOT_WIDTH: number[] = [];
let slots = 0;
for (const f of VMCS_FIELDS) {
  if (!fieldImplemented(f.feature)) continue;
  SLOT[f.encoding] = slots++;
  SLOT_WIDTH.push(f.width);
  if (f.width === WIDTH_64) { SLOT[f.encoding | 1] = slots++; SLOT_WIDTH.push(f.width); }
}
export const VMCS_SLOTS = slots;
/** Bytes of the region virtlab uses (must fit the 4 KiB IA32_VMX_BASIC reports). */
export const VMCS_DATA_BYTES = VMCS_OFFSET_DATA + 4 * VMCS_SLOTS;

/** True when VMREAD/VMWRITE accept this encoding (an implemented field, or the high half of one). */
export function isSupportedEncoding(encoding: number): boolean {
  return (encoding >>> 0) <= 0x7fff && SLOT[encoding]! >= 0;
}

/** The implemented field behind an encoding, or undefined (VM-instruction error 12). */
export function supportedField(encoding: number): VmcsField | undefined {
  return isSupportedEncoding(encoding) ? fieldOf(encoding) : undefined;
}

export class Vmcs {
  /** Field values (32 bits per slot). */
  readonly data = new Int32Array(VMCS_SLOTS);
  launched = false;
  /** Revision identifier and shadow bit as last read from / written to the region. */
  revision = 0;
  abortIndicator = 0;

  constructor(
    /** Physical address of the 4 KiB-aligned VMCS region. */
    readonly addr: number,
  ) {}

  /** VMREAD of a supported encoding (32 bits, zero-extended for 16-bit fields). Unsupported: 0. */
  read(encoding: number): number {
    const s = SLOT[encoding & 0x7fff]!;
    return s >= 0 && (encoding >>> 0) <= 0x7fff ? this.data[s]! : 0;
  }

  /** VMWRITE of a supported encoding (the caller checks read-only fields). */
  write(encoding: number, value: number): void {
    const s = SLOT[encoding & 0x7fff]!;
    if (s < 0 || (encoding >>> 0) > 0x7fff) return;
    this.data[s] = SLOT_WIDTH[s] === WIDTH_16 ? value & 0xffff : value | 0;
  }

  /** A 64-bit field's value as a number (both halves; fine below 2^53, which every address here is). */
  read64(encoding: number): number {
    return (this.read(encoding & ~1) >>> 0) + (this.read(encoding | 1) >>> 0) * 4294967296;
  }

  /** Copy the data into the region (VMCLEAR): `view` is a DataView over guest physical memory at `addr`. */
  writeTo(view: DataView): void {
    view.setUint32(VMCS_OFFSET_REVISION, this.revision >>> 0, true);
    view.setUint32(VMCS_OFFSET_ABORT, this.abortIndicator >>> 0, true);
    view.setUint32(VMCS_OFFSET_LAUNCH, this.launched ? 1 : 0, true);
    for (let i = 0; i < VMCS_SLOTS; i++) view.setInt32(VMCS_OFFSET_DATA + 4 * i, this.data[i]!, true);
  }

  /** Load the data from the region (VMPTRLD of a VMCS not held by the processor). */
  readFrom(view: DataView): void {
    this.revision = view.getUint32(VMCS_OFFSET_REVISION, true);
    this.abortIndicator = view.getUint32(VMCS_OFFSET_ABORT, true);
    this.launched = view.getUint32(VMCS_OFFSET_LAUNCH, true) === 1;
    for (let i = 0; i < VMCS_SLOTS; i++) this.data[i] = view.getInt32(VMCS_OFFSET_DATA + 4 * i, true);
  }
}
