/**
 * Straight-line forms of the two halves of a system call: INT n through a 32-bit interrupt or trap gate
 * (to the same ring, or inward with the TSS stack switch) and the 32-bit IRET back (to the same ring, or
 * outward). Each first looks at everything the general code (exceptions.ts) would read — IDT gate, GDT
 * descriptors, TSS, stack frame — without side effects, and returns false when any of it is not the common
 * case: a fault to raise, an LDT selector, a conforming or not-yet-accessed segment, a code or stack segment
 * that is not flat, a task gate, a page the TLB does not map, a frame across a page, MMIO, a special page,
 * a data watch, VMX non-root operation. The general code then does the whole event. When every check
 * passes, the fast form makes exactly the general code's effects — the same memory words, segment caches,
 * flags, TLB-hit and NUMA-access counts, event trace and cost charges, in the same order — with two reads per
 * descriptor and no calls per word.
 */
import { Cpu, TLB_SUP_WRITE, TLB_USER_READ, TLB_USER_WRITE, TLB_VALID } from './cpu';
import { chargeRemote } from './memory';
import { readEflags, writeEflags } from './flags';
import { desc, descAr, nullifyForOuterRing } from './segments';
import {
  AR_DB, AR_UNUSABLE, CR0_PE, CS, EFLAGS_WRITABLE, ESP, IF, IOPL, NT, RF, SS, TF, TR, VM,
} from './state';
import { COST_PRIVILEGE_CHANGE } from './costs';
import { EV_PRIV_CHANGE } from './trace';
import { VMX_NON_ROOT } from '../vmx/vmx-state';

/** Off in tests that compare the fast forms with the general code. */
let enabled = true;
export function setEventFastPath(on: boolean): void { enabled = on; }

/** Events the fast forms made (for tests: they must be taken, not only agree with the general code). */
let taken = 0;
export function eventFastPathTaken(): number { return taken; }

/** translate()'s TLB-hit case without its side effect (the TLB-hit count): the physical address, or -1. */
function peek(cpu: Cpu, lin: number, need: number): number {
  if (!cpu.pagingOn) return lin >>> 0;
  const e = cpu.tlb[lin >>> 12]!;
  return (e & need) === 0 ? -1 : ((e & ~0xfff) | (lin & 0xfff)) >>> 0;
}

/** Whether `words` aligned dwords from physical `p` are ordinary RAM that ram32 reaches. */
function inRam(cpu: Cpu, p: number, words: number): boolean {
  return p >= 0 && (p & 3) === 0 && (p >>> 2) + words <= cpu.ram32.length && p + words * 4 <= cpu.ramSize;
}

/**
 * Whether descriptor words lo/hi give base 0 and a 4 GiB limit, 32-bit (G = D/B = 1, L = 0): every system's
 * code and stack segments. The commits then load constant base and limit, without the general loads' calls.
 */
function flatDescriptor(lo: number, hi: number): boolean {
  return lo === 0x0000ffff && (hi & 0xffcf00ff) === 0x00cf0000;
}

/**
 * Physical address of the GDT descriptor of `sel` for readDescriptor's one-translation case, or -1 (null or
 * LDT selector, outside the GDT limit, an unaligned table, unmapped in the TLB, outside RAM).
 */
function gdtDescriptor(cpu: Cpu, sel: number): number {
  if ((sel & 0xfffc) === 0 || (sel & 4) !== 0 || (sel | 7) > cpu.gdtrLimit) return -1;
  const lin = (cpu.gdtrBase + (sel & 0xfff8)) | 0;
  if ((lin & 7) !== 0) return -1;
  const p = peek(cpu, lin, TLB_VALID);
  return inRam(cpu, p, 2) ? p : -1;
}

/**
 * Whether any of the pages of these physical addresses has a NUMA cost (or is not placed yet): then the
 * accesses are charged one page run at a time, in order; otherwise counting them is all charge() would do.
 */
