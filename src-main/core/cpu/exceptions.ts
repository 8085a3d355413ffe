/**
 * Event delivery through the IDT: exceptions, software interrupts (INT n/INT3/INTO) and external interrupts,
 * with gate checks, the TSS stack switch on a privilege change, error codes (EXT bit as the SDM sets it),
 * double and triple fault; and IRET back, across privilege levels.
 *
 * A delivery that faults part-way restores what it had changed (SS, ESP, CPL) before the next event is
 * classified, so the machine state a double-fault handler sees is the state before the first event.
 */
import { Cpu, EVENT_EXTERNAL, EVENT_FAULT, EVENT_NMI, EVENT_SOFT } from './cpu';
import { STOP_WORD_EVENT } from '../machine/platform';
import { deliverReal, iretReal } from './real-mode';
import { readEflags, writeEflags } from './flags';
import { readLin16, readLin32, readPhys32, segLinear, writeLin16, writeLin32, writePhys32 } from './memory';
import { ACC_USER, ACC_WRITE, translate } from './paging';
import {
  AR_P, AR_UNUSABLE, CR0_PE, CS, ESP, IF, IOPL, NT, RF, SS, TF, TR, VM, arDpl, EFLAGS_WRITABLE,
} from './state';
import {
  GP, NP, SS_FAULT, TS, checkCodeSegment, commitCode, desc, descAr, loadStackSegment, nullifyForOuterRing,
} from './segments';
import { COST_EXCEPTION, COST_INTERRUPT, COST_PRIVILEGE_CHANGE, COST_TASK_SWITCH } from './costs';
import { SWITCH_INT, SWITCH_IRET, taskSwitch } from './tasks';
import { iretFast, softIntFast } from './event-fastpath';
import { VMX_NON_ROOT } from '../vmx/vmx-state';
import { EXC_EPT_VIOLATION } from './ept';
import { eptExitDuringDelivery, exceptionBitmapExits, exceptionExit, externalVectoring, iretUnblocksNmi, nestedExceptionExit, nmiExit, nmiVectoring, tripleFaultExit } from '../vmx/nonroot';
import { EV_TASK_SWITCH, EV_DOUBLE_FAULT, EV_EXCEPTION, EV_INTERRUPT, EV_PRIV_CHANGE, EV_SOFT_INT, EV_TRIPLE_FAULT, type EventTrace } from './trace';

export const DE = 0, DB = 1, NMI = 2, BP = 3, OF_VEC = 4, BR = 5, UD = 6, NM = 7, DF = 8;
export { TS, NP, SS_FAULT, GP };
export const PF = 14;

/** Stop reasons a handler can request (see engine.ts). */
export const STOP_TRIPLE_FAULT = 1, STOP_EXIT_REQUEST = 2;

const CONTRIBUTORY = (v: number): boolean => v === 0 || (v >= 10 && v <= 13);

/** The CPU's event trace (kept for callers that predate Cpu.trace). */
export function eventTrace(cpu: Cpu): EventTrace {
  return cpu.trace;
}

/**
 * Deliver the exception pending in cpu.exc (raised by the instruction that started at cpu.insnEip).
 * Faults restart the instruction; software interrupts and traps have already set EIP past it.
 * `vectoring` (VMX non-root): the interruption information of an external interrupt whose delivery raised it.
 */
export function deliverPendingException(cpu: Cpu, vectoring = 0): void {
  const vector = cpu.exc, code = cpu.excCode, soft = cpu.excSoft, trap = cpu.excTrap;
  cpu.exc = -1; cpu.excCode = -1; cpu.excSoft = false; cpu.excTrap = false;
  if (!soft && !trap) cpu.eip = cpu.insnEip;
  if (cpu.vmxMode === VMX_NON_ROOT && exceptionExit(cpu, vector, code, soft, trap, vectoring, 0)) return;
  if (cpu.eventHook !== null && cpu.eventHook(cpu, soft ? EVENT_SOFT : EVENT_FAULT, vector, code)) return;
  cpu.chainLength = 0;
  deliverChain(cpu, vector, code, soft);
}

