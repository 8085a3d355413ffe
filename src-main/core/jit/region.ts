/**
 * A region: the translated blocks of one physical page compiled together into one JavaScript function, so a
 * branch from one of them to another is a jump inside the function (QEMU's block chaining, v86's per-page
 * modules): registers and lazy flags stay in locals from block to block, and the engine's between-block
 * checks run only when something may have changed.
 *
 * The function's shape:
 *
 *   L: for (;;) {
 *     switch (bi) {            // the block to run next
 *       case k: { budget check; block k's body; total += count; …; pc = next EIP; bi = its block or -1 }
 *     }
 *     if (room <= 0) { settle the counters; h.chain(…) or leave }   // device time due, or a slow path ran
 *     if (bi < 0) leave          // the next EIP is not a block of this region
 *   }
 *
 * A block that branches back to itself loops inside its case. `room` counts the cycles until the engine's
 * between-block checks are due (h.room): the next tick batch while the APIC timer runs, POLL_CYCLES while it
 * is stopped; a slow-path call sets it to 0. The interpreter flushes device time at the first block end where
 * 64 cycles are pending, and an interrupt can become deliverable on this thread only then or after a slow-path
 * call (MMIO, a VMM hook), so checking exactly there takes every interrupt at the same instruction.
 *
 * The function returns (instructions executed << 2) | 1 when it stopped at a block end | 2 when the
 * between-block checks were made there or were not due (RegionFn), after writing registers, flags, EIP and
 * the counters back.
 */
import { CS } from '../cpu/state';
import { JIT_HELPERS, type JitHelpers } from './helpers';
import type { BlockCode } from './translate';
import type { Cpu } from '../cpu/cpu';

/**
 * (cpu, cycles per instruction, instructions the budget has room for, index of the block to enter) →
 * (instructions executed << 2) | REGION_BLOCK_END | REGION_CHECKED.
 */
export type RegionFn = (cpu: Cpu, cost: number, left: number, entry: number) => number;

/** Result bits: it stopped at a block end; and the engine's between-block checks were made there or are not due. */
export const REGION_BLOCK_END = 1, REGION_CHECKED = 2;

/** A new region's first calls and their instruction budget (engine.ts jitLane: why). */
export const REGION_WARM_CALLS = 16, REGION_WARM_BUDGET = 4096;

/** Blocks one region holds at most: V8 stops optimizing functions past a size, and a region is recompiled whole. */
export const MAX_REGION_BLOCKS = 48;

/**
 * Compile `blocks` (all on physical page `ppn`, made for one BlockAssumptions key); `index` maps a page
 * offset to its block's position + 1 (0: none) and is copied, so later additions do not reach this function.
 */
export function compileRegion(blocks: readonly BlockCode[], index: Int16Array, ppn: number, sharedCode: boolean): RegionFn {
  const source = regionSource(blocks, ppn, sharedCode);
  const factory = new Function('h', 'ix', source) as (h: JitHelpers, ix: Int16Array) => RegionFn;
  return factory(JIT_HELPERS, index.slice());
}

/**
 * With `sharedCode` (several vCPUs, cpu.codeGen) every block end also looks whether another vCPU wrote code on
 * the page, as the interpreter does between blocks: once a guest sees another vCPU's store that followed a code
 * patch, it runs the new code (strict cross-modifying-code coherence, run-code-cache.test.ts). It compares the
 * shared word with `g0`, the generation the engine's decodes had at entry (jitLane enters only when they are
 * current): one load per block end, which a hot self-loop feels (two loads cost 2 vCPUs about 15 % each).
 */
