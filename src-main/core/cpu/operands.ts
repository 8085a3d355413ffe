/**
 * Common operand loading and write-back (the per-instruction handlers only combine values). An instruction's
 * operands are resolved once into `loc*` scratch slots — register, memory offset+segment, or immediate —
 * so read-modify-write computes its address once. Register access by width follows the ModRM numbering
 * (AL CL DL BL AH CH DH BH for bytes).
 */
import { Cpu } from './cpu';
import { Insn } from './insn';
import { readSeg, readSegRmw, segLinear, writeSeg, readLin, writeLin } from './memory';
import { ACC_USER } from './paging';
import { AR_DB, ESP, SS } from './state';

// ---- registers ----

export function getReg(cpu: Cpu, n: number, sz: number): number {
  const r = cpu.regs;
  if (sz === 2) return r[n]!;
  if (sz === 1) return r[n]! & 0xffff;
  return n < 4 ? r[n]! & 0xff : (r[n - 4]! >> 8) & 0xff;
}

export function setReg(cpu: Cpu, n: number, sz: number, v: number): void {
  const r = cpu.regs;
  if (sz === 2) r[n] = v;
  else if (sz === 1) r[n] = (r[n]! & ~0xffff) | (v & 0xffff);
  else if (n < 4) r[n] = (r[n]! & ~0xff) | (v & 0xff);
  else r[n - 4] = (r[n - 4]! & ~0xff00) | ((v & 0xff) << 8);
}

// ---- effective addresses ----

/** Segment of the last computed effective address. */
export let eaSeg = 3;

/** Offset of the ModRM memory operand; sets eaSeg (the decoder already applied overrides and SS defaults). */
export function effectiveAddress(cpu: Cpu, d: Insn): number {
  const r = cpu.regs;
  let off = d.disp;
  if (d.base >= 0) off += r[d.base]!;
  if (d.index >= 0) off += r[d.index]! << d.scale;
  eaSeg = d.eaSeg;
  return d.a32 ? off | 0 : off & 0xffff;
}

// ---- resolved operand slots ----

export const LOC_REG = 0, LOC_MEM = 1, LOC_IMM = 2;
export const locType = new Int32Array(4);
/** Register number (LOC_REG), segment (LOC_MEM) */
export const locIdx = new Int32Array(4);
/** Offset (LOC_MEM) or value (LOC_IMM). */
export const locVal = new Int32Array(4);

/** Resolve the r/m operand into slot i. */
export function resolveRm(cpu: Cpu, d: Insn, i: number): void {
  if (d.mod === 3) { locType[i] = LOC_REG; locIdx[i] = d.rm; }
  else { locVal[i] = effectiveAddress(cpu, d); locType[i] = LOC_MEM; locIdx[i] = eaSeg; }
}

export function setRegLoc(i: number, n: number): void { locType[i] = LOC_REG; locIdx[i] = n; }
export function setImmLoc(i: number, v: number): void { locType[i] = LOC_IMM; locVal[i] = v; }
export function setMemLoc(i: number, seg: number, off: number): void { locType[i] = LOC_MEM; locIdx[i] = seg; locVal[i] = off; }

export function readLoc(cpu: Cpu, i: number, sz: number): number {
  const t = locType[i]!;
  if (t === LOC_REG) return getReg(cpu, locIdx[i]!, sz);
  if (t === LOC_IMM) return locVal[i]!;
  return readSeg(cpu, locIdx[i]!, locVal[i]!, sz);
}

/** Read for a read-modify-write: memory faults as a write would. */
export function readLocRmw(cpu: Cpu, i: number, sz: number): number {
  const t = locType[i]!;
  if (t === LOC_REG) return getReg(cpu, locIdx[i]!, sz);
  return readSegRmw(cpu, locIdx[i]!, locVal[i]!, sz);
}

export function writeLoc(cpu: Cpu, i: number, sz: number, v: number): void {
  if (locType[i] === LOC_REG) setReg(cpu, locIdx[i]!, sz, v);
  else writeSeg(cpu, locIdx[i]!, locVal[i]!, v, sz);
}

// ---- stack ----

/** Stack pointer mask: SS.B selects ESP (32-bit) or SP. */
export function stackIs32(cpu: Cpu): boolean { return (cpu.segAr[SS]! & AR_DB) !== 0; }

function stackOff(cpu: Cpu, delta: number): number {
  const esp = cpu.regs[ESP]!;
  return stackIs32(cpu) ? (esp + delta) | 0 : (esp + delta) & 0xffff;
}

function setEsp(cpu: Cpu, off: number): void {
  if (stackIs32(cpu)) cpu.regs[ESP] = off;
  else cpu.regs[ESP] = (cpu.regs[ESP]! & ~0xffff) | (off & 0xffff);
}

/** PUSH of a word (sz 1) or dword (sz 2). On a fault ESP is unchanged. */
export function push(cpu: Cpu, v: number, sz: number): void {
  const off = stackOff(cpu, -(1 << sz));
  writeSeg(cpu, SS, off, v, sz);
  if (cpu.exc < 0) setEsp(cpu, off);
}

/** Read the value `depth` bytes above the stack top without popping. */
export function peek(cpu: Cpu, depth: number, sz: number): number {
  return readSeg(cpu, SS, stackOff(cpu, depth), sz);
}

/** Write below the stack top without moving ESP (multi-push instructions check everything first). */
export function pokeBelow(cpu: Cpu, depth: number, v: number, sz: number): void {
  writeSeg(cpu, SS, stackOff(cpu, -depth), v, sz);
}

export function pop(cpu: Cpu, sz: number): number {
  const v = readSeg(cpu, SS, stackOff(cpu, 0), sz);
  if (cpu.exc < 0) setEsp(cpu, stackOff(cpu, 1 << sz));
  return v;
}

export function adjustEsp(cpu: Cpu, delta: number): void { setEsp(cpu, stackOff(cpu, delta)); }

/** Check that `bytes` below the stack top are writable (ENTER, PUSHA, far CALL) before any write. */
export function probeStackWrite(cpu: Cpu, bytes: number): boolean {
  const off = stackOff(cpu, -bytes);
  const lin = segLinear(cpu, SS, off, bytes, true);
  if (cpu.exc >= 0) return false;
  const acc = cpu.cpl === 3 ? ACC_USER : 0;
  // Touch first and last byte with write intent (pages in between are covered for ≤ 4 KiB frames).
  writeLin(cpu, lin, readLin(cpu, lin, 0, acc | 1), 0, acc);
  if (cpu.exc >= 0) return false;
  writeLin(cpu, lin + bytes - 1, readLin(cpu, lin + bytes - 1, 0, acc | 1), 0, acc);
  return cpu.exc < 0;
}