/**
 * INT n (EIP past the instruction): what raising it as a pending software interrupt and
 * deliverPendingException do, without the round trip through cpu.exc when no VM exit or VMM hook can take it
 * (the translator's lane runs a system call this way).
 */
export function deliverSoftInt(cpu: Cpu, vector: number): void {
  if (cpu.vmxMode === VMX_NON_ROOT || cpu.eventHook !== null) {
    cpu.exc = vector; cpu.excCode = -1; cpu.excSoft = true; cpu.excTrap = false;
    deliverPendingException(cpu);
    return;
  }
  cpu.chainLength = 0;
  deliverChain(cpu, vector, -1, true);
}

/**
 * Deliver `vector` and whatever faults its delivery raises, classified into #DF and triple fault (SDM 6.15
 * table 6-5). A nested fault returns to cpu.insnEip.
 */
function deliverChain(cpu: Cpu, vector: number, code: number, soft: boolean): void {
  for (;;) {
    cpu.charge(COST_EXCEPTION);
    cpu.recordFault(vector, code, cpu.eip);
    cpu.trace.record(soft ? EV_SOFT_INT : vector === DF ? EV_DOUBLE_FAULT : EV_EXCEPTION, cpu.instructions, cpu.eip, vector, code);
    if (!soft || code >= 0 || !softIntFast(cpu, vector)) deliver(cpu, vector, code, soft, !soft);
    if (cpu.exc < 0) return;
    const next = cpu.exc, nextCode = cpu.excCode;
    cpu.exc = -1; cpu.excCode = -1;
    cpu.eip = cpu.insnEip; // a fault while delivering INT n points at the INT instruction
    if (next >= EXC_EPT_VIOLATION) { eptExitDuringDelivery(cpu, next); return; } // (VMX non-root with EPT only)
    // In VMX non-root the nested exception meets the exception bitmap before the double-fault rules (SDM 25.2):
    // a VMM that intercepts it (a shadow-paging #PF on the guest's IDT or stack) sees the event being delivered
    // as IDT-vectoring information, fixes the cause and injects that event again.
    if (cpu.vmxMode === VMX_NON_ROOT && exceptionBitmapExits(cpu, next, nextCode) && nestedExceptionExit(cpu, next, nextCode, false)) return;
    if (vector === DF && (CONTRIBUTORY(next) || next === PF)) {
      cpu.recordFault(next, nextCode, cpu.eip);
      tripleFault(cpu);
      return;
    }
    let becameDf = false;
    if (!soft && ((CONTRIBUTORY(vector) && CONTRIBUTORY(next)) || (vector === PF && (CONTRIBUTORY(next) || next === PF)))) {
      cpu.recordFault(next, nextCode, cpu.eip);
      vector = DF; code = 0; becameDf = true;
    } else { vector = next; code = nextCode; }
    soft = false;
    if (cpu.vmxMode === VMX_NON_ROOT && nestedExceptionExit(cpu, vector, code, becameDf)) return;
  }
}

function tripleFault(cpu: Cpu): void {
  cpu.trace.record(EV_TRIPLE_FAULT, cpu.instructions, cpu.eip, DF, 0);
  if (cpu.vmxMode === VMX_NON_ROOT) { tripleFaultExit(cpu); return; } // a VM exit, not a shutdown
  cpu.tripleFault = { vector: cpu.chainLength > 0 ? cpu.chainVector[0]! : DF, eip: cpu.insnEip >>> 0, chain: cpu.faultChain() };
  cpu.stopReason = STOP_TRIPLE_FAULT;
}

/**
 * An event VM entry injects (SDM 27.6): delivered through the guest's IDT as if it occurred right after the
 * entry, without the intercepts events the guest raises go through (eventHook). EIP is the return address
 * (past the instruction for software interrupts and exceptions), cpu.insnEip the guest EIP a fault during
 * delivery points at. `soft`: INT n / INT3 / INTO (gate DPL check, no EXT bit); `external`: an interrupt.
 */
