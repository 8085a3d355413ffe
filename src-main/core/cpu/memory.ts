/**
 * Memory accesses at three levels: physical (RAM fast path through typed arrays, else the bus), linear
 * (paging, page-crossing accesses translate both pages before touching either) and segmented (limit and type
 * checks, skipped for flat segments). On a fault the value returned is 0 and `cpu.exc` is set.
 */
import { Cpu, PAGE_CODE, PAGE_FIRMWARE, PAGE_RAM, PAGE_WATCHED } from './cpu';
import { inVmmWindow, vmmRead, vmmWriteIgnored } from './vmm-window';
import { translate, ACC_WRITE, ACC_USER } from './paging';
import { AR_DB, AR_UNUSABLE, SS } from './state';
import { dropCodePage } from './code-cache';
import { noteAccess } from './watch';

export const GP = 13, SS_FAULT = 12;

// ---- physical ----

/** Tell the interrupt line about the cycles run so far (before any device access, so timers read exact). */
export function flushTicks(cpu: Cpu): void {
  const n = cpu.pendingTicks;
  if (n !== 0 && cpu.irq !== null) { cpu.pendingTicks = 0; cpu.irq.tick(n); }
}

function mmioRead(cpu: Cpu, p: number, size: 1 | 2 | 4): number {
  if (cpu.vmmMemory !== null && inVmmWindow(cpu, p)) return vmmRead(cpu, p, size);
  flushTicks(cpu);
  return cpu.bus.mmioRead(p, size);
}

function mmioWrite(cpu: Cpu, p: number, size: 1 | 2 | 4, v: number): void {
  if (cpu.vmmMemory !== null && inVmmWindow(cpu, p)) { vmmWriteIgnored(cpu); return; }
  flushTicks(cpu);
  cpu.bus.mmioWrite(p, size, v);
  cpu.forceBlockEnd = true; // a self-IPI or an unmasked LVT entry is taken before the next instruction
}

/**
 * Marks a page of the per-page cost table (CpuOptions.pageAccessCost) that nobody has placed on a NUMA node
 * yet, or that NUMA balancing marked for a hinting fault; the low bits hold the cost it is predicted to have.
 * Its next access takes the slow path once.
 */
export const PAGE_UNPLACED = 0x8000;

/** NUMA charge of one RAM access (only when the machine gave this vCPU a per-page cost table). */
export function charge(cpu: Cpu, p: number): void {
  cpu.memAccesses++;
  if (cpu.pageCost![p >>> 12] !== 0) chargeRemote(cpu, p);
}

/** charge() of an access to a page whose cost is not 0 (translated code counts the accesses itself). */
export function chargeRemote(cpu: Cpu, p: number): void {
  const c = cpu.pageCost![p >>> 12]!;
  if (c >= PAGE_UNPLACED) { firstTouch(cpu, p >>> 12); return; }
  cpu.remoteAccesses++; cpu.cycles += c;
}

/** The first access (of this vCPU) to an unplaced page: report it, then charge what the page costs now. */
function firstTouch(cpu: Cpu, page: number): void {
  const c = placePage(cpu, page);
  if (c !== 0) { cpu.remoteAccesses++; cpu.cycles += c; }
}

/**
 * Has CpuOptions.firstTouch place an unplaced page, and returns its cost. A page the hook leaves unplaced
 * (no hook, no room on any allowed node) costs its prediction from then on, in this vCPU's table only.
 */
function placePage(cpu: Cpu, page: number): number {
  const table = cpu.pageCost!;
  cpu.onFirstTouch?.(page);
  let c = table[page]!;
  if (c >= PAGE_UNPLACED) { c &= PAGE_UNPLACED - 1; table[page] = c; }
  return c;
}

/** A page this vCPU decodes instructions from: fetches are not charged, but the first one places the page. */
export function noteCodePage(cpu: Cpu, page: number): void {
  if (cpu.pageCost !== null && cpu.pageCost[page]! >= PAGE_UNPLACED) placePage(cpu, page);
}

export function readPhys8(cpu: Cpu, p: number): number {
  if (p < cpu.ramSize) { if (cpu.pageCost !== null) charge(cpu, p); return cpu.ram[p]!; }
  return mmioRead(cpu, p, 1);
}

export function readPhys16(cpu: Cpu, p: number): number {
  if (cpu.pageCost !== null && p < cpu.ramSize) charge(cpu, p);
  if (p + 1 < cpu.ramSize) return (p & 1) === 0 ? cpu.ram16[p >>> 1]! : cpu.ram[p]! | (cpu.ram[p + 1]! << 8);
  if (p >= cpu.ramSize) return mmioRead(cpu, p, 2);
  return readPhys8(cpu, p) | (readPhys8(cpu, p + 1) << 8);
}

