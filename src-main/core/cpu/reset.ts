/** Putting a vCPU into a given state: the platform's multiboot entry state, or a debugger's edit. */
import type { EntryState, SegmentState } from '../machine/boot/entry-state';
import { Cpu } from './cpu';
import { writeEflags } from './flags';
import { setSegment } from './segments';
import { CR0_PG, CS, DS, EAX, EBP, EBX, ECX, EDI, EDX, ES, ESI, ESP, FS, GS, LDTR, SS, TR } from './state';

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
  cpu.interruptShadow = false;
  cpu.exc = -1;
  cpu.tripleFault = null;
  cpu.stopReason = 0;
  cpu.flushTlb(false);
}