function regionSource(blocks: readonly BlockCode[], ppn: number, sharedCode: boolean): string {
  const fresh = sharedCode ? ` && cg[${ppn}] === g0` : '';
  const at = new Map<number, number>();
  blocks.forEach((b, k) => at.set(b.eip, k));
  const written = [...new Set(blocks.flatMap((b) => b.written))].sort();
  const store = written.map((r) => `R[${r}] = r${r};`).join(' ');
  const target = (eip: number): string => `pc = ${eip}; bi = ${at.get(eip) ?? -1};`;
  const cases = blocks.map((b, k) => {
    const body = b.body.replaceAll('/*REGS*/', store);
    const enter = `if (total + ${b.count} > left) { pc = ${b.eip}; be = 1; break L; }`;
    const done = `total += ${b.count}; room -= ${b.count} * cost; ie = ${b.lastEip};`;
    const e = b.end;
    if (e.kind === 'cond' && e.taken === b.eip) {
      // A loop on itself: around again in place while no check is due.
      return `case ${k}: for (;;) {
${enter}
${body}
${done}
if (${e.cond}) { if (room > 0${fresh}) continue; ${target(e.taken)} } else { ${target(e.fall)} }
break;
} break;`;
    }
    let next: string;
    switch (e.kind) {
      case 'cond': next = `if (${e.cond}) { ${target(e.taken)} } else { ${target(e.fall)} }`; break;
      case 'jump': next = target(e.target); break;
      case 'dynamic': next = `pc = ${e.expr}; bi = -2;`; break;
      case 'next': next = `pc = ${e.next}; be = 0; break L;`; break;
    }
    return `case ${k}: {
${enter}
${body}
${done}
${next}
} break;`;
  });
  return `"use strict";
return function region(cpu, cost, left, bi) {
  const R = cpu.regs, ram32 = cpu.ram32, ram16 = cpu.ram16, ram8 = cpu.ram, pk = cpu.pageKind, tlb = cpu.tlb, cw = cpu.codeWrites, ep = cpu.fetchEpoch;
  const pcost = cpu.pageCost, csb = cpu.segBase[${CS}], lp = ((cpu.eip + csb) & -4096), cg = cpu.codeGen, ccg = cpu.codeCacheGen, g0 = cg === null ? 0 : ccg[${ppn}];
  let r0 = R[0], r1 = R[1], r2 = R[2], r3 = R[3], r4 = R[4], r5 = R[5], r6 = R[6], r7 = R[7];
  let ccOp = cpu.ccOp, ccDst = cpu.ccDst, ccSrc = cpu.ccSrc, ccSrc2 = cpu.ccSrc2;
  let a = 0, e = 0, p = 0, v = 0, w = 0, f = 0, d = 0, ic = 0, th = 0, ma = 0, brk = 0, ni = 0, pc = 0, ie = cpu.insnEip, be = 1, total = 0, q = 0;
  let room = h.room(cpu, cost);
  L: for (;;) {
    switch (bi) {
${cases.join('\n')}
      default: throw new Error('translator: no block ' + bi);
    }
    if (bi === -2) { a = (pc + csb) | 0; bi = (a & -4096) === lp ? ix[a & 4095] - 1 : -1; }
${sharedCode ? `    if (cg[${ppn}] !== g0) break L; // another vCPU wrote code here: the engine drops the page's decodes
` : ''}    if (room <= 0) {
      q = total - ic; ic = total; cpu.instructions += q; q *= cost; cpu.cycles += q; cpu.pendingTicks += q;
      if (cpu.fetchEpoch !== ep) break L;
      if (!h.chain(cpu, ${ppn})) break L;
      room = h.room(cpu, cost);
    }
    if (bi < 0) { be = 3; break L; }
  }
  ${store}
  cpu.ccOp = ccOp; cpu.ccDst = ccDst; cpu.ccSrc = ccSrc; cpu.ccSrc2 = ccSrc2;
  cpu.eip = pc; cpu.insnEip = ie;
  d = total + ni - ic;
  if (d !== 0) { cpu.instructions += d; d *= cost; cpu.cycles += d; cpu.pendingTicks += d; }
  if (th !== 0) cpu.tlbHits += th;
  if (ma !== 0) cpu.memAccesses += ma;
  return ((total + ni) << 2) | be;
};`;
}