export function deliverInjectedEvent(cpu: Cpu, vector: number, code: number, soft: boolean, external: boolean): void {
  cpu.halted = false;
  cpu.chainLength = 0;
  if (!external) { deliverChain(cpu, vector, code, soft); return; }
  cpu.trace.record(EV_INTERRUPT, cpu.instructions, cpu.eip, vector, -1);
  cpu.charge(COST_INTERRUPT);
  deliver(cpu, vector, -1, false, true);
  if (cpu.exc >= 0) { cpu.excSoft = false; deliverPendingException(cpu, cpu.vmxMode === VMX_NON_ROOT ? externalVectoring(vector) : 0); }
}

/** An external interrupt (already acknowledged) at an instruction boundary; EIP is the next instruction. */
export function deliverExternalInterrupt(cpu: Cpu, vector: number): void {
  cpu.halted = false;
  cpu.insnEip = cpu.eip;
  if (cpu.eventHook !== null && cpu.eventHook(cpu, EVENT_EXTERNAL, vector, -1)) return;
  cpu.trace.record(EV_INTERRUPT, cpu.instructions, cpu.eip, vector, -1);
  cpu.charge(COST_INTERRUPT);
  deliver(cpu, vector, -1, false, true);
  if (cpu.exc >= 0) {
    // A fault while delivering an interrupt is handled like any fault, with EIP at the interrupted point.
    cpu.excSoft = false;
    deliverPendingException(cpu, cpu.vmxMode === VMX_NON_ROOT ? externalVectoring(vector) : 0);
  }
}

/**
 * An NMI at an instruction boundary (the engine checked that NMIs are not blocked): vector 2 through the
 * IDT (or IVT) whatever EFLAGS.IF says, and NMIs blocked until the next IRET (SDM Vol. 3 6.7.1). Every NMI
 * source (ICR, LINT1, I/O APIC) arrives here, so VMX non-root operation can take it first (pin-based NMI
 * exiting).
 */
export function deliverNmi(cpu: Cpu): void {
  cpu.nmiPending = false;
  if (cpu.vmxMode === VMX_NON_ROOT && nmiExit(cpu)) return; // NMI exiting: the host takes it (halted stays saved)
  cpu.halted = false;
  cpu.insnEip = cpu.eip;
  if (cpu.eventHook !== null && cpu.eventHook(cpu, EVENT_NMI, NMI, -1)) return;
  cpu.nmiBlocked = true;
  cpu.trace.record(EV_INTERRUPT, cpu.instructions, cpu.eip, NMI, -1);
  cpu.charge(COST_INTERRUPT);
  deliver(cpu, NMI, -1, false, true);
  if (cpu.exc >= 0) {
    cpu.excSoft = false;
    deliverPendingException(cpu, cpu.vmxMode === VMX_NON_ROOT ? nmiVectoring() : 0);
  }
}

/** IRET ends NMI blocking (even one that faults); an NMI latched meanwhile is taken after it. */
function unblockNmi(cpu: Cpu): void {
  cpu.nmiBlocked = false;
  if (cpu.nmiPending) Atomics.or(cpu.stopFlag, cpu.stopIndex, STOP_WORD_EVENT);
}

/** NMI blocking set from outside delivery and IRET (VM entry and exit); a latched NMI is taken once unblocked. */
export function setNmiBlocked(cpu: Cpu, blocked: boolean): void {
  if (blocked) cpu.nmiBlocked = true;
  else unblockNmi(cpu);
}

// Snapshot of what a delivery may change before it can still fault.
const snapNum = new Float64Array(8);

function snapshot(cpu: Cpu): void {
  snapNum[0] = cpu.segSel[SS]!; snapNum[1] = cpu.segBase[SS]!; snapNum[2] = cpu.segLimit[SS]!; snapNum[3] = cpu.segAr[SS]!;
  snapNum[4] = cpu.regs[ESP]!; snapNum[5] = cpu.flatMask; snapNum[6] = cpu.cpl;
}
function restore(cpu: Cpu): void {
  cpu.segSel[SS] = snapNum[0]!; cpu.segBase[SS] = snapNum[1]!; cpu.segLimit[SS] = snapNum[2]!; cpu.segAr[SS] = snapNum[3]!;
  cpu.regs[ESP] = snapNum[4]!; cpu.flatMask = snapNum[5]!; cpu.cpl = snapNum[6]!;
}