function costsSomething(cpu: Cpu, a: number, b: number, c: number, d: number, e: number): boolean {
  const cost = cpu.pageCost;
  return cost !== null && (cost[a >>> 12]! | cost[b >>> 12]! | cost[c >>> 12]! | cost[d >>> 12]! | cost[e >>> 12]!) !== 0;
}

/** memory.ts charge() of `n` accesses in the page of `p`, one after the other (NUMA cost table in use). */
function chargeN(cpu: Cpu, p: number, n: number): void {
  cpu.memAccesses += n;
  if (cpu.pageCost![p >>> 12] !== 0) for (let i = 0; i < n; i++) chargeRemote(cpu, p);
}

/**
 * INT n (vector `vector`, EIP already past the instruction) in protected mode; the caller has charged and
 * traced the event as deliverChain does. False, having changed nothing, when the general code must do it.
 * The checks come first and read every word the commit uses: the frame it pushes may overwrite the GDT or
 * TSS, and another vCPU may write them. Physical addresses are int32 (`>>> 12` reads them unsigned).
 */
export function softIntFast(cpu: Cpu, vector: number): boolean {
  if (!enabled || (cpu.cr0 & CR0_PE) === 0 || cpu.watchArmed || cpu.vmxMode === VMX_NON_ROOT) return false;
  // Checks, without side effects.
  if (vector * 8 + 7 > cpu.idtrLimit) return false;
  const ram = cpu.ram32;
  const gateLin = (cpu.idtrBase + vector * 8) | 0;
  if ((gateLin & 7) !== 0) return false;
  const gateP = peek(cpu, gateLin, TLB_VALID);
  if (!inRam(cpu, gateP, 2)) return false;
  const glo = ram[gateP >>> 2]!, ghi = ram[(gateP >>> 2) + 1]!;
  const type = (ghi >>> 8) & 0x1f;
  const cpl = cpu.cpl;
  if ((type !== 0x0e && type !== 0x0f) || ((ghi >>> 13) & 3) < cpl || (ghi & 0x8000) === 0) return false;
  const sel = glo >>> 16;
  const codeP = gdtDescriptor(cpu, sel);
  if (codeP < 0) return false;
  const chi = ram[(codeP >>> 2) + 1]!;
  const dpl = (chi >>> 13) & 3;
  if ((chi & 0x9d00) !== 0x9900 || dpl > cpl) return false; // present non-conforming code, accessed bit set
  if (!flatDescriptor(ram[codeP >>> 2]!, chi)) return false;
  const inward = dpl < cpl;
  let esp: number, tssP = 0, ssP = 0, newSs = 0, ssHi = 0;
  if (inward) { // the ring-`dpl` stack from a 32-bit TSS
    const trAr = cpu.segAr[TR]!;
    const espOff = 4 + dpl * 8;
    if ((trAr & (AR_UNUSABLE | 8)) !== 8 || espOff + 5 > cpu.segLimit[TR]!) return false;
    const tssLin = (cpu.segBase[TR]! + espOff) | 0;
    if ((tssLin & 0xfff) > 0xff8) return false;
    tssP = peek(cpu, tssLin, TLB_VALID);
    if (!inRam(cpu, tssP, 2)) return false;
    esp = ram[tssP >>> 2]!;
    newSs = ram[(tssP >>> 2) + 1]! & 0xffff;
    ssP = gdtDescriptor(cpu, newSs);
    if (ssP < 0) return false;
    // loadStackSegment's checks without a fault (writable data at DPL = RPL = new CPL, present, accessed), and a
    // flat expand-up 32-bit stack for pushFrame's one-translation case: base 0, 4 GiB limit.
    ssHi = ram[(ssP >>> 2) + 1]!;
    if ((newSs & 3) !== dpl || (ssHi & 0xffcfffff) !== (0x00cf9300 | (dpl << 13)) || ram[ssP >>> 2] !== 0x0000ffff) return false;
  } else {
    if (((cpu.flatMask >> SS) & 1) === 0 || (cpu.segAr[SS]! & AR_DB) === 0) return false;
    esp = cpu.regs[ESP]!;
  }
  const low = (esp - (inward ? 20 : 12)) | 0;
  if ((low & 3) !== 0 || (low & ~0xfff) !== ((esp - 1) & ~0xfff)) return false;
  const frameP = peek(cpu, (esp - 4) | 0, dpl === 3 ? TLB_USER_WRITE : TLB_SUP_WRITE);
  if (!inRam(cpu, frameP, 1) || cpu.pageKind[frameP >>> 12] !== 0) return false;

  // deliver()'s effects, in its order.
  taken++;
  if (cpu.pagingOn) cpu.tlbHits += inward ? 6 : 3; // gate, code descriptor, [TSS ESP, TSS SS, SS descriptor,] frame
  const numa = costsSomething(cpu, gateP, codeP, frameP, inward ? tssP : gateP, inward ? ssP : gateP);
  if (numa) { chargeN(cpu, gateP, 2); chargeN(cpu, codeP, 2); } else if (cpu.pageCost !== null) cpu.memAccesses += inward ? 13 : 7;
  const eflags = readEflags(cpu);
  const oldCs = cpu.segSel[CS]!, oldEip = cpu.eip;
  const top = frameP >>> 2;
  if (inward) {
    if (numa) { chargeN(cpu, tssP, 2); chargeN(cpu, ssP, 2); }
    ram[top] = cpu.segSel[SS]!; ram[top - 1] = cpu.regs[ESP]!;
    // setSegment(SS) of the flat stack checked.
    cpu.segSel[SS] = newSs; cpu.segBase[SS] = 0; cpu.segLimit[SS] = 0xffffffff; cpu.segAr[SS] = descAr(ssHi);
    cpu.flatMask |= 1 << SS;
    ram[top - 2] = eflags; ram[top - 3] = oldCs; ram[top - 4] = oldEip;
    if (numa) chargeN(cpu, frameP, 5);
    cpu.regs[ESP] = (esp - 20) | 0;
    cpu.trace.record(EV_PRIV_CHANGE, cpu.instructions, oldEip, cpl, dpl);
    cpu.charge(COST_PRIVILEGE_CHANGE);
  } else {
    ram[top] = eflags; ram[top - 1] = oldCs; ram[top - 2] = oldEip;
    if (numa) chargeN(cpu, frameP, 3);
    cpu.regs[ESP] = (esp - 12) | 0;
  }
  desc[0] = 0x0000ffff; desc[1] = chi; desc[2] = (cpu.gdtrBase + (sel & 0xfff8)) | 0;
  loadFlatCode(cpu, (sel & 0xfffc) | dpl, descAr(chi));
  cpu.eip = (glo & 0xffff) | (ghi & 0xffff0000);
  writeEflags(cpu, 0, TF | NT | RF | VM | ((ghi & 0x100) === 0 ? IF : 0));
  return true;
}

