/**
 * Reflection: the VMM delivers an exception or interrupt to the guest as the hardware would have delivered it
 * through the guest's own IDT — read at the *virtual* IDTR, with the gate checks against the *virtual* CPL,
 * the stack switch from virtual CPL 3 through the guest TSS's SS0:ESP0, and a frame that shows the guest what
 * it expects: its virtual IF and IOPL in EFLAGS, RPL 0 in its kernel CS and SS. The handler then runs at real
 * ring 1 (ring compression). A fault while delivering is returned in cpu.exc, with everything it changed undone,
 * for the caller to classify (#DF, triple fault) as exceptions.ts does for native delivery.
 */
import type { Cpu } from '../../cpu/cpu';
import { readEflags, writeEflags } from '../../cpu/flags';
import { readLin16, readLin32, segLinear, writeLin16, writeLin32 } from '../../cpu/memory';
import { ACC_WRITE, translate } from '../../cpu/paging';
import { checkCodeSegment, commitCode, desc, loadStackSegment } from '../../cpu/segments';
import { AR_P, CS, ESP, IF, IOPL, NT, RF, SS, TF, VM } from '../../cpu/state';
import { COST_PRIVILEGE_CHANGE } from '../../cpu/costs';
import { EV_PRIV_CHANGE } from '../../cpu/trace';
import { virtualSelector } from './holes';
import type { VirtualCpu } from './virtual-cpu';

const TS = 10, NP = 11, SS_FAULT = 12, GP = 13;

/** Thrown for what a software VMM does not emulate (task gates, task switches, real mode): a clear VMM error. */
export class SoftVmmError extends Error {
  constructor(message: string) {
    super(`software VMM: ${message}`);
  }
}

/** The real ring a virtual privilege level runs at (ring compression: 0 → 1). */
export function realRing(virtualCpl: number): number {
  return virtualCpl === 0 ? 1 : virtualCpl;
}

/** The real selector for a guest selector of the kernel (RPL 0 → 1). */
export function realSelector(sel: number): number {
  return (sel & 3) === 0 && (sel & 0xfffc) !== 0 ? sel | 1 : sel;
}

/** EFLAGS as the guest believes it: the real arithmetic and control flags with the virtual IF and IOPL. */
export function virtualEflags(cpu: Cpu, virt: VirtualCpu): number {
  return (readEflags(cpu) & ~(IF | IOPL | RF | VM)) | (virt.interruptsEnabled ? IF : 0) | (virt.iopl << 12);
}

const snap = new Float64Array(8);
const frame = new Int32Array(6);
const gd = new Int32Array(2);

function snapshot(cpu: Cpu): void {
  snap[0] = cpu.segSel[SS]!; snap[1] = cpu.segBase[SS]!; snap[2] = cpu.segLimit[SS]!; snap[3] = cpu.segAr[SS]!;
  snap[4] = cpu.regs[ESP]!; snap[5] = cpu.flatMask; snap[6] = cpu.cpl;
}
function restore(cpu: Cpu): void {
  cpu.segSel[SS] = snap[0]!; cpu.segBase[SS] = snap[1]!; cpu.segLimit[SS] = snap[2]!; cpu.segAr[SS] = snap[3]!;
  cpu.regs[ESP] = snap[4]!; cpu.flatMask = snap[5]!; cpu.cpl = snap[6]!;
}

/** The guest's descriptor for `sel` from its virtual GDT/LDT into gd[]; false after raising `vector`(sel). */
export function readGuestDescriptor(cpu: Cpu, virt: VirtualCpu, sel: number, vector: number, ext: number): boolean {
  const ldt = (sel & 4) !== 0;
  const base = ldt ? virt.ldtrBase : virt.gdtrBase;
  const limit = ldt ? virt.ldtrLimit : virt.gdtrLimit;
  if ((sel & 0xfffc) === 0 || (sel | 7) > limit || (ldt && virt.ldtrSelector === 0)) { cpu.raise(vector, (sel & 0xfffc) | ext); return false; }
  gd[0] = readLin32(cpu, base + (sel & 0xfff8), 0);
  gd[1] = readLin32(cpu, base + (sel & 0xfff8) + 4, 0);
  return cpu.exc < 0;
}

/** Write frame[0..n) below SS:ESP with supervisor access (the target ring is the guest's kernel). */
function pushFrame(cpu: Cpu, n: number, word: boolean): boolean {
  const size = word ? 2 : 4;
  let sp = cpu.regs[ESP]!;
  for (let i = 0; i < n; i++) {
    sp = (sp - size) | 0;
    const lin = segLinear(cpu, SS, sp, size, true);
    if (cpu.exc >= 0) { if (cpu.exc === GP) cpu.exc = SS_FAULT; return false; }
    if (translate(cpu, lin, ACC_WRITE) < 0) return false;
    if (word) writeLin16(cpu, lin, frame[i]!, 0); else writeLin32(cpu, lin, frame[i]!, 0);
    if (cpu.exc >= 0) return false;
  }
  cpu.regs[ESP] = sp;
  return true;
}

