/** Putting a vCPU into a given state: the platform's multiboot entry state, a debugger's edit, INIT and SIPI. */
import type { EntryState, SegmentState } from '../machine/boot/entry-state';
import { Cpu } from './cpu';
import { writeEflags } from './flags';
import { setSegment } from './segments';
import { CR0_CD, CR0_ET, CR0_NW, CR0_PG, CS, DS, EAX, EBP, EBX, ECX, EDI, EDX, ES, ESI, ESP, FS, GS, LDTR, SS, TR } from './state';
import { SIGNATURE } from './cpuid';

/** Access byte + flags nibble (GDT layout) → the VMCS access-rights layout used by the segment cache. */
export function arFromDescriptorBytes(access: number, flags: number): number {
  return (access & 0xff) | ((flags & 0xf) << 12);
}

function loadSeg(cpu: Cpu, seg: number, s: SegmentState): void {
  setSegment(cpu, seg, s.selector, s.base, s.limit, arFromDescriptorBytes(s.access, s.flags));
}

export function applyEntryState(cpu: Cpu, st: EntryState): void {
  const r = cpu.regs;
  r[EAX] = st.eax; r[EBX] = st.ebx; r[ECX] = st.ecx; r[EDX] = st.edx;
  r[ESI] = st.esi; r[EDI] = st.edi; r[EBP] = st.ebp; r[ESP] = st.esp;
  cpu.eip = st.eip | 0;
  writeEflags(cpu, st.eflags, -1);
  cpu.cr0 = st.cr0; cpu.cr2 = 0; cpu.cr3 = 0; cpu.cr4 = 0;
  cpu.pagingOn = (cpu.cr0 & CR0_PG) !== 0;
  loadSeg(cpu, CS, st.cs); loadSeg(cpu, DS, st.ds); loadSeg(cpu, ES, st.es);
  loadSeg(cpu, SS, st.ss); loadSeg(cpu, FS, st.fs); loadSeg(cpu, GS, st.gs);
  setSegment(cpu, LDTR, 0, 0, 0xffff, 0x82);
  setSegment(cpu, TR, 0, 0, 0xffff, 0x8b);
  cpu.gdtrBase = st.gdtr.base; cpu.gdtrLimit = st.gdtr.limit;
  cpu.idtrBase = st.idtr.base; cpu.idtrLimit = st.idtr.limit;
  cpu.halted = false;
  cpu.waitForSipi = false;
  cpu.interruptShadow = false;
  cpu.exc = -1;
  cpu.tripleFault = null;
  cpu.stopReason = 0;
  cpu.flushTlb(false);
}

const REAL_DATA_AR = 0x93, REAL_CODE_AR = 0x9b;

/**
 * INIT (SDM Vol. 3 9.1.1, table 9-1): the processor state after INIT — real mode, CS = F000 with base
 * FFFF0000, EIP = FFF0, other segments 0 with limit FFFF, GDTR/IDTR base 0 limit FFFF, EDX the processor
 * signature, the rest of the registers 0, CR0 = 10h with CD and NW as they were. MSRs, the TSC and the
 * APIC's ID and base survive. An AP then waits for a start-up IPI; the BSP runs from the reset vector.
 */
export function enterInitState(cpu: Cpu, bsp: boolean): void {
  cpu.regs.fill(0);
  cpu.regs[EDX] = SIGNATURE;
  cpu.eip = 0xfff0;
  writeEflags(cpu, 0x2, -1);
  cpu.cr0 = (cpu.cr0 & (CR0_CD | CR0_NW)) | CR0_ET;
  cpu.cr2 = 0; cpu.cr3 = 0; cpu.cr4 = 0;
  cpu.pagingOn = false;
  cpu.fetchEpoch++;
  setSegment(cpu, CS, 0xf000, 0xffff0000 | 0, 0xffff, REAL_CODE_AR);
  for (const seg of [ES, SS, DS, FS, GS]) setSegment(cpu, seg, 0, 0, 0xffff, REAL_DATA_AR);
  setSegment(cpu, LDTR, 0, 0, 0xffff, 0x82);
  setSegment(cpu, TR, 0, 0, 0xffff, 0x8b);
  cpu.cpl = 0;
  cpu.gdtrBase = 0; cpu.gdtrLimit = 0xffff;
  cpu.idtrBase = 0; cpu.idtrLimit = 0xffff;
  cpu.dr.fill(0);
  cpu.dr[6] = 0xffff0ff0 | 0; cpu.dr[7] = 0x400;
  cpu.drExecMask = 0;
  cpu.interruptShadow = false;
  cpu.debugShadow = false;
  cpu.nmiPending = false;
  cpu.nmiBlocked = false;
  cpu.exc = -1;
  cpu.waitForSipi = !bsp;
  cpu.halted = !bsp;
  cpu.flushTlb(false);
}

/**
 * A start-up IPI with vector VV: a vCPU waiting for SIPI starts in real mode at CS = VV00h (base VV000h),
 * IP = 0. Ignored by a vCPU that is not waiting (SDM Vol. 3 9.4.4.1: the second SIPI of INIT-SIPI-SIPI).
 */
export function startupIpi(cpu: Cpu, vector: number): boolean {
  if (!cpu.waitForSipi) return false;
  setSegment(cpu, CS, (vector & 0xff) << 8, (vector & 0xff) << 12, 0xffff, REAL_CODE_AR);
  cpu.cpl = 0;
  cpu.eip = 0;
  cpu.waitForSipi = false;
  cpu.halted = false;
  return true;
}
