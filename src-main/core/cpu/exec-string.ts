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
import { DF, DS, ECX, EDI, EDX, ES, ESI } from './state';
import { Insn } from './insn';

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
  for (;;) {
    if (rep && (r[ECX]! & amask) === 0) return;
    const si = r[ESI]! & amask, di = r[EDI]! & amask;
    switch (kind) {
      case MOVS: {
        const v = readSeg(cpu, src, si, sz); if (cpu.exc >= 0) return;
        writeSeg(cpu, ES, di, v, sz); if (cpu.exc >= 0) return;
        adv(cpu, ESI, step, amask); adv(cpu, EDI, step, amask);
        break;
      }
      case CMPS: {
        const a = readSeg(cpu, src, si, sz); if (cpu.exc >= 0) return;
        const b = readSeg(cpu, ES, di, sz); if (cpu.exc >= 0) return;
        alu(cpu, ALU_CMP, a, b, sz);
        adv(cpu, ESI, step, amask); adv(cpu, EDI, step, amask);
        break;
      }
      case STOS:
        writeSeg(cpu, ES, di, getReg(cpu, 0, sz), sz); if (cpu.exc >= 0) return;
        adv(cpu, EDI, step, amask);
        break;
      case LODS: {
        const v = readSeg(cpu, src, si, sz); if (cpu.exc >= 0) return;
        setReg(cpu, 0, sz, v);
        adv(cpu, ESI, step, amask);
        break;
      }
      case SCAS: {
        const b = readSeg(cpu, ES, di, sz); if (cpu.exc >= 0) return;
        alu(cpu, ALU_CMP, getReg(cpu, 0, sz), b, sz);
        adv(cpu, EDI, step, amask);
        break;
      }
      case INS: {
        // Probe the destination before reading the port (a read can have side effects).
        writeSeg(cpu, ES, di, 0, sz); if (cpu.exc >= 0) return;
        writeSeg(cpu, ES, di, portIn(cpu, port, sz), sz);
        adv(cpu, EDI, step, amask);
        break;
      }
      default: { // OUTS
        const v = readSeg(cpu, src, si, sz); if (cpu.exc >= 0) return;
        portOut(cpu, port, sz, v);
        adv(cpu, ESI, step, amask);
      }
    }
    if (!rep) return;
    r[ECX] = amask === -1 ? (r[ECX]! - 1) | 0 : (r[ECX]! & ~0xffff) | ((r[ECX]! - 1) & 0xffff);
    if (kind === CMPS || kind === SCAS) {
      const zf = getZF(cpu);
      if (d.rep === 1 ? !zf : zf) return;
    }
  }
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
