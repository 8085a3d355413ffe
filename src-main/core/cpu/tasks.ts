/**
 * Hardware task switches with a 32-bit TSS (SDM Vol. 3 7.3): JMP/CALL to a TSS descriptor or task gate,
 * task gates in the IDT (the classic double-fault handler), IRET with NT = 1. The outgoing state is saved
 * in the current TSS, busy bits and the back link are kept as the SDM says, and the new task's state is
 * loaded from its TSS. Segment loads in the new task check presence and type and report #TS/#NP against
 * the new task (after the switch), as the SDM describes.
 */
import { Cpu } from './cpu';
import { readEflags, writeEflags } from './flags';
import { readLin16, readLin32, writeLin16, writeLin32 } from './memory';
import { desc, descAr, descBase, descLimit, markAccessed, readDescriptor, setSegment, loadNull } from './segments';
import { AR_P, AR_S, AR_UNUSABLE, CR0_PG, CR0_TS, CS, DS, ES, FS, GS, LDTR, NT, SS, TR, arDpl } from './state';
import { push } from './operands';
import { guestCrRead } from '../vmx/nonroot';
import { VMX_NON_ROOT } from '../vmx/vmx-state';

export const SWITCH_JMP = 0, SWITCH_CALL = 1, SWITCH_IRET = 2, SWITCH_INT = 3;
const TS = 10, NP = 11, GP = 13;
const SEG_OFFSETS = [0x48, 0x4c, 0x50, 0x54, 0x58, 0x5c]; // ES CS SS DS FS GS

/** Switch to the task whose TSS selector is `sel`. `errorCode` ≥ 0 is pushed on the new stack (INT). */
export function taskSwitch(cpu: Cpu, sel: number, kind: number, errorCode = -1): boolean {
  if ((sel & 4) !== 0) { cpu.raise(TS, sel & 0xfffc); return false; }
  // IRET's task return reports a bad back link as #TS (SDM IRET, TASK-RETURN); the other sources as #GP.
  const badSel = kind === SWITCH_IRET ? TS : GP;
  if (!readDescriptor(cpu, sel, badSel)) return false;
  const lo = desc[0]!, hi = desc[1]!, descAddr = desc[2]!;
  const ar = descAr(hi);
  const type = ar & 0xf;
  if ((ar & AR_S) !== 0 || (type & 0xd) !== 9) { cpu.raise(badSel, sel & 0xfffc); return false; } // 32-bit TSS only
  const busy = (type & 2) !== 0;
  if (kind === SWITCH_IRET ? !busy : busy) { cpu.raise(kind === SWITCH_IRET ? TS : GP, sel & 0xfffc); return false; }
  if ((ar & AR_P) === 0) { cpu.raise(NP, sel & 0xfffc); return false; }
  const newBase = descBase(lo, hi), newLimit = descLimit(lo, hi);
  if (newLimit < 0x67) { cpu.raise(TS, sel & 0xfffc); return false; }
  // Read the whole new state first so a #PF leaves the old task intact.
  const nb = newBase;
  const newCr3 = readLin32(cpu, nb + 0x1c, 0), newEip = readLin32(cpu, nb + 0x20, 0), newFlags = readLin32(cpu, nb + 0x24, 0);
  const gpr = new Int32Array(8);
  for (let i = 0; i < 8; i++) gpr[i] = readLin32(cpu, nb + 0x28 + i * 4, 0);
  const segs = new Int32Array(6);
  for (let i = 0; i < 6; i++) segs[i] = readLin16(cpu, nb + SEG_OFFSETS[i]!, 0);
  const newLdt = readLin16(cpu, nb + 0x60, 0);
  if (cpu.exc >= 0) return false;

  // Save the outgoing task.
  const ob = cpu.segBase[TR]!;
  let flags = readEflags(cpu);
  if (kind === SWITCH_IRET) flags &= ~NT;
  writeLin32(cpu, ob + 0x20, cpu.eip, 0);
  writeLin32(cpu, ob + 0x24, flags, 0);
  for (let i = 0; i < 8; i++) writeLin32(cpu, ob + 0x28 + i * 4, cpu.regs[i]!, 0);
  for (let i = 0; i < 6; i++) writeLin16(cpu, ob + SEG_OFFSETS[i]!, cpu.segSel[i]!, 0);
  if (cpu.exc >= 0) return false;
  const oldSel = cpu.segSel[TR]!;
  if (kind === SWITCH_JMP || kind === SWITCH_IRET) setBusy(cpu, oldSel, false);
  if (kind === SWITCH_CALL || kind === SWITCH_INT) {
    writeLin16(cpu, nb, oldSel, 0);
  }
  if (kind !== SWITCH_IRET) {
    const h = hi | 0x200;
    writeLin32(cpu, descAddr + 4, h, 0);
  }
  // Load the new task.
  setSegment(cpu, TR, sel, newBase, newLimit, (ar | 2) & ~AR_UNUSABLE);
  cpu.cr0 |= CR0_TS;
  // In VMX non-root "paging enabled" is the guest's own CR0.PG (its read shadow where the VMM owns the bit):
  // virtlab's VMX has no task-switch exit (the SDM makes every task switch exit, and KVM then emulates it
  // with the guest's CR0), so the switch runs in the guest as that emulation would (--mode vtx: a guest with
  // paging off keeps the VMM's identity map).
  const cr0 = cpu.vmxMode === VMX_NON_ROOT ? guestCrRead(cpu, 0, cpu.cr0) : cpu.cr0;
  if ((cr0 & CR0_PG) !== 0 && newCr3 !== cpu.cr3) { cpu.cr3 = newCr3; cpu.flushTlb(true); }
  for (let i = 0; i < 8; i++) cpu.regs[i] = gpr[i]!;
  cpu.eip = newEip;
  writeEflags(cpu, (kind === SWITCH_CALL || kind === SWITCH_INT ? newFlags | NT : newFlags) | 2, -1);
  for (let i = 0; i < 6; i++) cpu.segSel[i] = segs[i]!;
  // LDT, then CS (sets CPL), SS and the data segments.
  if ((newLdt & 0xfffc) === 0) setSegment(cpu, LDTR, newLdt, 0, 0, AR_UNUSABLE);
  else if (!loadTaskSegment(cpu, LDTR, newLdt)) return false;
  cpu.cpl = segs[CS]! & 3;
  for (const seg of [CS, SS, ES, DS, FS, GS]) if (!loadTaskSegment(cpu, seg, segs[seg]!)) return false;
  if (errorCode >= 0) push(cpu, errorCode, 2);
  return true;
}