/**
 * Delivers one event through the guest's virtual IDT. EIP is the return address (the faulting instruction
 * for faults). Returns false with cpu.exc set when the delivery itself faults (nothing changed).
 */
export function deliverVirtual(cpu: Cpu, virt: VirtualCpu, vector: number, code: number, soft: boolean, external: boolean): boolean {
  const e = external ? 1 : 0;
  const idtErr = vector * 8 + 2 + e;
  if (vector * 8 + 7 > virt.idtrLimit) { cpu.raise(GP, idtErr); return false; }
  const lo = readLin32(cpu, virt.idtrBase + vector * 8, 0), hi = readLin32(cpu, virt.idtrBase + vector * 8 + 4, 0);
  if (cpu.exc >= 0) return false; // (the gate read faults as the CPU's would: #PF)
  const type = (hi >>> 8) & 0x1f;
  const gateDpl = (hi >>> 13) & 3;
  if (type === 0x05) throw new SoftVmmError(`vector ${vector} goes through a task gate: hardware task switches are not emulated`);
  if (type !== 0x0e && type !== 0x0f && type !== 0x06 && type !== 0x07) { cpu.raise(GP, idtErr); return false; }
  if (soft && gateDpl < virt.cpl) { cpu.raise(GP, vector * 8 + 2); return false; }
  if ((hi & 0x8000) === 0) { cpu.raise(NP, idtErr); return false; }
  const sel = lo >>> 16;
  const offset = (lo & 0xffff) | (hi & 0xffff0000);
  const is32 = (type & 8) !== 0;
  if (!readGuestDescriptor(cpu, virt, sel, GP, e)) return false;
  const ghi = gd[1]!;
  if ((ghi & (1 << 12)) === 0 || (ghi & (1 << 11)) === 0) { cpu.raise(GP, (sel & 0xfffc) | e); return false; }
  const dpl = (ghi >>> 13) & 3;
  if (dpl > virt.cpl) { cpu.raise(GP, (sel & 0xfffc) | e); return false; }
  if ((ghi & 0x8000) === 0) { cpu.raise(NP, (sel & 0xfffc) | e); return false; }
  const conforming = (ghi & (1 << 10)) !== 0;
  const oldCpl = virt.cpl;
  const newCpl = !conforming && dpl < oldCpl ? dpl : oldCpl;
  const ring = realRing(newCpl);
  const codeSel = (sel & 0xfffc) | ring;
  // The real descriptor is the shadow's (DPL 1 for the guest's DPL 0); checked before any push, as the CPU does.
  if (!checkCodeSegment(cpu, codeSel, GP)) { if (cpu.excCode >= 0) cpu.excCode |= e; return false; }
  const codeLo = desc[0]!, codeHi = desc[1]!, codeAddr = desc[2]!;
  if ((((codeHi >>> 8) & 0xff) & AR_P) === 0) { cpu.raise(NP, (sel & 0xfffc) | e); return false; }
  const eflags = virtualEflags(cpu, virt);
  const oldCs = virtualSelector(cpu.segSel[CS]!);
  const oldEip = cpu.eip;
  let n = 0;
  snapshot(cpu);
  if (newCpl < oldCpl) {
    // Inner stack from the guest's TSS (its virtual TR), not the VMM's.
    if (virt.trSelector === 0 || 4 + newCpl * 8 + 5 > virt.trLimit) { cpu.raise(TS, (virt.trSelector & 0xfffc) | e); return false; }
    const newEsp = readLin32(cpu, virt.trBase + 4 + newCpl * 8, 0);
    const newSs = readLin16(cpu, virt.trBase + 8 + newCpl * 8, 0);
    if (cpu.exc >= 0) return false;
    if ((newSs & 3) !== newCpl) { cpu.raise(TS, (newSs & 0xfffc) | e); return false; }
    const oldSs = virtualSelector(cpu.segSel[SS]!), oldEsp = cpu.regs[ESP]!;
    if (!loadStackSegment(cpu, (newSs & 0xfffc) | ring, ring, TS)) {
      if (cpu.excCode >= 0) cpu.excCode |= e;
      return false;
    }
    cpu.regs[ESP] = newEsp;
    frame[n++] = oldSs; frame[n++] = oldEsp;
  }
  frame[n++] = eflags; frame[n++] = oldCs; frame[n++] = oldEip;
  if (code >= 0) frame[n++] = code;
  if (!pushFrame(cpu, n, !is32)) { restore(cpu); return false; }
  desc[0] = codeLo; desc[1] = codeHi; desc[2] = codeAddr;
  commitCode(cpu, codeSel, ring);
  cpu.eip = is32 ? offset : offset & 0xffff;
  writeEflags(cpu, 0, TF | NT | RF | VM);
  if ((type & 1) === 0) virt.interruptsEnabled = false;
  virt.cpl = newCpl;
  if (newCpl !== oldCpl) {
    cpu.trace.record(EV_PRIV_CHANGE, cpu.instructions, oldEip, oldCpl, newCpl);
    cpu.charge(COST_PRIVILEGE_CHANGE);
  }
  return true;
}
