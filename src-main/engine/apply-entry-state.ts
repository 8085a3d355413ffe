/** Puts a vCPU in the kernel's entry state (boot/entry-state.ts), as QEMU's multiboot option ROM leaves it. */
import type { Cpu } from '../core/cpu/cpu';
import { writeEflags } from '../core/cpu/flags';
import { setSegment } from '../core/cpu/segments';
import { CS, DS, EAX, EBP, EBX, ECX, EDI, EDX, ES, ESI, ESP, FS, GS, LDTR, SS, TR } from '../core/cpu/state';
import type { EntryState, SegmentState } from '../core/machine/boot/entry-state';

/** Descriptor access byte and flags nibble → the VMCS access-rights layout the CPU keeps (bits 0–7, 12–15). */
function accessRights(s: SegmentState): number {
  return (s.access & 0xff) | ((s.flags & 0xf) << 12);
}

export function applyEntryState(cpu: Cpu, e: EntryState): void {
  const r = cpu.regs;
  r[EAX] = e.eax;
  r[EBX] = e.ebx;
  r[ECX] = e.ecx;
  r[EDX] = e.edx;
  r[ESI] = e.esi;
  r[EDI] = e.edi;
  r[EBP] = e.ebp;
  r[ESP] = e.esp;
  cpu.eip = e.eip | 0;
  writeEflags(cpu, e.eflags, ~0);
  cpu.cr0 = e.cr0;
  const seg = (i: number, s: SegmentState): void => setSegment(cpu, i, s.selector, s.base, s.limit, accessRights(s));
  seg(CS, e.cs);
  seg(DS, e.ds);
  seg(ES, e.es);
  seg(SS, e.ss);
  seg(FS, e.fs);
  seg(GS, e.gs);
  setSegment(cpu, LDTR, 0, 0, 0xffff, 0x82);
  setSegment(cpu, TR, 0, 0, 0xffff, 0x8b);
  cpu.gdtrBase = e.gdtr.base;
  cpu.gdtrLimit = e.gdtr.limit;
  cpu.idtrBase = e.idtr.base;
  cpu.idtrLimit = e.idtr.limit;
}
