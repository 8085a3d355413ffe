/**
 * BCD adjustments (DAA, DAS, AAA, AAS, AAM, AAD) and SALC. Flags the SDM leaves undefined take the values
 * QEMU 7.2's helpers (target/i386/tcg/int_helper.c) give them, so differential tests compare every flag:
 * DAA/DAS clear OF; AAA/AAS keep OF, SF, ZF and PF as they were; AAM/AAD set SF/ZF/PF from AL and clear
 * CF, OF and AF.
 */
import { DE_VECTOR, type Handler } from './exec-alu';
import { PARITY, readEflags, writeEflags } from './flags';
import { logicFlags } from './alu';
import { AF, ARITH_FLAGS, CF } from './state';
import type { Cpu } from './cpu';

const EAX = 0;

const al = (cpu: Cpu) => cpu.regs[EAX]! & 0xff;
const setAl = (cpu: Cpu, v: number) => (cpu.regs[EAX] = (cpu.regs[EAX]! & ~0xff) | (v & 0xff));

/** SF, ZF, PF of a byte result. */
const szp = (v: number) => (v === 0 ? 0x40 : 0) | (v & 0x80) | PARITY[v]!;

export const daa: Handler = (cpu) => {
  const f = readEflags(cpu);
  const old = al(cpu);
  let v = old;
  let flags = 0;
  if ((v & 0x0f) > 9 || f & AF) {
    v = (v + 6) & 0xff;
    flags |= AF;
  }
  if (old > 0x99 || f & CF) {
    v = (v + 0x60) & 0xff;
    flags |= CF;
  }
  setAl(cpu, v);
  writeEflags(cpu, flags | szp(v), ARITH_FLAGS);
};

export const das: Handler = (cpu) => {
  const f = readEflags(cpu);
  const old = al(cpu);
  let v = old;
  let flags = 0;
  if ((v & 0x0f) > 9 || f & AF) {
    flags |= AF;
    if (v < 6 || f & CF) flags |= CF;
    v = (v - 6) & 0xff;
  }
  if (old > 0x99 || f & CF) {
    v = (v - 0x60) & 0xff;
    flags |= CF;
  }
  setAl(cpu, v);
  writeEflags(cpu, flags | szp(v), ARITH_FLAGS);
};

function asciiAdjust(cpu: Cpu, add: boolean): void {
  const f = readEflags(cpu);
  const a = al(cpu);
  let ah = (cpu.regs[EAX]! >>> 8) & 0xff;
  let v: number;
  if ((a & 0x0f) > 9 || f & AF) {
    v = (add ? a + 6 : a - 6) & 0x0f;
    ah = (add ? ah + 1 + (a > 0xf9 ? 1 : 0) : ah - 1 - (a < 6 ? 1 : 0)) & 0xff;
    writeEflags(cpu, CF | AF, CF | AF);
  } else {
    v = a & 0x0f;
    writeEflags(cpu, 0, CF | AF);
  }
  cpu.regs[EAX] = (cpu.regs[EAX]! & ~0xffff) | (ah << 8) | v;
}

export const aaa: Handler = (cpu) => asciiAdjust(cpu, true);
export const aas: Handler = (cpu) => asciiAdjust(cpu, false);

export const aam: Handler = (cpu, d) => {
  const base = d.imm & 0xff;
  if (base === 0) {
    cpu.raise(DE_VECTOR);
    return;
  }
  const a = al(cpu);
  const v = a % base;
  cpu.regs[EAX] = (cpu.regs[EAX]! & ~0xffff) | (Math.floor(a / base) << 8) | v;
  logicFlags(cpu, v, 0);
};

export const aad: Handler = (cpu, d) => {
  const base = d.imm & 0xff;
  const ah = (cpu.regs[EAX]! >>> 8) & 0xff;
  const v = (ah * base + al(cpu)) & 0xff;
  cpu.regs[EAX] = (cpu.regs[EAX]! & ~0xffff) | v;
  logicFlags(cpu, v, 0);
};

export const salc: Handler = (cpu) => setAl(cpu, readEflags(cpu) & CF ? 0xff : 0);

export const BCD_HANDLERS: Record<string, Handler> = { daa, das, aaa, aas, aam, aad, salc };
