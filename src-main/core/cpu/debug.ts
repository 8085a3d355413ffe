/**
 * Debug interface of one vCPU: single step, address breakpoints, registers (general, segment with hidden
 * parts, control, debug, EFLAGS), memory by linear or physical address (translation without side effects:
 * no A/D bits, no TLB fills, no faults), the current CPL and the event trace.
 */
import { Cpu } from './cpu';
import { Engine, type ExitReason } from './engine';
import { eventTrace } from './exceptions';
import { readEflags, writeEflags } from './flags';
import { codeWritten, invalidateCode, readPhys8, writePhys8 } from './memory';
import { peekTranslate } from './paging';
import { setSegment } from './segments';
import { CR0_PG, CS, SEG_NAMES, arDpl } from './state';
import type { TraceEvent } from './trace';

export const GPR_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
export type SegName = (typeof SEG_NAMES)[number];

export interface SegmentView {
  selector: number;
  base: number;
  limit: number;
  /** Access rights in the VMCS layout (type, S, DPL, P, AVL, D/B, G, unusable). */
  accessRights: number;
  dpl: number;
  present: boolean;
  unusable: boolean;
}

export interface RegisterSnapshot {
  gpr: Record<(typeof GPR_NAMES)[number], number>;
  eip: number;
  eflags: number;
  cpl: number;
  segments: Record<SegName, SegmentView>;
  cr0: number; cr2: number; cr3: number; cr4: number;
  dr: number[];
  gdtr: { base: number; limit: number };
  idtr: { base: number; limit: number };
  halted: boolean;
  instructions: number;
  cycles: number;
}

export class CpuDebugger {
  constructor(readonly cpu: Cpu, readonly engine: Engine) {}

  /** Execute one instruction (or deliver one pending event). */
  step(): ExitReason { return this.engine.run(1); }

  addBreakpoint(linear: number): void { this.cpu.breakpoints.add(linear | 0); this.breakpointsChanged(); }
  removeBreakpoint(linear: number): void { this.cpu.breakpoints.delete(linear | 0); this.breakpointsChanged(); }
  clearBreakpoints(): void { this.cpu.breakpoints.clear(); this.breakpointsChanged(); }

  private breakpointsChanged(): void {
    const c = this.cpu;
    c.breakpointCount = c.breakpoints.size;
    c.breakpointPages.clear();
    for (const b of c.breakpoints) c.breakpointPages.add(b & ~0xfff);
  }
  breakpoints(): number[] { return [...this.cpu.breakpoints].map((b) => b >>> 0); }

  get cpl(): number { return this.cpu.cpl; }

  segment(i: number): SegmentView {
    const c = this.cpu, ar = c.segAr[i]!;
    return {
      selector: c.segSel[i]!, base: c.segBase[i]! >>> 0, limit: c.segLimit[i]!, accessRights: ar,
      dpl: arDpl(ar), present: (ar & 0x80) !== 0, unusable: (ar & 0x10000) !== 0,
    };
  }

  registers(): RegisterSnapshot {
    const c = this.cpu;
    const gpr = {} as RegisterSnapshot['gpr'];
    GPR_NAMES.forEach((n, i) => { gpr[n] = c.regs[i]! >>> 0; });
    const segments = {} as Record<SegName, SegmentView>;
    SEG_NAMES.forEach((n, i) => { segments[n] = this.segment(i); });
    return {
      gpr, eip: c.eip >>> 0, eflags: readEflags(c) >>> 0, cpl: c.cpl, segments,
      cr0: c.cr0 >>> 0, cr2: c.cr2 >>> 0, cr3: c.cr3 >>> 0, cr4: c.cr4 >>> 0, dr: [...c.dr].map((d) => d >>> 0),
      gdtr: { base: c.gdtrBase >>> 0, limit: c.gdtrLimit }, idtr: { base: c.idtrBase >>> 0, limit: c.idtrLimit },
      halted: c.halted, instructions: c.instructions, cycles: c.cycles,
    };
  }

  /** Write a general register, eip, eflags or a control register by name. */
  writeRegister(name: string, value: number): void {
    const c = this.cpu;
    const g = (GPR_NAMES as readonly string[]).indexOf(name);
    if (g >= 0) { c.regs[g] = value; return; }
    switch (name) {
      case 'eip': c.eip = value | 0; return;
      case 'eflags': writeEflags(c, value, -1); return;
      case 'cr0': c.cr0 = value | 0x10; c.pagingOn = (c.cr0 & CR0_PG) !== 0; c.flushTlb(false); return;
      case 'cr2': c.cr2 = value; return;
      case 'cr3': c.cr3 = value; c.flushTlb(false); return;
      case 'cr4': c.cr4 = value; c.flushTlb(false); return;
      default: {
        const m = /^dr([0-7])$/.exec(name);
        if (m) { c.dr[Number(m[1])] = value; return; }
        throw new Error(`unknown register ${name}`);
      }
    }
  }

  /** Set a segment register with its hidden part (no descriptor checks: the debugger is trusted). */
  writeSegment(name: SegName, v: { selector: number; base: number; limit: number; accessRights: number }): void {
    const i = SEG_NAMES.indexOf(name);
    setSegment(this.cpu, i, v.selector, v.base, v.limit, v.accessRights);
    if (i === CS) this.cpu.cpl = v.selector & 3;
  }

  /** Physical address of a linear one under the current paging setup, or null when not mapped. */
  translate(linear: number): number | null {
    const p = peekTranslate(this.cpu, linear);
    return p < 0 ? null : p;
  }

  readPhysical(addr: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    // RAM straight from the array: a debugger read is no guest access (no NUMA charge or placement); devices
    // still answer through the bus.
    for (let i = 0; i < length; i++) {
      const p = (addr + i) >>> 0;
      out[i] = p < this.cpu.ramSize ? this.cpu.ram[p]! : readPhys8(this.cpu, p);
    }
    return out;
  }

  writePhysical(addr: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const p = (addr + i) >>> 0;
      if (p < this.cpu.ramSize) { invalidateCode(this.cpu, p, 1); this.cpu.ram[p] = bytes[i]!; codeWritten(this.cpu, p); } // also the firmware area
      else writePhys8(this.cpu, p, bytes[i]!);
    }
  }

  /** Read by linear address; unmapped bytes read as null entries in `mapped`. */
  readLinear(addr: number, length: number): { bytes: Uint8Array; mapped: boolean[] } {
    const bytes = new Uint8Array(length);
    const mapped: boolean[] = [];
    for (let i = 0; i < length; i++) {
      const p = peekTranslate(this.cpu, (addr + i) | 0);
      mapped.push(p >= 0);
      if (p >= 0) bytes[i] = p < this.cpu.ramSize ? this.cpu.ram[p]! : readPhys8(this.cpu, p);
    }
    return { bytes, mapped };
  }

  /** Write by linear address; returns false (writing nothing) if any byte is unmapped. */
  writeLinear(addr: number, bytes: Uint8Array): boolean {
    const phys: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const p = peekTranslate(this.cpu, (addr + i) | 0);
      if (p < 0) return false;
      phys.push(p);
    }
    phys.forEach((p, i) => this.writePhysical(p, bytes.subarray(i, i + 1)));
    return true;
  }

  events(): TraceEvent[] { return eventTrace(this.cpu).events(); }
  clearEvents(): void { eventTrace(this.cpu).clear(); }

  /** The fault chain of a triple fault (vCPU stopped), else null. */
  tripleFault(): Cpu['tripleFault'] { return this.cpu.tripleFault; }
}
