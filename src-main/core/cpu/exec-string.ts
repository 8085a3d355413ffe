/**
 * String instructions with REP/REPE/REPNE. A fault part-way leaves ECX/ESI/EDI at the faulting element, so
 * the restarted instruction continues where it stopped (SDM).
 */
import { Cpu } from './cpu';
import type { Handler } from './exec-alu';
import { ALU_CMP, alu } from './alu';
import { getZF } from './flags';
import { getReg, setReg } from './operands';
import { readSeg, writeSeg } from './memory';
import { ioAllowed, portIn, portOut } from './io';
import { DF, DS, EAX, ECX, EDI, EDX, ES, ESI } from './state';
import { Insn } from './insn';
import { PAGE_RAM } from './cpu';
import { ACC_USER, ACC_WRITE, translate } from './paging';
import { STOP_DEBUG_EVENT } from './watch';

/** Iterations of a REP string instruction between looks at the outside world. */
const REP_SLICE = 16384;
const MOVS = 0, CMPS = 1, STOS = 2, LODS = 3, SCAS = 4, INS = 5, OUTS = 6;

function stringOp(kind: number, sz: number): Handler {
  return (cpu, d) => run(cpu, d, kind, sz < 0 ? d.osz : sz);
}

function run(cpu: Cpu, d: Insn, kind: number, sz: number): void {
  const r = cpu.regs;
  const step = (cpu.eflags & DF) !== 0 ? -(1 << sz) : 1 << sz;
  const amask = d.a32 ? -1 : 0xffff;
  const src = d.seg >= 0 ? d.seg : DS;
  const rep = d.rep !== 0;
  const port = r[EDX]! & 0xffff;
  if ((kind === INS || kind === OUTS) && !ioAllowed(cpu, port, 1 << sz)) return;
  if (!rep) { element(cpu, kind, sz, step, amask, src, port); return; }
  // Iterations this execution may do: a slice, within what the run's instruction budget has left.
  const slice = Math.min(REP_SLICE, cpu.repLimit);
  let done = 0;
  if ((kind === STOS || kind === MOVS) && d.a32 && (cpu.eflags & DF) === 0 && cpu.pageCost === null && !cpu.watchArmed &&
      ((cpu.flatMask >> ES) & 1) !== 0 && (kind === STOS || ((cpu.flatMask >> src) & 1) !== 0)) {
    done = bulk(cpu, kind, sz, slice);
  }
  while (cpu.exc < 0) {
    if ((r[ECX]! & amask) === 0) break;
    if (cpu.stopReason !== 0) {
      // A watchpoint stops after the iteration that hit (as an x86 data breakpoint): the rest is done on resume.
      if (cpu.stopReason === STOP_DEBUG_EVENT) { cpu.eip = cpu.insnEip; cpu.forceBlockEnd = true; }
      break;
    }
    if (done >= slice) {
      // A REP instruction is interruptible between iterations (SDM Vol. 2B, REP): restart it from where it
      // stands (EIP on the instruction, ECX/ESI/EDI updated), so interrupts, the stop word and the run's
      // limits are looked at.
      cpu.eip = cpu.insnEip;
      cpu.forceBlockEnd = true;
      break;
    }
    if (!element(cpu, kind, sz, step, amask, src, port)) break;
    done++;
    r[ECX] = amask === -1 ? (r[ECX]! - 1) | 0 : (r[ECX]! & ~0xffff) | ((r[ECX]! - 1) & 0xffff);
    if (kind === CMPS || kind === SCAS) {
      const zf = getZF(cpu);
      if (d.rep === 1 ? !zf : zf) break;
    }
  }
  if (done > 1) cpu.repExtra = done - 1;
}