const frame = new Int32Array(6);

/** Write `n` values of frame[] (first = highest address) below ESP on SS, at privilege `cpl`; then move ESP. */
function pushFrame(cpu: Cpu, n: number, word: boolean, cpl: number): boolean {
  const size = word ? 2 : 4;
  const acc = cpl === 3 ? ACC_USER : 0;
  const esp = cpu.regs[ESP]!;
  const low = (esp - n * size) | 0;
  // Usual case: a flat 32-bit stack, the whole frame aligned on one page — one translation, no per-word checks.
  if (!word && ((cpu.flatMask >> SS) & 1) !== 0 && (low & 3) === 0 && (low & ~0xfff) === ((esp - 1) & ~0xfff)) {
    const p = translate(cpu, (esp - 4) | 0, acc | ACC_WRITE); // the first word written: CR2 as on a word-by-word push
    if (p < 0) return false;
    for (let i = 0; i < n; i++) writePhys32(cpu, p - i * 4, frame[i]!);
    cpu.regs[ESP] = low;
    return true;
  }
  let sp = esp;
  for (let i = 0; i < n; i++) {
    sp = (sp - size) | 0;
    const lin = segLinear(cpu, SS, sp, size, true);
    if (cpu.exc >= 0) { if (cpu.exc === GP) { cpu.exc = SS_FAULT; } return false; }
    if (word) writeLin16(cpu, lin, frame[i]!, acc); else writeLin32(cpu, lin, frame[i]!, acc);
    if (cpu.exc >= 0) return false;
  }
  cpu.regs[ESP] = sp;
  return true;
}

