/**
 * `describeTranslation(cpu, lin)`: every tree that takes part in translating a linear address on this vCPU,
 * step by step — the CPU's own tables (native); under a software VMM the guest's tables (from its virtual CR3,
 * in guest RAM) beside the tables the CPU really walks (the shadow, from the real CR3); under EPT the guest's
 * tables with each table address and the final guest-physical address resolved through the EPT tree. Pure:
 * no A/D stores, no TLB fills, no NUMA charges; the answer is plain JSON for the debugger and the UI.
 */
import type { Cpu } from '../cpu/cpu';
import { TLB_GLOBAL, TLB_SUP_WRITE, TLB_USER_READ, TLB_USER_WRITE } from '../cpu/cpu';
import { inVmmWindow } from '../cpu/vmm-window';
import { describeEptWalk, type EptSupport } from './ept-walk';
import { hex8 } from './hex';
import { machineEptSupport, mmuContextOf } from './mmu-context';
import { cpuPhysReader, type PhysReader } from './phys-reader';
import type { TlbEntryView, TranslationView, WalkView } from './types';
import { describeWalk32 } from './walk32';

/** The TLB entry for `lin`'s page, or null when the vCPU's TLB holds none. */
export function tlbEntryOf(cpu: Cpu, lin: number): TlbEntryView | null {
  const e = cpu.tlb[lin >>> 12]!;
  return e === 0 ? null : tlbEntryView(lin >>> 12, e);
}

export function tlbEntryView(vpn: number, e: number): TlbEntryView {
  return {
    page: (vpn << 12) >>> 0,
    frame: (e & ~0xfff) >>> 0,
    supervisorWrite: (e & TLB_SUP_WRITE) !== 0,
    userRead: (e & TLB_USER_READ) !== 0,
    userWrite: (e & TLB_USER_WRITE) !== 0,
    global: (e & TLB_GLOBAL) !== 0,
  };
}

function outcomeText(w: WalkView): string {
  const last = w.steps[w.steps.length - 1];
  return last?.reason ?? w.outcome;
}

function pageText(w: WalkView): string {
  return w.pageSize === 0x400000 ? '4 MiB' : w.pageSize === 0x200000 ? '2 MiB' : w.pageSize === 0x40000000 ? '1 GiB' : '4 KiB';
}

/** Everything that translates `lin` on `cpu` now. `support`: the EPT formats (default: this machine's VMX). */
export function describeTranslation(cpu: Cpu, lin: number, reader: PhysReader = cpuPhysReader(cpu), support: EptSupport = machineEptSupport()): TranslationView {
  lin >>>= 0;
  const tlb = tlbEntryOf(cpu, lin);
  const base = { linear: lin, tlb, vmmWindow: false };
  // A software VMM's window is mapped by the walker before any table is read (core/cpu/paging.ts: the same test).
  if (cpu.pagingOn && cpu.vmmMemory !== null && cpu.vmmWindowLinear && inVmmWindow(cpu, lin)) {
    return { ...base, vmmWindow: true, situation: 'shadow', summary: `${hex8(lin)} is in the VMM's window: mapped to itself by the walker, no table read`, guest: null, shadow: null, ept: null, guestPhysical: null, physical: lin, refs: 0 };
  }
  const ctx = mmuContextOf(cpu);
  if (ctx === null) {
    if (!cpu.pagingOn) return { ...base, situation: 'paging-off', summary: `paging is off (CR0.PG = 0): physical = linear = ${hex8(lin)}`, guest: null, shadow: null, ept: null, guestPhysical: null, physical: lin, refs: 0 };
    const w = describeWalk32(reader, cpu.cr3, cpu.cr4, lin);
    const summary = w.output === null
      ? `${hex8(lin)}: ${outcomeText(w)} (CR3 ${hex8(cpu.cr3)})`
      : `${hex8(lin)} → ${hex8(w.output)} (${pageText(w)} page, ${w.refs} table reference${w.refs === 1 ? '' : 's'} per TLB miss)`;
    return { ...base, situation: 'native', summary, guest: w, shadow: null, ept: null, guestPhysical: null, physical: w.output, refs: w.refs };
  }

  if (ctx.eptp !== null) {
    const eptp = ctx.eptp;
    const ept = (gpa: number): WalkView => describeEptWalk(reader, eptp, gpa, support);
    // The guest's own tables; while its paging is off (no unrestricted guest) the CPU walks the VMM's identity map.
    const guest = ctx.guestPaging ? describeWalk32(reader, ctx.guestCr3, ctx.guestCr4, lin, { structure: 'guest', ept }) : null;
    const real = !ctx.guestPaging && cpu.pagingOn ? describeWalk32(reader, cpu.cr3, cpu.cr4, lin, { structure: 'shadow', ept }) : null;
    const tables = guest ?? real;
    const gpa = tables === null ? lin : tables.output;
    const final = gpa === null ? null : ept(gpa);
    const refs = (tables?.refs ?? 0) + (final?.refs ?? 0);
    const physical = final?.output ?? null;
    let summary: string;
    if (gpa === null) summary = `${hex8(lin)}: the guest's walk stops: ${outcomeText(tables!)}`;
    else if (physical === null) summary = `${hex8(lin)} → guest-physical ${hex8(gpa)}: EPT ${outcomeText(final!)}`;
    else summary = `${hex8(lin)} → guest-physical ${hex8(gpa)} → host-physical ${hex8(physical)} (${refs} table references per TLB miss: guest and EPT)`;
    return { ...base, situation: 'ept', summary, guest: tables === real ? null : guest, shadow: real, ept: final, guestPhysical: gpa, physical, refs };
  }

  const guest = ctx.guestPaging ? describeWalk32(reader, ctx.guestCr3, ctx.guestCr4, lin, { structure: 'guest' }) : null;
  const shadow = cpu.pagingOn ? describeWalk32(reader, cpu.cr3, cpu.cr4, lin, { structure: 'shadow' }) : null;
  const guestPhysical = guest === null ? lin : guest.output;
  const physical = shadow === null ? lin : shadow.output;
  let summary: string;
  if (guest !== null && guest.output === null) summary = `${hex8(lin)}: the guest's tables say ${outcomeText(guest)} (a true fault)`;
  else if (shadow !== null && shadow.output === null) summary = `${hex8(lin)} → guest-physical ${hex8(guestPhysical!)}; the shadow has no entry yet (${outcomeText(shadow)}: a hidden fault fills it)`;
  else summary = `${hex8(lin)} → guest-physical ${hex8(guestPhysical!)} → ${hex8(physical!)} through the shadow (${shadow?.refs ?? 0} table references per TLB miss)`;
  return { ...base, situation: 'shadow', summary, guest, shadow, ept: null, guestPhysical, physical, refs: shadow?.refs ?? 0 };
}