/** setCodeSegment() of a flat descriptor (flatDescriptor) with access rights `ar`. */
function loadFlatCode(cpu: Cpu, sel: number, ar: number): void {
  const wasUser = cpu.cpl === 3;
  cpu.cpl = sel & 3;
  if (cpu.segBase[CS] !== 0 || cpu.segLimit[CS] !== 0xffffffff || (cpu.segAr[CS]! & AR_DB) === 0 ||
      (cpu.pagingOn && wasUser !== (cpu.cpl === 3))) cpu.fetchEpoch++;
  cpu.segSel[CS] = sel; cpu.segBase[CS] = 0; cpu.segLimit[CS] = 0xffffffff; cpu.segAr[CS] = ar;
  cpu.flatMask &= ~(1 << CS);
}

/**
 * The 32-bit IRET of iret() (protected mode, EFLAGS.NT clear, NMI unblocking done) from a flat stack, to
 * the same ring or an outer one. False, having changed nothing, when the general code must do it.
 */
export function iretFast(cpu: Cpu): boolean {
  if (!enabled || cpu.watchArmed || cpu.vmxMode === VMX_NON_ROOT || ((cpu.flatMask >> SS) & 1) === 0) return false;
  // Checks, without side effects.
  const esp = cpu.regs[ESP]!;
  if ((esp & 3) !== 0 || (esp & 0xfff) > 0x1000 - 20) return false; // the whole 5-dword frame on one page
  const cpl = cpu.cpl;
  const p = peek(cpu, esp, cpl === 3 ? TLB_USER_READ : TLB_VALID);
  if (!inRam(cpu, p, 5)) return false;
  const ram = cpu.ram32, f = p >>> 2;
  const newCs = ram[f + 1]! & 0xffff;
  const rpl = newCs & 3;
  if (rpl < cpl) return false;
  const codeP = gdtDescriptor(cpu, newCs);
  if (codeP < 0) return false;
  const chi = ram[(codeP >>> 2) + 1]!;
  if ((chi & 0x9d00) !== 0x9900 || ((chi >>> 13) & 3) !== rpl) return false; // present non-conforming code at RPL, accessed
  if (!flatDescriptor(ram[codeP >>> 2]!, chi)) return false;
  const outward = rpl > cpl;
  let ssP = 0, retSs = 0, ssHi = 0, newEsp = (esp + 12) | 0;
  if (outward) {
    retSs = ram[f + 4]! & 0xffff;
    ssP = gdtDescriptor(cpu, retSs);
    if (ssP < 0) return false;
    ssHi = ram[(ssP >>> 2) + 1]!;
    // loadStackSegment's checks: writable data at DPL = RPL, present, accessed (no accessed-bit write).
    if ((retSs & 3) !== rpl || (ssHi & 0xfb00) !== (0x9300 | (rpl << 13))) return false;
    if (!flatDescriptor(ram[ssP >>> 2]!, ssHi)) return false;
    newEsp = ram[f + 3]!;
  }
  const newEip = ram[f]!, newFlags = ram[f + 2]!;

  // iret()'s effects, in its order.
  taken++;
  if (cpu.pagingOn) cpu.tlbHits += outward ? 3 : 2; // frame, code descriptor[, SS descriptor]
  const numa = costsSomething(cpu, p, codeP, outward ? ssP : p, p, p);
  if (numa) { chargeN(cpu, p, 3); chargeN(cpu, codeP, 2); } else if (cpu.pageCost !== null) cpu.memAccesses += outward ? 9 : 5;
  if (outward) {
    if (numa) { chargeN(cpu, p, 2); chargeN(cpu, ssP, 2); }
    // setSegment(SS) of the base-0, 4 GiB stack checked: flat unless it is expand-down (updateFlat).
    const ar = descAr(ssHi);
    cpu.segSel[SS] = retSs; cpu.segBase[SS] = 0; cpu.segLimit[SS] = 0xffffffff; cpu.segAr[SS] = ar;
    if ((ar & 0xe) === 2) cpu.flatMask |= 1 << SS; else cpu.flatMask &= ~(1 << SS);
  }
  desc[0] = 0x0000ffff; desc[1] = chi; desc[2] = (cpu.gdtrBase + (newCs & 0xfff8)) | 0;
  loadFlatCode(cpu, newCs, descAr(chi));
  cpu.eip = newEip;
  cpu.regs[ESP] = newEsp;
  let mask = EFLAGS_WRITABLE & ~(IOPL | IF);
  if (cpl === 0) mask |= IOPL;
  if (cpl <= ((cpu.eflags & IOPL) >>> 12)) mask |= IF;
  writeEflags(cpu, newFlags, mask);
  if (outward) {
    cpu.trace.record(EV_PRIV_CHANGE, cpu.instructions, cpu.insnEip, cpl, rpl);
    cpu.charge(COST_PRIVILEGE_CHANGE);
    nullifyForOuterRing(cpu);
  }
  return true;
}
