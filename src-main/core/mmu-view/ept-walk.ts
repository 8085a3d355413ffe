/**
 * The step-by-step description of an EPT walk (SDM Vol. 3C 29.3.2): a guest-physical address through the
 * 4-level EPT from the EPTP's PML4 — PML4E, PDPTE (a 1 GiB page when bit 7 is set and supported), PDE (a 2 MiB
 * page likewise), PTE — with the SDM's outcomes: an entry with R = W = X = 0 is not present (EPT violation), a
 * present entry that breaks a rule of 29.3.3.1 is an EPT misconfiguration. Pure: reads through a PhysReader.
 */
import type { PhysReader } from './phys-reader';
import type { StepOutcome, WalkLevel, WalkStep, WalkView } from './types';
import { hex16, hex8 } from './hex';

/** What the processor supports (IA32_VMX_EPT_VPID_CAP), which decides what is a leaf and what is misconfigured. */
export interface EptSupport {
  /** Bit 16: 2 MiB pages (PDE bit 7). */
  readonly pages2M: boolean;
  /** Bit 17: 1 GiB pages (PDPTE bit 7). */
  readonly pages1G: boolean;
  /** Bit 0: execute-only entries (R = W = 0, X = 1). */
  readonly executeOnly: boolean;
}

/** Every format the SDM defines (the describer's default: it describes what the tables say). */
export const EPT_SUPPORT_ALL: EptSupport = { pages2M: true, pages1G: true, executeOnly: false };

/** The support bits of an IA32_VMX_EPT_VPID_CAP value (low 32 bits). */
export function eptSupportOf(cap: number): EptSupport {
  return { pages2M: (cap & (1 << 16)) !== 0, pages1G: (cap & (1 << 17)) !== 0, executeOnly: (cap & 1) !== 0 };
}

const R = 1, W = 2, X = 4, LARGE = 0x80;
const LEVELS: readonly WalkLevel[] = ['EPT-PML4E', 'EPT-PDPTE', 'EPT-PDE', 'EPT-PTE'];
const MEMORY_TYPES: Readonly<Record<number, string>> = { 0: 'UC', 1: 'WC', 4: 'WT', 5: 'WP', 6: 'WB' };
/** Bits 51:32 of an entry: physical-address bits beyond MAXPHYADDR (32 on virtlab), reserved. */
const HIGH_RESERVED = 0x000fffff;

function flagsOf(lo: number, leaf: boolean): string[] {
  const f: string[] = [];
  if (lo & R) f.push('R');
  if (lo & W) f.push('W');
  if (lo & X) f.push('X');
  if (leaf) {
    const mt = (lo >>> 3) & 7;
    f.push(`MT=${MEMORY_TYPES[mt] ?? mt}`);
    if (lo & 0x40) f.push('IPAT');
  }
  if (lo & 0x100) f.push('A');
  if (leaf && (lo & 0x200)) f.push('D');
  if (leaf && (lo & LARGE)) f.push('LEAF');
  return f;
}

/** The misconfiguration rule a present entry breaks (SDM 29.3.3.1), or null. */
function misconfiguration(level: number, lo: number, hi: number, leaf: boolean, support: EptSupport): string | null {
  if ((lo & (R | W)) === W) return 'write access without read access (bit 1 set, bit 0 clear)';
  if ((lo & (R | W | X)) === X && !support.executeOnly) return 'execute-only entry, which IA32_VMX_EPT_VPID_CAP bit 0 does not allow';
  if ((hi & HIGH_RESERVED) !== 0) return `reserved bits 51:32 set (${hex8(hi & HIGH_RESERVED)}): beyond the 32-bit physical-address width`;
  if (level === 0 && (lo & 0xf8) !== 0) return 'reserved bits 7:3 of a PML4E set';
  if (level === 1 && (lo & LARGE) !== 0 && !support.pages1G) return 'bit 7 (1 GiB page) set, but 1 GiB pages are not supported (IA32_VMX_EPT_VPID_CAP bit 17)';
  if (level === 2 && (lo & LARGE) !== 0 && !support.pages2M) return 'bit 7 (2 MiB page) set, but 2 MiB pages are not supported (IA32_VMX_EPT_VPID_CAP bit 16)';
  if (!leaf && (level === 1 || level === 2) && (lo & 0xf8) !== 0) return `reserved bits 7:3 of a non-leaf ${LEVELS[level]} set`;
  if (leaf) {
    const mt = (lo >>> 3) & 7;
    if (mt === 2 || mt === 3 || mt === 7) return `memory type ${mt} (bits 5:3) is reserved`;
    if (level === 1 && (lo & 0x3ffff000) !== 0) return 'reserved bits 29:12 of a 1 GiB page set';
    if (level === 2 && (lo & 0x001ff000) !== 0) return 'reserved bits 20:12 of a 2 MiB page set';
  }
  return null;
}

