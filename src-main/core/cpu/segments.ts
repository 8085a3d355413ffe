/**
 * Descriptor tables and segment-register loads with the SDM's protected-mode checks and error codes.
 * Descriptors are read as two dwords (lo, hi) into `desc` (no allocation); the hidden part is kept in the
 * VMCS access-rights layout (state.ts).
 */
import { Cpu } from './cpu';
import { readLin32, readPhys32, writeLin32 } from './memory';
import { translate } from './paging';
import { AR_DB, AR_G, AR_P, AR_S, AR_UNUSABLE, CS, DS, ES, FS, GS, LDTR, SS, TR, arDpl } from './state';

export const NP = 11, SS_FAULT = 12, GP = 13, TS = 10;

/** Scratch for the last descriptor read: [lo, hi, linear address of the descriptor]. */
export const desc = new Int32Array(3);

export const descBase = (lo: number, hi: number): number => ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) | 0;
export function descLimit(lo: number, hi: number): number {
  const raw = (lo & 0xffff) | (hi & 0xf0000);
  return (hi & (1 << 23)) !== 0 ? ((raw << 12) | 0xfff) >>> 0 : raw;
}
export const descAr = (hi: number): number => ((hi >>> 8) & 0xff) | ((hi >>> 8) & 0xf000);

/**
 * Read the descriptor for `sel` from the GDT or LDT into `desc`. Returns false (after raising `vector` with
 * error code sel & 0xfffc) when the index lies outside the table.
 */
export function readDescriptor(cpu: Cpu, sel: number, vector: number): boolean {
  const ldt = (sel & 4) !== 0;
  const base = ldt ? cpu.segBase[LDTR]! : cpu.gdtrBase;
  const limit = ldt ? cpu.segLimit[LDTR]! : cpu.gdtrLimit;
  if ((ldt && (cpu.segAr[LDTR]! & AR_UNUSABLE) !== 0) || (sel | 7) > limit) {
    cpu.raise(vector, sel & 0xfffc);
    return false;
  }
  const addr = (base + (sel & 0xfff8)) | 0;
  desc[2] = addr;
  if ((addr & 0xfff) <= 0xff8) { // both words on one page: translate once (the usual, 8-aligned case)
    const p = translate(cpu, addr, 0);
    if (p < 0) return false;
    desc[0] = readPhys32(cpu, p);
    desc[1] = readPhys32(cpu, p + 4);
    return true;
  }
  desc[0] = readLin32(cpu, addr, 0);
  desc[1] = readLin32(cpu, addr + 4, 0);
  return cpu.exc < 0;
}

/** Set the accessed bit of the descriptor last read, as the processor does on a segment load. */
export function markAccessed(cpu: Cpu): void {
  const hi = desc[1]!;
  if ((hi & 0x100) === 0) {
    desc[1] = hi | 0x100;
    writeLin32(cpu, desc[2]! + 4, hi | 0x100, 0);
  }
}

/** Fill a segment cache directly (reset, SYSENTER, VM entry, debugger). */
export function setSegment(cpu: Cpu, seg: number, sel: number, base: number, limit: number, ar: number): void {
  if (seg === CS) { setCodeSegment(cpu, sel, base, limit, ar); return; }
  cpu.segSel[seg] = sel;
  cpu.segBase[seg] = base;
  cpu.segLimit[seg] = limit >>> 0;
  cpu.segAr[seg] = ar;
  updateFlat(cpu, seg);
}

/**
 * setSegment for CS; the CPL becomes the selector's RPL. The engine's fetch path caches the last code page's
 * linear→decoded association for one fetch epoch. A new CS base, limit or default size ends the epoch, and
 * so does a move between supervisor and user CPL while paging is on (code pages' U/S check). A ring change
 * without paging keeps it: INT/IRET stay cheap.
 */