/** Deliver one event through the IDT. On failure cpu.exc holds the new fault. */
export function deliver(cpu: Cpu, vector: number, code: number, soft: boolean, ext: boolean): void {
  if ((cpu.cr0 & CR0_PE) === 0) { deliverReal(cpu, vector); return; }
  const e = ext ? 1 : 0;
  const idtErr = vector * 8 + 2 + e;
  if (vector * 8 + 7 > cpu.idtrLimit) { cpu.raise(GP, idtErr); return; }
  const gate = (cpu.idtrBase + vector * 8) | 0;
  let lo: number, hi: number;
  if ((gate & 0xfff) <= 0xff8) { // one translation for both words
    const p = translate(cpu, gate, 0);
    if (p < 0) return;
    lo = readPhys32(cpu, p); hi = readPhys32(cpu, p + 4);
  } else {
    lo = readLin32(cpu, gate, 0); hi = readLin32(cpu, gate + 4, 0);
    if (cpu.exc >= 0) return;
  }
  const type = (hi >>> 8) & 0x1f;
  const gateDpl = (hi >>> 13) & 3;
  if (type !== 0x0e && type !== 0x0f && type !== 0x06 && type !== 0x07 && type !== 0x05) {
    cpu.raise(GP, idtErr); return;
  }
  if (soft && gateDpl < cpu.cpl) { cpu.raise(GP, vector * 8 + 2); return; }
  if ((hi & 0x8000) === 0) { cpu.raise(NP, idtErr); return; }
  const sel = lo >>> 16;
  if (type === 0x05) { // task gate: the handler is a task
    if (taskSwitch(cpu, sel, SWITCH_INT, code) && cpu.exc < 0) {
      cpu.trace.record(EV_TASK_SWITCH, cpu.instructions, cpu.eip, vector, sel);
      cpu.charge(COST_TASK_SWITCH);
    } else if (cpu.excCode >= 0) cpu.excCode |= e;
    return;
  }
  const offset = (lo & 0xffff) | (hi & 0xffff0000);
  const is32 = (type & 8) !== 0;
  if (!checkCodeSegment(cpu, sel, GP)) { if (cpu.excCode >= 0) cpu.excCode |= e; return; }
  const ar = descAr(desc[1]!);
  const dpl = arDpl(ar);
  if (dpl > cpu.cpl) { cpu.raise(GP, (sel & 0xfffc) | e); return; }
  if ((ar & AR_P) === 0) { cpu.raise(NP, (sel & 0xfffc) | e); return; }
  const codeLo = desc[0]!, codeHi = desc[1]!, codeAddr = desc[2]!;
  const conforming = (ar & 4) !== 0;
  const oldCpl = cpu.cpl;
  const eflags = readEflags(cpu);
  const oldCs = cpu.segSel[CS]!, oldEip = cpu.eip;
  const hasCode = code >= 0;
  let newCpl = oldCpl;
  if (!conforming && dpl < oldCpl) {
    newCpl = dpl;
    // Inner-level stack from the TSS.
    const trAr = cpu.segAr[TR]!;
    const tss32 = (trAr & 8) !== 0;
    const espOff = tss32 ? 4 + dpl * 8 : 2 + dpl * 4;
    const trErr = (cpu.segSel[TR]! & 0xfffc) | e;
    if ((trAr & AR_UNUSABLE) !== 0 || espOff + (tss32 ? 5 : 3) > cpu.segLimit[TR]!) { cpu.raise(TS, trErr); return; }
    const trBase = cpu.segBase[TR]!;
    const newEsp = tss32 ? readLin32(cpu, trBase + espOff, 0) : readLin16(cpu, trBase + espOff, 0);
    const newSs = readLin16(cpu, trBase + espOff + (tss32 ? 4 : 2), 0);
    if (cpu.exc >= 0) return;
    const oldSs = cpu.segSel[SS]!, oldEsp = cpu.regs[ESP]!;
    snapshot(cpu); // loadStackSegment changes nothing when it fails; a failed push must undo the SS and ESP switch
    if (!loadStackSegment(cpu, newSs, dpl, TS)) {
      if (cpu.excCode >= 0) cpu.excCode |= e;
      if ((newSs & 0xfffc) === 0) cpu.excCode = e; // null SS: #TS(EXT)
      return;
    }
    cpu.regs[ESP] = newEsp;
    let n = 0;
    frame[n++] = oldSs; frame[n++] = oldEsp; frame[n++] = eflags; frame[n++] = oldCs; frame[n++] = oldEip;
    if (hasCode) frame[n++] = code;
    if (!pushFrame(cpu, n, !is32, newCpl)) { restore(cpu); return; }
    cpu.trace.record(EV_PRIV_CHANGE, cpu.instructions, oldEip, oldCpl, newCpl);
    cpu.charge(COST_PRIVILEGE_CHANGE);
  } else if (conforming || dpl === oldCpl) {
    let n = 0;
    frame[n++] = eflags; frame[n++] = oldCs; frame[n++] = oldEip;
    if (hasCode) frame[n++] = code;
    if (!pushFrame(cpu, n, !is32, oldCpl)) return; // pushFrame moves ESP only when every word is written
  } else { cpu.raise(GP, (sel & 0xfffc) | e); return; }
  desc[0] = codeLo; desc[1] = codeHi; desc[2] = codeAddr;
  commitCode(cpu, sel, newCpl);
  cpu.eip = is32 ? offset : offset & 0xffff;
  const clear = TF | NT | RF | VM | ((type & 1) === 0 ? IF : 0);
  writeEflags(cpu, 0, clear);
}

// ---- IRET ----

/** Read the IRET frame word at ESP + off on SS (a #GP from the limit check becomes #SS); 0 after a fault. */
function popAt(cpu: Cpu, esp: number, off: number, word: boolean): number {
  const lin = segLinear(cpu, SS, (esp + off) | 0, word ? 2 : 4, false);
  if (cpu.exc >= 0) { if (cpu.exc === GP) cpu.exc = SS_FAULT; return 0; }
  const acc = cpu.cpl === 3 ? ACC_USER : 0;
  return word ? readLin16(cpu, lin, acc) : readLin32(cpu, lin, acc);
}