function setBusy(cpu: Cpu, sel: number, on: boolean): void {
  const addr = (cpu.gdtrBase + (sel & 0xfff8)) | 0;
  const hi = readLin32(cpu, addr + 4, 0);
  writeLin32(cpu, addr + 4, on ? hi | 0x200 : hi & ~0x200, 0);
}

/** Load a segment register of the incoming task: descriptor type and presence checked, errors #TS/#NP. */
function loadTaskSegment(cpu: Cpu, seg: number, sel: number): boolean {
  if ((sel & 0xfffc) === 0) {
    if (seg === CS || seg === SS) { cpu.raise(TS, sel & 0xfffc); return false; }
    loadNull(cpu, seg, sel); return true;
  }
  if (!readDescriptor(cpu, sel, TS)) return false;
  const lo = desc[0]!, hi = desc[1]!;
  const ar = descAr(hi);
  const type = ar & 0xf;
  let ok: boolean;
  if (seg === LDTR) ok = (ar & AR_S) === 0 && type === 2;
  else if (seg === CS) ok = (ar & AR_S) !== 0 && (type & 8) !== 0;
  else if (seg === SS) ok = (ar & AR_S) !== 0 && (type & 0xa) === 2 && arDpl(ar) === cpu.cpl && (sel & 3) === cpu.cpl;
  else ok = (ar & AR_S) !== 0 && (type & 0xa) !== 8;
  if (!ok) { cpu.raise(TS, sel & 0xfffc); return false; }
  if ((ar & AR_P) === 0) { cpu.raise(seg === SS ? 12 : NP, sel & 0xfffc); return false; }
  if (seg === LDTR) { setSegment(cpu, seg, sel, descBase(lo, hi), descLimit(lo, hi), ar); return true; }
  // A code or data segment loaded by the switch is marked accessed, in the descriptor and in the cache, as
  // every segment load does (SDM 3.4.5.1); VM entry refuses a guest whose cached CS/SS/DS… is not accessed.
  markAccessed(cpu);
  setSegment(cpu, seg, sel, descBase(lo, hi), descLimit(lo, hi), descAr(desc[1]!));
  return true;
}