/** One iteration (without the REP count). False after raising a fault. */
function element(cpu: Cpu, kind: number, sz: number, step: number, amask: number, src: number, port: number): boolean {
  const r = cpu.regs;
  const si = r[ESI]! & amask, di = r[EDI]! & amask;
  switch (kind) {
    case MOVS: {
      const v = readSeg(cpu, src, si, sz); if (cpu.exc >= 0) return false;
      writeSeg(cpu, ES, di, v, sz); if (cpu.exc >= 0) return false;
      adv(cpu, ESI, step, amask); adv(cpu, EDI, step, amask);
      break;
    }
    case CMPS: {
      const a = readSeg(cpu, src, si, sz); if (cpu.exc >= 0) return false;
      const b = readSeg(cpu, ES, di, sz); if (cpu.exc >= 0) return false;
      alu(cpu, ALU_CMP, a, b, sz);
      adv(cpu, ESI, step, amask); adv(cpu, EDI, step, amask);
      break;
    }
    case STOS:
      writeSeg(cpu, ES, di, getReg(cpu, 0, sz), sz); if (cpu.exc >= 0) return false;
      adv(cpu, EDI, step, amask);
      break;
    case LODS: {
      const v = readSeg(cpu, src, si, sz); if (cpu.exc >= 0) return false;
      setReg(cpu, 0, sz, v);
      adv(cpu, ESI, step, amask);
      break;
    }
    case SCAS: {
      const b = readSeg(cpu, ES, di, sz); if (cpu.exc >= 0) return false;
      alu(cpu, ALU_CMP, getReg(cpu, 0, sz), b, sz);
      adv(cpu, EDI, step, amask);
      break;
    }
    case INS: {
      // Probe the destination before reading the port (a read can have side effects).
      writeSeg(cpu, ES, di, 0, sz); if (cpu.exc >= 0) return false;
      writeSeg(cpu, ES, di, portIn(cpu, port, sz), sz);
      adv(cpu, EDI, step, amask);
      break;
    }
    default: { // OUTS
      const v = readSeg(cpu, src, si, sz); if (cpu.exc >= 0) return false;
      portOut(cpu, port, sz, v);
      adv(cpu, ESI, step, amask);
    }
  }
  return true;
}

/**
 * REP STOS / REP MOVS fast path for flat segments going up: whole runs within one page of plain RAM are
 * done with typed-array operations (overlapping MOVS runs fall back to the element loop, whose byte-by-byte
 * semantics differ from memmove). Returns the number of elements done; stops early when anything needs the
 * careful path (page end reached in a partial element, MMIO, code or firmware pages, a fault to raise).
 */
function bulk(cpu: Cpu, kind: number, sz: number, max: number): number {
  const r = cpu.regs, size = 1 << sz, ram = cpu.ram;
  const acc = cpu.cpl === 3 ? ACC_USER : 0;
  let done = 0;
  while (done < max) {
    const count = r[ECX]! >>> 0;
    if (count === 0) break;
    const di = r[EDI]!, si = r[ESI]!;
    let n = Math.min(count, max - done, Math.floor((4096 - (di & 0xfff)) / size));
    if (kind === MOVS) n = Math.min(n, Math.floor((4096 - (si & 0xfff)) / size));
    if (n <= 0) break;
    const pd = translate(cpu, di, acc | ACC_WRITE);
    if (pd < 0) { cpu.exc = -1; cpu.excCode = -1; break; } // let the element loop raise it with exact state
    if (pd + n * size > cpu.ramSize || cpu.pageKind[pd >>> 12] !== PAGE_RAM) break;
    if (kind === STOS) {
      const v = r[EAX]!;
      if (sz === 0) ram.fill(v & 0xff, pd, pd + n);
      else if (sz === 2 && (pd & 3) === 0) cpu.ram32.fill(v, pd >>> 2, (pd >>> 2) + n);
      else for (let i = 0; i < n * size; i++) ram[pd + i] = v >> (8 * (i & (size - 1)));
    } else {
      const ps = translate(cpu, si, acc);
      if (ps < 0) { cpu.exc = -1; cpu.excCode = -1; break; }
      if (ps + n * size > cpu.ramSize || (ps < pd + n * size && pd < ps + n * size)) break;
      ram.copyWithin(pd, ps, ps + n * size);
      r[ESI] = (si + n * size) | 0;
    }
    r[EDI] = (di + n * size) | 0;
    r[ECX] = (count - n) | 0;
    done += n;
  }
  return done;
}

function adv(cpu: Cpu, reg: number, step: number, amask: number): void {
  const r = cpu.regs;
  if (amask === -1) r[reg] = (r[reg]! + step) | 0;
  else r[reg] = (r[reg]! & ~0xffff) | ((r[reg]! + step) & 0xffff);
}

/** Handler per mnemonic; size -1 = by operand size (the w/d forms share the row's opcode). */
export const STRING_HANDLERS: Record<string, Handler> = {};
const names: [string, number][] = [['movs', MOVS], ['cmps', CMPS], ['stos', STOS], ['lods', LODS], ['scas', SCAS], ['ins', INS], ['outs', OUTS]];
for (const [base, kind] of names) {
  STRING_HANDLERS[`${base}b`] = stringOp(kind, 0);
  STRING_HANDLERS[`${base}w`] = stringOp(kind, 1);
  STRING_HANDLERS[`${base}d`] = stringOp(kind, 2);
}