/** IRET in protected mode (not a task return). Returns false after raising. */
export function iret(cpu: Cpu, word: boolean): boolean {
  if (cpu.nmiBlocked && (cpu.vmxMode !== VMX_NON_ROOT || iretUnblocksNmi(cpu))) unblockNmi(cpu);
  if ((cpu.cr0 & CR0_PE) === 0) return iretReal(cpu, word);
  if ((cpu.eflags & NT) !== 0) { // task return to the back link
    const back = readLin16(cpu, cpu.segBase[TR]!, 0);
    if (cpu.exc >= 0) return false;
    return taskSwitch(cpu, back, SWITCH_IRET);
  }
  if (!word && iretFast(cpu)) return true;
  const size = word ? 2 : 4;
  const esp = cpu.regs[ESP]!;
  let newEip: number, newCs: number, newFlags: number;
  // Usual case: a flat 32-bit stack with the 5-word frame aligned on one page — one translation.
  const quick = !word && ((cpu.flatMask >> SS) & 1) !== 0 && (esp & 3) === 0 && (esp & 0xfff) <= 0x1000 - 20;
  let p = -1;
  if (quick) {
    p = translate(cpu, esp, cpu.cpl === 3 ? ACC_USER : 0);
    if (p < 0) return false;
    newEip = readPhys32(cpu, p); newCs = readPhys32(cpu, p + 4) & 0xffff; newFlags = readPhys32(cpu, p + 8);
  } else {
    newEip = popAt(cpu, esp, 0, word); newCs = popAt(cpu, esp, size, word) & 0xffff; newFlags = popAt(cpu, esp, 2 * size, word);
  }
  if (cpu.exc >= 0) return false;
  const rpl = newCs & 3;
  if (rpl < cpu.cpl) { cpu.raise(GP, newCs & 0xfffc); return false; }
  if (!checkCodeSegment(cpu, newCs, GP)) return false;
  const ar = descAr(desc[1]!);
  const dpl = arDpl(ar);
  if ((ar & 4) !== 0 ? dpl > rpl : dpl !== rpl) { cpu.raise(GP, newCs & 0xfffc); return false; }
  if ((ar & AR_P) === 0) { cpu.raise(NP, newCs & 0xfffc); return false; }
  const codeLo = desc[0]!, codeHi = desc[1]!, codeAddr = desc[2]!;
  const oldCpl = cpu.cpl;
  let newEsp = (esp + 3 * size) | 0;
  if (rpl > oldCpl) {
    const retEsp = p >= 0 ? readPhys32(cpu, p + 12) : popAt(cpu, esp, 3 * size, word);
    const retSs = (p >= 0 ? readPhys32(cpu, p + 16) : popAt(cpu, esp, 4 * size, word)) & 0xffff;
    if (cpu.exc >= 0) return false;
    if (!loadStackSegment(cpu, retSs, rpl, GP)) return false; // changes nothing when it fails
    newEsp = word ? (retEsp & 0xffff) | 0 : retEsp;
  }
  desc[0] = codeLo; desc[1] = codeHi; desc[2] = codeAddr;
  commitCode(cpu, newCs, rpl);
  cpu.eip = word ? newEip & 0xffff : newEip;
  cpu.regs[ESP] = word && rpl === oldCpl ? (cpu.regs[ESP]! & ~0xffff) | (newEsp & 0xffff) : newEsp;
  // Which flags IRET may change depends on the privilege it ran at (VM stays 0: no virtual-8086 mode).
  let mask = EFLAGS_WRITABLE & ~(IOPL | IF);
  if (oldCpl === 0) mask |= IOPL;
  if (oldCpl <= ((cpu.eflags & IOPL) >>> 12)) mask |= IF;
  if (word) mask &= 0xffff;
  writeEflags(cpu, newFlags, mask);
  if (rpl > oldCpl) {
    cpu.trace.record(EV_PRIV_CHANGE, cpu.instructions, cpu.insnEip, oldCpl, rpl);
    cpu.charge(COST_PRIVILEGE_CHANGE);
    nullifyForOuterRing(cpu);
  }
  return true;
}