export function readPhys32(cpu: Cpu, p: number): number {
  if (cpu.pageCost !== null && p < cpu.ramSize) charge(cpu, p);
  if (p + 3 < cpu.ramSize) {
    if ((p & 3) === 0) return cpu.ram32[p >>> 2]!;
    const r = cpu.ram;
    return r[p]! | (r[p + 1]! << 8) | (r[p + 2]! << 16) | (r[p + 3]! << 24);
  }
  if (p >= cpu.ramSize) return mmioRead(cpu, p, 4) | 0;
  return readPhys16(cpu, p) | (readPhys16(cpu, p + 2) << 16);
}

/**
 * A write of `bytes` bytes at `p` hit a page holding decoded instructions: drop the ones it may overlap
 * (an instruction is at most 15 bytes, so those starting up to 14 bytes before). Code and data often share
 * a page; dropping only the overlapping entries keeps the rest of the page's decodes.
 */
export function invalidateCode(cpu: Cpu, p: number, bytes: number): void {
  const ppn = p >>> 12;
  const gen = cpu.codeGen;
  if (gen !== null) {
    // Other vCPUs drop their decodes of this page; ours stays valid (cleaned precisely below).
    const g = Atomics.add(gen, ppn, 1) + 1;
    if (cpu.codeCacheGen[ppn] === g - 1) cpu.codeCacheGen[ppn] = g;
  }
  const page = cpu.codeCache[ppn];
  if (page === undefined) { if (gen === null && cpu.pageKind[ppn] === PAGE_CODE) cpu.pageKind[ppn] = PAGE_RAM; return; }
  const off = p & 0xfff;
  const cover = cpu.codeCover[ppn];
  if (cover !== undefined) {
    let hit = false;
    for (let i = off, end = Math.min(off + bytes, 4096); i < end; i++) if (cover[i] !== 0) { hit = true; break; }
    if (!hit) return; // data next to code: nothing decoded there
  }
  const from = off > 14 ? off - 14 : 0, to = Math.min(off + bytes, 4096);
  for (let i = from; i < to; i++) {
    const e = page[i];
    if (e !== undefined && i + e.len > off) { // only those the write overlaps
      page[i] = undefined as never;
      cpu.codeWrites[ppn]!++; // translated blocks of the page are made again
      cpu.codeCacheState.insns--;
      cpu.codeCacheState.perPage[ppn]!--;
    }
  }
}

/** Drop every decoded instruction of a physical page (a write the CPU did not see, e.g. another thread's). */
export function invalidateCodePage(cpu: Cpu, page: number): void {
  dropCodePage(cpu, page);
  cpu.fetchEpoch++;
  if (cpu.codeGen !== null) Atomics.add(cpu.codeGen, page, 1);
  else if (cpu.pageKind[page] === PAGE_CODE) cpu.pageKind[page] = PAGE_RAM;
}

/**
 * Slow write to a RAM page that is firmware (write ignored) or holds code (invalidate, then write). A write
 * (within the page) that overlaps no decoded byte on a single-vCPU machine only needs the cover map's look.
 */
/**
 * After a store to a code page shared with other vCPUs: bump the page's generation again. invalidateCode's
 * bump before the store makes them drop their decodes; one of them may have decoded again in between, from
 * the old bytes, under that generation — this second bump, after the bytes are in RAM, drops that too.
 */
export function codeWritten(cpu: Cpu, p: number, bytes = 1): void {
  if (cpu.pageWriteHook !== null && cpu.pageKind[p >>> 12] === PAGE_WATCHED) cpu.pageWriteHook(cpu, p, bytes);
  const gen = cpu.codeGen;
  if (gen === null) return;
  const ppn = p >>> 12;
  const g = Atomics.add(gen, ppn, 1) + 1;
  if (cpu.codeCacheGen[ppn] === g - 1) cpu.codeCacheGen[ppn] = g; // our own decodes were cleaned precisely
}

function specialPage(cpu: Cpu, p: number, bytes: number): boolean {
  const ppn = p >>> 12;
  const kind = cpu.pageKind[ppn]!;
  if (kind === PAGE_FIRMWARE) return false;
  if (kind === PAGE_WATCHED) {
    if (cpu.codeCache[ppn] !== undefined) invalidateCode(cpu, p, bytes);
    return true;
  }
  if (kind === PAGE_CODE) {
    const cover = cpu.codeCover[ppn];
    const off = p & 0xfff;
    if (cpu.codeGen === null && cover !== undefined && off + bytes <= 4096) {
      let hit = cover[off]!;
      for (let i = 1; i < bytes; i++) hit |= cover[off + i]!;
      if (hit === 0) return true; // data next to code: nothing decoded there
    }
    invalidateCode(cpu, p, bytes);
  }
  return true;
}

