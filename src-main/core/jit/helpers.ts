/**
 * What translated blocks call (translate.ts passes this object to every generated function as `h`): the
 * interpreter's own slow paths for memory, and flag functions run on a scratch state holding the block's
 * lazy-flag locals, so a rare flag question costs a call instead of a store of the block's state.
 */
import { CpuState } from '../cpu/state';
import { alu, shift } from '../cpu/alu';
import { computeArith, getCF, PARITY, testCondition } from '../cpu/flags';
import { chargeRemote, flushTicks, readSeg, readSegRmw, writeSeg } from '../cpu/memory';
import type { Cpu } from '../cpu/cpu';
import { IF, RF, TF } from '../cpu/state';
import { divAcc, mulHighS32, mulHighU32 } from '../cpu/muldiv';
import { DE_VECTOR } from '../cpu/exec-alu';
import { VMX_NON_ROOT } from '../vmx/vmx-state';
import { POLL_CYCLES, TICK_BATCH } from '../cpu/engine-constants';

/** Scratch lazy-flag state: a block copies its ccOp/ccDst/ccSrc/ccSrc2 locals in and out around a call. */
const scratch = new CpuState();

/** Condition `cc` (0..15) of the lazy flags (op, dst, src, src2). */
function cond(op: number, dst: number, src: number, src2: number, cc: number): boolean {
  scratch.ccOp = op; scratch.ccDst = dst; scratch.ccSrc = src; scratch.ccSrc2 = src2;
  return testCondition(scratch, cc);
}

/** CF (0 or 1) of the lazy flags (op, dst, src, src2): INC and DEC keep it. */
function cfOf(op: number, dst: number, src: number, src2: number): number {
  scratch.ccOp = op; scratch.ccDst = dst; scratch.ccSrc = src; scratch.ccSrc2 = src2;
  return getCF(scratch);
}

/** The six arithmetic flags of the lazy flags (op, dst, src, src2). */
function arith(op: number, dst: number, src: number, src2: number): number {
  scratch.ccOp = op; scratch.ccDst = dst; scratch.ccSrc = src; scratch.ccSrc2 = src2;
  return computeArith(scratch);
}

/** DIV/IDIV as the interpreter runs it (exec-alu.ts): the accumulator pair of size sz / src, or #DE raised. */
function div(cpu: Cpu, src: number, signed: boolean, sz: number): void {
  if (!divAcc(cpu, src, sz, signed)) cpu.raise(DE_VECTOR);
}

/**
 * At the end of a block that branches to itself: may it run again without the engine looking (engine.ts
 * lane()/jitLane() make the same checks before chaining)? No stop request, TF/RF clear, not in VMX non-root,
 * device time told and no interrupt to take, the page's code unchanged by another vCPU, no breakpoints.
 */
function chain(cpu: Cpu, ppn: number): boolean {
  if (Atomics.load(cpu.stopFlag, cpu.stopIndex) !== 0) return false;
  if ((cpu.eflags & (TF | RF)) !== 0 || cpu.vmxMode === VMX_NON_ROOT || cpu.breakpointCount !== 0) return false;
  const irq = cpu.irq;
  if (irq !== null) {
    if (cpu.pendingTicks >= TICK_BATCH) flushTicks(cpu);
    if ((cpu.eflags & IF) !== 0 && irq.pendingVector() >= 0) return false;
  }
  const gen = cpu.codeGen;
  return gen === null || gen[ppn] === cpu.codeCacheGen[ppn];
}

/**
 * Cycles a region may run before the between-block checks (h.chain) are due: until device time reaches the
 * next tick batch, or POLL_CYCLES while the interrupt line's time raises nothing; 0 (after every block end)
 * when instructions cost no cycles, and in VMX non-root.
 */
function room(cpu: Cpu, cost: number): number {
  // VMX non-root: interrupt-window, NMI-window and external-interrupt exiting are looked at after every block.
  if (cost <= 0 || cpu.vmxMode === VMX_NON_ROOT) return 0;
  const irq = cpu.irq;
  return irq === null || irq.ticksIdle?.() === true ? POLL_CYCLES : TICK_BATCH - cpu.pendingTicks;
}

export const JIT_HELPERS = { s: scratch, par: PARITY, cond, cfOf, arith, alu, shift, mulHighS32, mulHighU32, div, chargeRemote, readSeg, readSegRmw, writeSeg, chain, room };
export type JitHelpers = typeof JIT_HELPERS;
