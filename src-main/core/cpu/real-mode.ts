/**
 * Real-address mode (CR0.PE = 0): what an AP runs after a start-up IPI, and a guest that clears PE. A segment
 * load only sets the selector and base = selector << 4; the hidden limit and attributes stay what they were
 * (so a limit set in protected mode survives, "unreal mode", as on Intel CPUs), made present and usable at
 * DPL 0. Interrupts and exceptions go through the interrupt vector table at IDTR.base (4 bytes per vector:
 * offset, segment) with a 16-bit FLAGS, CS, IP frame and no error code. No privilege checks: CPL is 0.
 * Virtual-8086 mode is not supported (EFLAGS.VM cannot be set), so protected mode never returns to 16-bit
 * real-mode semantics except by clearing PE.
 */
import { Cpu } from './cpu';
import type { Handler } from './exec-alu';
import { readEflags, writeEflags } from './flags';
import { readLin16 } from './memory';
import { adjustEsp, peek, push } from './operands';
import { setSegment } from './segments';
import { AC, AR_DB, AR_G, AR_P, AR_S, CR0_PE, CS, EFLAGS_WRITABLE, ESP, IF, TF } from './state';

const GP = 13, UD = 6;
/** The attribute bits a real-mode load keeps: D/B, G (and the limit, kept separately). */
const KEPT = AR_DB | AR_G;
/** Data: read/write, accessed; code: execute/read, accessed — present, S = 1, DPL 0. */
const DATA_AR = AR_P | AR_S | 0x3, CODE_AR = AR_P | AR_S | 0xb;

export const isRealMode = (cpu: Cpu): boolean => (cpu.cr0 & CR0_PE) === 0;

/** A handler for an instruction that exists only in protected mode: #UD in real mode (LLDT, LAR, ARPL…). */
export function protectedModeOnly(h: Handler): Handler {
  return (cpu, d, row) => {
    if (isRealMode(cpu)) cpu.raise(UD);
    else h(cpu, d, row);
  };
}

/** MOV/POP/LxS to a data segment or SS in real mode. */
export function loadRealSegment(cpu: Cpu, seg: number, sel: number): void {
  sel &= 0xffff;
  setSegment(cpu, seg, sel, sel << 4, cpu.segLimit[seg]!, (cpu.segAr[seg]! & KEPT) | DATA_AR);
}

/** A far JMP/CALL/RET or IRET (or interrupt) to `sel` in real mode. */
export function loadRealCode(cpu: Cpu, sel: number): void {
  sel &= 0xffff;
  setSegment(cpu, CS, sel, sel << 4, cpu.segLimit[CS]!, (cpu.segAr[CS]! & KEPT) | CODE_AR);
  cpu.cpl = 0; // setSegment takes CPL from the selector's low bits: not in real mode
}

/**
 * Deliver `vector` through the IVT: push FLAGS, CS, IP (16 bits each), clear IF, TF and AC, jump to the
 * vector's segment:offset. A vector beyond IDTR.limit raises #GP(0); a push that faults raises #SS(0).
 * EIP must already be the return address (the caller sets it as in protected mode).
 */
export function deliverReal(cpu: Cpu, vector: number): void {
  if (vector * 4 + 3 > cpu.idtrLimit) { cpu.raise(GP, 0); return; }
  const entry = (cpu.idtrBase + vector * 4) | 0;
  const offset = readLin16(cpu, entry, 0), segment = readLin16(cpu, entry + 2, 0);
  if (cpu.exc >= 0) return;
  const esp = cpu.regs[ESP]!;
  push(cpu, readEflags(cpu) & 0xffff, 1);
  push(cpu, cpu.segSel[CS]!, 1);
  push(cpu, cpu.eip & 0xffff, 1);
  if (cpu.exc >= 0) { cpu.regs[ESP] = esp; return; }
  loadRealCode(cpu, segment);
  cpu.eip = offset;
  writeEflags(cpu, 0, IF | TF | AC);
}

/** IRET in real mode: pop IP, CS, FLAGS (or EIP, CS, EFLAGS with a 32-bit operand size). False after raising. */
export function iretReal(cpu: Cpu, word: boolean): boolean {
  const sz = word ? 1 : 2, size = word ? 2 : 4;
  const ip = peek(cpu, 0, sz), sel = peek(cpu, size, sz) & 0xffff, flags = peek(cpu, 2 * size, sz);
  if (cpu.exc >= 0) return false;
  if ((ip >>> 0) > cpu.segLimit[CS]!) { cpu.raise(GP, 0); return false; }
  loadRealCode(cpu, sel);
  cpu.eip = ip;
  adjustEsp(cpu, 3 * size);
  writeEflags(cpu, flags, word ? EFLAGS_WRITABLE & 0xffff : EFLAGS_WRITABLE);
  return true;
}

/** Far JMP or CALL in real mode: no descriptor, no checks beyond the new IP against the kept CS limit. */
export function farTransferReal(cpu: Cpu, sel: number, off: number, osz: number, isCall: boolean): void {
  if (osz === 1) off &= 0xffff;
  if ((off >>> 0) > cpu.segLimit[CS]!) { cpu.raise(GP, 0); return; }
  if (isCall) {
    const esp = cpu.regs[ESP]!;
    push(cpu, cpu.segSel[CS]!, osz);
    push(cpu, cpu.eip, osz);
    if (cpu.exc >= 0) { cpu.regs[ESP] = esp; return; }
  }
  loadRealCode(cpu, sel);
  cpu.eip = off;
}

/** Far RET in real mode: pop IP and CS, then release `release` bytes of parameters. */
export function farReturnReal(cpu: Cpu, osz: number, release: number): void {
  const size = 1 << osz;
  const off = peek(cpu, 0, osz), sel = peek(cpu, size, osz) & 0xffff;
  if (cpu.exc >= 0) return;
  const ip = osz === 1 ? off & 0xffff : off;
  if ((ip >>> 0) > cpu.segLimit[CS]!) { cpu.raise(GP, 0); return; }
  loadRealCode(cpu, sel);
  cpu.eip = ip;
  adjustEsp(cpu, 2 * size + release);
}