export function writePhys8(cpu: Cpu, p: number, v: number): void {
  if (p < cpu.ramSize) {
    if (cpu.pageCost !== null) charge(cpu, p);
    if (cpu.pageKind[p >>> 12] !== 0) {
      if (!specialPage(cpu, p, 1)) return;
      cpu.ram[p] = v;
      codeWritten(cpu, p);
      return;
    }
    cpu.ram[p] = v;
  } else mmioWrite(cpu, p, 1, v & 0xff);
}

export function writePhys16(cpu: Cpu, p: number, v: number): void {
  if (p + 1 < cpu.ramSize && (p & 0xfff) !== 0xfff) {
    if (cpu.pageCost !== null) charge(cpu, p);
    const special = cpu.pageKind[p >>> 12] !== 0;
    if (special && !specialPage(cpu, p, 2)) return;
    if ((p & 1) === 0) cpu.ram16[p >>> 1] = v;
    else { cpu.ram[p] = v; cpu.ram[p + 1] = v >> 8; }
    if (special) codeWritten(cpu, p, 2);
  } else if (p >= cpu.ramSize) mmioWrite(cpu, p, 2, v & 0xffff);
  else { writePhys8(cpu, p, v); writePhys8(cpu, p + 1, v >> 8); }
}

export function writePhys32(cpu: Cpu, p: number, v: number): void {
  if (p + 3 < cpu.ramSize && (p & 0xfff) <= 0xffc) {
    if (cpu.pageCost !== null) charge(cpu, p);
    const special = cpu.pageKind[p >>> 12] !== 0;
    if (special && !specialPage(cpu, p, 4)) return;
    if ((p & 3) === 0) cpu.ram32[p >>> 2] = v;
    else { const r = cpu.ram; r[p] = v; r[p + 1] = v >> 8; r[p + 2] = v >> 16; r[p + 3] = v >> 24; }
    if (special) codeWritten(cpu, p, 4);
  } else if (p >= cpu.ramSize) mmioWrite(cpu, p, 4, v >>> 0);
  else { writePhys16(cpu, p, v); writePhys16(cpu, p + 2, v >> 16); }
}

// ---- linear ----

export function readLin8(cpu: Cpu, lin: number, acc: number): number {
  const p = translate(cpu, lin, acc);
  if (p < 0) return 0;
  if (cpu.watchArmed) noteAccess(cpu, lin, 1, false);
  return readPhys8(cpu, p);
}

export function readLin16(cpu: Cpu, lin: number, acc: number): number {
  if ((lin & 0xfff) === 0xfff) {
    const p0 = translate(cpu, lin, acc); if (p0 < 0) return 0;
    const p1 = translate(cpu, lin + 1, acc); if (p1 < 0) return 0;
    if (cpu.watchArmed) noteAccess(cpu, lin, 2, false);
    return readPhys8(cpu, p0) | (readPhys8(cpu, p1) << 8);
  }
  const p = translate(cpu, lin, acc);
  if (p < 0) return 0;
  if (cpu.watchArmed) noteAccess(cpu, lin, 2, false);
  return readPhys16(cpu, p);
}

export function readLin32(cpu: Cpu, lin: number, acc: number): number {
  if ((lin & 0xfff) > 0xffc) {
    const p0 = translate(cpu, lin, acc); if (p0 < 0) return 0;
    const p1 = translate(cpu, (lin | 0xfff) + 1, acc); if (p1 < 0) return 0;
    if (cpu.watchArmed) noteAccess(cpu, lin, 4, false);
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const a = lin + i;
      v |= readPhys8(cpu, (a & 0xfff) >= (lin & 0xfff) ? p0 + i : p1 + (a & 0xfff)) << (8 * i);
    }
    return v;
  }
  const p = translate(cpu, lin, acc);
  if (p < 0) return 0;
  if (cpu.watchArmed) noteAccess(cpu, lin, 4, false);
  return readPhys32(cpu, p);
}

export function writeLin8(cpu: Cpu, lin: number, v: number, acc: number): void {
  const p = translate(cpu, lin, acc | ACC_WRITE);
  if (p < 0) return;
  if (cpu.watchArmed) noteAccess(cpu, lin, 1, true);
  writePhys8(cpu, p, v);
}

export function writeLin16(cpu: Cpu, lin: number, v: number, acc: number): void {
  if ((lin & 0xfff) === 0xfff) {
    const p0 = translate(cpu, lin, acc | ACC_WRITE); if (p0 < 0) return;
    const p1 = translate(cpu, lin + 1, acc | ACC_WRITE); if (p1 < 0) return;
    if (cpu.watchArmed) noteAccess(cpu, lin, 2, true);
    writePhys8(cpu, p0, v); writePhys8(cpu, p1, v >> 8);
    return;
  }
  const p = translate(cpu, lin, acc | ACC_WRITE);
  if (p < 0) return;
  if (cpu.watchArmed) noteAccess(cpu, lin, 2, true);
  writePhys16(cpu, p, v);
}