export function setCodeSegment(cpu: Cpu, sel: number, base: number, limit: number, ar: number): void {
  const wasUser = cpu.cpl === 3;
  cpu.cpl = sel & 3;
  if ((base | 0) !== (cpu.segBase[CS]! | 0) || (limit | 0) !== (cpu.segLimit[CS]! | 0) || ((ar ^ cpu.segAr[CS]!) & AR_DB) !== 0 ||
      (cpu.pagingOn && wasUser !== (cpu.cpl === 3))) cpu.fetchEpoch++;
  cpu.segSel[CS] = sel;
  cpu.segBase[CS] = base;
  cpu.segLimit[CS] = limit >>> 0;
  cpu.segAr[CS] = ar;
  cpu.flatMask &= ~(1 << CS); // (updateFlat: CS is never flat)
}

export function updateFlat(cpu: Cpu, seg: number): void {
  const ar = cpu.segAr[seg]!;
  const flat = seg !== CS && cpu.segBase[seg] === 0 && cpu.segLimit[seg] === 0xffffffff &&
    (ar & (AR_UNUSABLE | AR_P | AR_S | 0xe)) === (AR_P | AR_S | 2);
  if (flat) cpu.flatMask |= 1 << seg; else cpu.flatMask &= ~(1 << seg);
}

/** Load the segment cache from `desc` (after checks). */
function loadFromDesc(cpu: Cpu, seg: number, sel: number): void {
  markAccessed(cpu);
  const lo = desc[0]!, hi = desc[1]!;
  setSegment(cpu, seg, sel, descBase(lo, hi), descLimit(lo, hi), descAr(hi));
}

/** A null selector in DS/ES/FS/GS: loads fine, faults on use. */
export function loadNull(cpu: Cpu, seg: number, sel: number): void {
  setSegment(cpu, seg, sel, 0, 0, AR_UNUSABLE);
}

/** MOV/POP/LxS to DS, ES, FS or GS. Returns false after raising a fault. */
export function loadDataSegment(cpu: Cpu, seg: number, sel: number): boolean {
  sel &= 0xffff;
  if ((sel & 0xfffc) === 0) { loadNull(cpu, seg, sel); return true; }
  if (!readDescriptor(cpu, sel, GP)) return false;
  const ar = descAr(desc[1]!);
  const type = ar & 0xf, dpl = arDpl(ar), rpl = sel & 3;
  // Must be data, or readable code.
  if ((ar & AR_S) === 0 || (type & 0xa) === 0x8) { cpu.raise(GP, sel & 0xfffc); return false; }
  // Data and non-conforming code: DPL must be ≥ both CPL and RPL.
  if ((type & 0xc) !== 0xc && (rpl > dpl || cpu.cpl > dpl)) { cpu.raise(GP, sel & 0xfffc); return false; }
  if ((ar & AR_P) === 0) { cpu.raise(NP, sel & 0xfffc); return false; }
  loadFromDesc(cpu, seg, sel);
  return true;
}

/** MOV/POP/LSS to SS: a writable data segment at exactly CPL. */
export function loadStackSegment(cpu: Cpu, sel: number, cpl: number = cpu.cpl, fault = GP): boolean {
  sel &= 0xffff;
  if ((sel & 0xfffc) === 0) { cpu.raise(fault, 0); return false; }
  if (!readDescriptor(cpu, sel, fault)) return false;
  const ar = descAr(desc[1]!);
  if ((sel & 3) !== cpl || arDpl(ar) !== cpl || (ar & AR_S) === 0 || (ar & 0xa) !== 2) {
    cpu.raise(fault, sel & 0xfffc); return false;
  }
  if ((ar & AR_P) === 0) { cpu.raise(SS_FAULT, sel & 0xfffc); return false; }
  loadFromDesc(cpu, SS, sel);
  return true;
}

/**
 * Checks for a code segment that control is transferred to (far JMP/CALL/RET, IRET, interrupt gate target).
 * Leaves the descriptor in `desc`; returns false after raising.
 */
export function checkCodeSegment(cpu: Cpu, sel: number, vector: number): boolean {
  if ((sel & 0xfffc) === 0) { cpu.raise(vector, 0); return false; }
  if (!readDescriptor(cpu, sel, vector)) return false;
  const ar = descAr(desc[1]!);
  if ((ar & AR_S) === 0 || (ar & 8) === 0) { cpu.raise(vector, sel & 0xfffc); return false; }
  return true;
}