/** Describes the EPT translation of guest-physical `gpa` under EPT pointer `eptp` (its low 32 bits). */
export function describeEptWalk(reader: PhysReader, eptp: number, gpa: number, support: EptSupport = EPT_SUPPORT_ALL): WalkView {
  gpa >>>= 0;
  const root = (eptp & ~0xfff) >>> 0;
  const steps: WalkStep[] = [];
  const end = (outcome: StepOutcome, output: number | null = null, pageSize: number | null = null, rights = 0): WalkView => ({
    structure: 'ept', root, input: gpa, steps, output, pageSize, outcome,
    rights: output === null ? null : { read: (rights & R) !== 0, write: (rights & W) !== 0, user: true, execute: (rights & X) !== 0 },
    refs: steps.length,
  });
  // Index bits 47:39, 38:30, 29:21, 20:12: a 32-bit address always takes PML4E 0.
  const indexes = [0, gpa >>> 30, (gpa >>> 21) & 0x1ff, (gpa >>> 12) & 0x1ff];
  let table = root;
  let rights = R | W | X;
  for (let level = 0; level < 4; level++) {
    const index = indexes[level]!;
    const entryAddress = (table + index * 8) >>> 0;
    const lo = reader.read32(entryAddress), hi = reader.read32(entryAddress + 4);
    const base = { structure: 'ept' as const, level: LEVELS[level]!, table, index, entryAddress, entryHostAddress: null, ept: null };
    if (lo === null || hi === null) {
      steps.push({ ...base, value: 0, valueHigh: 0, hex: hex16(0, 0), flags: [], outcome: 'no-memory', next: null, pageSize: null, reason: `no memory at ${hex8(entryAddress)}` });
      return end('no-memory');
    }
    const leaf = level === 3 || ((level === 1 || level === 2) && (lo & LARGE) !== 0);
    const entry = { ...base, value: lo >>> 0, valueHigh: hi >>> 0, hex: hex16(hi, lo), flags: flagsOf(lo, leaf) };
    if ((lo & (R | W | X)) === 0) {
      steps.push({ ...entry, outcome: 'not-present', next: null, pageSize: null, reason: 'R = W = X = 0: EPT violation' });
      return end('not-present');
    }
    const bad = misconfiguration(level, lo, hi, leaf, support);
    if (bad !== null) {
      steps.push({ ...entry, outcome: 'misconfig', next: null, pageSize: null, reason: `${bad}: EPT misconfiguration` });
      return end('misconfig');
    }
    rights &= lo;
    if (leaf) {
      const size = level === 1 ? 0x40000000 : level === 2 ? 0x200000 : 0x1000;
      const frame = (lo & ~(size - 1)) >>> 0;
      steps.push({ ...entry, outcome: 'frame', next: frame, pageSize: size, reason: null });
      return end('frame', (frame | (gpa & (size - 1))) >>> 0, size, rights);
    }
    table = (lo & ~0xfff) >>> 0;
    steps.push({ ...entry, outcome: 'table', next: table, pageSize: null, reason: null });
  }
  /* c8 ignore next */
  return end('not-present');
}