export function writeLin32(cpu: Cpu, lin: number, v: number, acc: number): void {
  if ((lin & 0xfff) > 0xffc) {
    const p0 = translate(cpu, lin, acc | ACC_WRITE); if (p0 < 0) return;
    const p1 = translate(cpu, (lin | 0xfff) + 1, acc | ACC_WRITE); if (p1 < 0) return;
    if (cpu.watchArmed) noteAccess(cpu, lin, 4, true);
    for (let i = 0; i < 4; i++) {
      const a = lin + i;
      writePhys8(cpu, (a & 0xfff) >= (lin & 0xfff) ? p0 + i : p1 + (a & 0xfff), v >> (8 * i));
    }
    return;
  }
  const p = translate(cpu, lin, acc | ACC_WRITE);
  if (p < 0) return;
  if (cpu.watchArmed) noteAccess(cpu, lin, 4, true);
  writePhys32(cpu, p, v);
}

export function readLin(cpu: Cpu, lin: number, sz: number, acc: number): number {
  return sz === 2 ? readLin32(cpu, lin, acc) : sz === 1 ? readLin16(cpu, lin, acc) : readLin8(cpu, lin, acc);
}

export function writeLin(cpu: Cpu, lin: number, v: number, sz: number, acc: number): void {
  if (sz === 2) writeLin32(cpu, lin, v, acc);
  else if (sz === 1) writeLin16(cpu, lin, v, acc);
  else writeLin8(cpu, lin, v, acc);
}

// ---- segmented ----

/** Access bits for an ordinary (non-implicit) access at the current CPL. */
export function userAcc(cpu: Cpu): number {
  return cpu.cpl === 3 ? ACC_USER : 0;
}

/**
 * Linear address of seg:off for an access of `bytes` bytes; raises #GP(0)/#SS(0) on a limit or type
 * violation (check cpu.exc). Flat segments skip the checks.
 */
export function segLinear(cpu: Cpu, seg: number, off: number, bytes: number, write: boolean): number {
  if (((cpu.flatMask >> seg) & 1) !== 0) return off | 0;
  const ar = cpu.segAr[seg]!;
  const vec = seg === SS ? SS_FAULT : GP;
  if ((ar & AR_UNUSABLE) !== 0) { cpu.raise(vec, 0); return 0; }
  const type = ar & 0xf;
  // (Real mode has no type checks: a write through CS is fine there.)
  if ((write ? (type & 0xa) !== 2 : (type & 0xa) === 8) && (cpu.cr0 & 1) !== 0) { cpu.raise(vec, 0); return 0; }
  const limit = cpu.segLimit[seg]!;
  const o = off >>> 0, last = o + bytes - 1;
  if ((type & 0xc) === 4) { // expand-down data
    const upper = (ar & AR_DB) !== 0 ? 0xffffffff : 0xffff;
    if (o <= limit || last > upper) { cpu.raise(vec, 0); return 0; }
  } else if (last > limit) { cpu.raise(vec, 0); return 0; }
  return (cpu.segBase[seg]! + off) | 0;
}

export function readSeg(cpu: Cpu, seg: number, off: number, sz: number): number {
  const lin = segLinear(cpu, seg, off, 1 << sz, false);
  if (cpu.exc >= 0) return 0;
  return readLin(cpu, lin, sz, cpu.cpl === 3 ? ACC_USER : 0);
}

/** Read with write intent (read-modify-write): faults as the write would. */
export function readSegRmw(cpu: Cpu, seg: number, off: number, sz: number): number {
  const lin = segLinear(cpu, seg, off, 1 << sz, true);
  if (cpu.exc >= 0) return 0;
  return readLin(cpu, lin, sz, (cpu.cpl === 3 ? ACC_USER : 0) | ACC_WRITE);
}

export function writeSeg(cpu: Cpu, seg: number, off: number, v: number, sz: number): void {
  const lin = segLinear(cpu, seg, off, 1 << sz, true);
  if (cpu.exc >= 0) return;
  writeLin(cpu, lin, v, sz, cpu.cpl === 3 ? ACC_USER : 0);
}

/** Supervisor (implicit) accesses to system structures: GDT/IDT/TSS. */
export function readSys32(cpu: Cpu, lin: number): number { return readLin32(cpu, lin, 0); }
export function readSys16(cpu: Cpu, lin: number): number { return readLin16(cpu, lin, 0); }
export function writeSys32(cpu: Cpu, lin: number, v: number): void { writeLin32(cpu, lin, v, 0); }
