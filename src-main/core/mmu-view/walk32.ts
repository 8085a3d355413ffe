/**
 * The step-by-step description of a 32-bit (two-level) page walk, as the SDM (Vol. 3A 4.3) defines it: the PDE
 * from CR3, then either a 4 MiB page (CR4.PSE and PDE.PS) or the PTE of a 4 KiB page. Pure: it reads through a
 * PhysReader and writes nothing — the CPU's own walk is core/cpu/paging.ts.
 *
 * Under EPT (`options.ept`) every table address is guest-physical: each entry's address is first translated
 * by an EPT walk, nested in the step, and the walk stops when EPT does not map it.
 */
import type { PhysReader } from './phys-reader';
import type { StepOutcome, WalkLevel, WalkStep, WalkStructure, WalkView } from './types';
import { hex8 } from './hex';

const P = 1, RW = 2, US = 4, PS = 0x80;
const CR4_PSE = 0x10;
/**
 * A 4 MiB PDE's bits 21:13 are reserved (SDM Table 4-4 with MAXPHYADDR 32: virtlab's CPUID reports neither
 * PSE-36 nor PAE, so no physical-address bits above 31 exist).
 */
const PSE_PDE_RESERVED = 0x003fe000;

export interface Walk32Options {
  readonly structure?: WalkStructure;
  /** Guest-physical → host-physical for each entry address (VMX non-root with EPT), as an EPT walk. */
  readonly ept?: (gpa: number) => WalkView;
}

const FLAG_NAMES_PDE: readonly [number, string][] = [[P, 'P'], [RW, 'RW'], [US, 'US'], [8, 'PWT'], [0x10, 'PCD'], [0x20, 'A']];
const FLAG_NAMES_LARGE: readonly [number, string][] = [...FLAG_NAMES_PDE, [0x40, 'D'], [PS, 'PS'], [0x100, 'G'], [0x1000, 'PAT']];
const FLAG_NAMES_PTE: readonly [number, string][] = [...FLAG_NAMES_PDE, [0x40, 'D'], [0x80, 'PAT'], [0x100, 'G']];

function flagsOf(v: number, names: readonly [number, string][]): string[] {
  return names.filter(([bit]) => (v & bit) !== 0).map(([, n]) => n);
}

interface Read { readonly step: Omit<WalkStep, 'outcome' | 'next' | 'pageSize' | 'reason' | 'flags' | 'value' | 'valueHigh' | 'hex'>; readonly value: number | null; readonly stop: StepOutcome | null; readonly refs: number }

/** Reads one entry, through EPT when asked. */
function readEntry(reader: PhysReader, structure: WalkStructure, level: WalkLevel, table: number, index: number, options: Walk32Options): Read {
  const entryAddress = (table + index * 4) >>> 0;
  if (options.ept) {
    const ept = options.ept(entryAddress);
    const base = { structure, level, table, index, entryAddress, entryHostAddress: ept.output, ept };
    if (ept.output === null) return { step: base, value: null, stop: ept.outcome === 'misconfig' ? 'ept-misconfig' : 'ept-violation', refs: ept.refs };
    const value = reader.read32(ept.output);
    return { step: base, value, stop: value === null ? 'no-memory' : null, refs: ept.refs + 1 };
  }
  const value = reader.read32(entryAddress);
  return { step: { structure, level, table, index, entryAddress, entryHostAddress: null, ept: null }, value, stop: value === null ? 'no-memory' : null, refs: 1 };
}

function stopped(r: Read, reason: string | null): WalkStep {
  return { ...r.step, value: r.value ?? 0, valueHigh: 0, hex: hex8(r.value ?? 0), flags: [], outcome: r.stop!, next: null, pageSize: null, reason };
}

/** Describes the translation of linear `lin` through the 32-bit tables at `cr3` (CR4.PSE from `cr4`). */
export function describeWalk32(reader: PhysReader, cr3: number, cr4: number, lin: number, options: Walk32Options = {}): WalkView {
  const structure = options.structure ?? 'native';
  lin >>>= 0;
  const steps: WalkStep[] = [];
  let refs = 0;
  const end = (outcome: StepOutcome, output: number | null = null, pageSize: number | null = null, write = false, user = false): WalkView =>
    ({ structure, root: cr3 >>> 0, input: lin, steps, output, pageSize, outcome, rights: output === null ? null : { read: true, write, user, execute: true }, refs });

  const pd = (cr3 & ~0xfff) >>> 0;
  const pdeRead = readEntry(reader, structure, 'PDE', pd, lin >>> 22, options);
  refs += pdeRead.refs;
  if (pdeRead.value === null) {
    steps.push(stopped(pdeRead, pdeRead.stop === 'no-memory' ? `no memory at ${hex8(pdeRead.step.entryHostAddress ?? pdeRead.step.entryAddress)}` : 'EPT does not map the page directory'));
    return end(pdeRead.stop!);
  }
  const pde = pdeRead.value;
  const large = (pde & PS) !== 0 && (cr4 & CR4_PSE) !== 0;
  const pdeStep = { ...pdeRead.step, value: pde >>> 0, valueHigh: 0, hex: hex8(pde), flags: flagsOf(pde, large ? FLAG_NAMES_LARGE : FLAG_NAMES_PDE) };
  if ((pde & P) === 0) {
    steps.push({ ...pdeStep, outcome: 'not-present', next: null, pageSize: null, reason: 'P = 0: #PF' });
    return end('not-present');
  }
  if (large) {
    if ((pde & PSE_PDE_RESERVED) !== 0) {
      steps.push({ ...pdeStep, outcome: 'reserved', next: null, pageSize: null, reason: `reserved bits 21:13 set (${hex8(pde & PSE_PDE_RESERVED)}): #PF with RSVD` });
      return end('reserved');
    }
    const frame = (pde & 0xffc00000) >>> 0;
    steps.push({ ...pdeStep, outcome: 'frame', next: frame, pageSize: 0x400000, reason: null });
    return end('frame', (frame | (lin & 0x3fffff)) >>> 0, 0x400000, (pde & RW) !== 0, (pde & US) !== 0);
  }
  const pt = (pde & ~0xfff) >>> 0;
  steps.push({ ...pdeStep, outcome: 'table', next: pt, pageSize: null, reason: null });

  const pteRead = readEntry(reader, structure, 'PTE', pt, (lin >>> 12) & 0x3ff, options);
  refs += pteRead.refs;
  if (pteRead.value === null) {
    steps.push(stopped(pteRead, pteRead.stop === 'no-memory' ? `no memory at ${hex8(pteRead.step.entryHostAddress ?? pteRead.step.entryAddress)}` : 'EPT does not map the page table'));
    return end(pteRead.stop!);
  }
  const pte = pteRead.value;
  const pteStep = { ...pteRead.step, value: pte >>> 0, valueHigh: 0, hex: hex8(pte), flags: flagsOf(pte, FLAG_NAMES_PTE) };
  if ((pte & P) === 0) {
    steps.push({ ...pteStep, outcome: 'not-present', next: null, pageSize: null, reason: 'P = 0: #PF' });
    return end('not-present');
  }
  const frame = (pte & ~0xfff) >>> 0;
  steps.push({ ...pteStep, outcome: 'frame', next: frame, pageSize: 0x1000, reason: null });
  return end('frame', (frame | (lin & 0xfff)) >>> 0, 0x1000, (pde & pte & RW) !== 0, (pde & pte & US) !== 0);
}