/** Make `desc` (already checked) the new CS with the given CPL (RPL of the selector becomes CPL). */
export function commitCode(cpu: Cpu, sel: number, cpl: number): void {
  loadFromDesc(cpu, CS, (sel & 0xfffc) | cpl);
}

/** Leaving to an outer ring: data segments the new CPL may not use become null (SDM RET/IRET). */
export function nullifyForOuterRing(cpu: Cpu): void {
  // Every return to ring 3 runs this: the four selectors by hand, each kept when it is usable at the new CPL
  // (already null, conforming code, or DPL ≥ CPL), with no loop and no calls in the common case.
  const ar = cpu.segAr, cpl = cpu.cpl;
  let a = ar[ES]!;
  if ((a & AR_UNUSABLE) === 0 && (a & 0xc) !== 0xc && arDpl(a) < cpl) loadNull(cpu, ES, 0);
  a = ar[DS]!;
  if ((a & AR_UNUSABLE) === 0 && (a & 0xc) !== 0xc && arDpl(a) < cpl) loadNull(cpu, DS, 0);
  a = ar[FS]!;
  if ((a & AR_UNUSABLE) === 0 && (a & 0xc) !== 0xc && arDpl(a) < cpl) loadNull(cpu, FS, 0);
  a = ar[GS]!;
  if ((a & AR_UNUSABLE) === 0 && (a & 0xc) !== 0xc && arDpl(a) < cpl) loadNull(cpu, GS, 0);
}

/** LDTR / TR loads (LLDT, LTR). Returns false after raising. */
export function loadSystemSegment(cpu: Cpu, which: number, sel: number): boolean {
  sel &= 0xffff;
  if ((sel & 0xfffc) === 0) {
    if (which === TR) { cpu.raise(GP, 0); return false; }
    setSegment(cpu, LDTR, sel, 0, 0, AR_UNUSABLE);
    return true;
  }
  if ((sel & 4) !== 0) { cpu.raise(GP, sel & 0xfffc); return false; }
  if (!readDescriptor(cpu, sel, GP)) return false;
  const hi = desc[1]!, lo = desc[0]!;
  const ar = descAr(hi);
  const type = ar & 0xf;
  const ok = (ar & AR_S) === 0 && (which === LDTR ? type === 2 : (type === 1 || type === 9));
  if (!ok) { cpu.raise(GP, sel & 0xfffc); return false; }
  if ((ar & AR_P) === 0) { cpu.raise(NP, sel & 0xfffc); return false; }
  if (which === TR) {
    desc[1] = hi | 0x200; // busy
    writeLin32(cpu, desc[2]! + 4, hi | 0x200, 0);
    setSegment(cpu, TR, sel, descBase(lo, hi), descLimit(lo, hi), ar | 2);
  } else setSegment(cpu, LDTR, sel, descBase(lo, hi), descLimit(lo, hi), ar);
  return true;
}

/**
 * Flat ring-0 protected mode with the selectors QEMU 7.2's multiboot loader leaves: code 0x08, data 0x10
 * (machine/boot/entry-state.ts builds the full entry state, GDT included; this is the bare-CPU shortcut).
 */
export function setFlatProtectedMode(cpu: Cpu, codeSel = 0x08, dataSel = 0x10): void {
  const code = AR_P | AR_S | 0xb | AR_DB | AR_G;
  const data = AR_P | AR_S | 0x3 | AR_DB | AR_G;
  setSegment(cpu, CS, codeSel, 0, 0xffffffff, code);
  for (const seg of [0, 2, 3, 4, 5]) setSegment(cpu, seg, dataSel, 0, 0xffffffff, data);
  setSegment(cpu, LDTR, 0, 0, 0xffff, 0x82);
  setSegment(cpu, TR, 0, 0, 0xffff, 0x8b);
}
