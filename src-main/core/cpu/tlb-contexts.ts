/**
 * VPID-tagged TLBs (SDM Vol. 3C 29.1, 29.4): translations are cached per context — VPID 0 (the host, and any
 * guest run without "enable VPID") and each (VPID, EP4TA) a guest ran with. Without VPIDs every VM entry and
 * exit flushes the TLB; with them, entry and exit only switch the current context (the five TLB fields of
 * the Cpu swap, nothing is allocated once a context exists), so a guest's translations survive its exits.
 * A small LRU of guest contexts: an evicted one is flushed and reused for the new tag.
 *
 * INVVPID and INVEPT (and the built-in VMM, which calls these directly) invalidate exactly the contexts the
 * SDM names: combined mappings of one EP4TA or of all, linear mappings of one VPID, of all VPIDs but 0, one
 * address in one VPID, one VPID keeping global translations.
 */
import { Cpu, TLB_TRACK } from './cpu';
import { invalidatePage } from './paging';

/** Guest contexts kept besides the host's (each costs 4 MiB of TLB array). */
export const TLB_GUEST_CONTEXTS = 4;
/** EP4TA of a context whose translations are linear (no EPT). */
export const NO_EPT = -1;

class TlbContext {
  readonly tlb: Int32Array;
  readonly filled: Int32Array;
  readonly large: Uint8Array;
  count = 0;
  overflow = false;
  lastUse = 0;
  constructor(public vpid: number, public ep4ta: number, tlb: Int32Array, filled: Int32Array, large: Uint8Array) {
    this.tlb = tlb; this.filled = filled; this.large = large;
  }
}

export class TlbContexts {
  readonly host: TlbContext;
  readonly guests: TlbContext[] = [];
  current: TlbContext;
  /** Entries so far, for the LRU. */
  clock = 0;
  constructor(cpu: Cpu) {
    this.host = new TlbContext(0, NO_EPT, cpu.tlb, cpu.tlbFilled, cpu.tlbLarge);
    this.current = this.host;
  }
}

function contexts(cpu: Cpu): TlbContexts {
  return cpu.tlbContexts ?? (cpu.tlbContexts = new TlbContexts(cpu));
}

/** Make `ctx` the Cpu's TLB (the current one's count/overflow saved). */
function load(cpu: Cpu, all: TlbContexts, ctx: TlbContext): void {
  const cur = all.current;
  if (cur === ctx) return;
  cur.count = cpu.tlbCount; cur.overflow = cpu.tlbOverflow;
  cpu.tlb = ctx.tlb; cpu.tlbFilled = ctx.filled; cpu.tlbLarge = ctx.large;
  cpu.tlbCount = ctx.count; cpu.tlbOverflow = ctx.overflow;
  all.current = ctx;
  cpu.fetchEpoch++; // other translations from here on
}

/** VM entry with "enable VPID": the TLB of (vpid, ep4ta), created or taken from the least recently used. */
export function useGuestTlb(cpu: Cpu, vpid: number, ep4ta: number): void {
  const all = contexts(cpu);
  let ctx: TlbContext | undefined;
  for (const g of all.guests) if (g.vpid === vpid && g.ep4ta === ep4ta) { ctx = g; break; }
  if (ctx === undefined) {
    if (all.guests.length < TLB_GUEST_CONTEXTS) {
      ctx = new TlbContext(vpid, ep4ta, new Int32Array(1 << 20), new Int32Array(TLB_TRACK), new Uint8Array(1024));
      all.guests.push(ctx);
    } else {
      ctx = all.guests[0]!;
      for (const g of all.guests) if (g.lastUse < ctx.lastUse) ctx = g;
      flushContext(cpu, all, ctx, false);
      ctx.vpid = vpid; ctx.ep4ta = ep4ta;
    }
  }
  ctx.lastUse = ++all.clock;
  load(cpu, all, ctx);
}

/** VM exit (or entry without VPID): the host's TLB, VPID 0. True when it was already current. */
export function useHostTlb(cpu: Cpu): boolean {
  const all = cpu.tlbContexts;
  if (all === null || all.current === all.host) return true;
  load(cpu, all, all.host);
  return false;
}

/** Flush `ctx` (all its entries, or all but global ones). */
function flushContext(cpu: Cpu, all: TlbContexts, ctx: TlbContext, keepGlobal: boolean): void {
  const was = all.current;
  load(cpu, all, ctx);
  cpu.flushTlb(keepGlobal);
  load(cpu, all, was);
}

/** INVVPID type 0: the translations of linear address `lin` for `vpid`. */
export function invvpidAddress(cpu: Cpu, vpid: number, lin: number): void {
  const all = contexts(cpu);
  const was = all.current;
  for (const ctx of [all.host, ...all.guests]) {
    if (ctx.vpid !== vpid) continue;
    load(cpu, all, ctx);
    invalidatePage(cpu, lin);
  }
  load(cpu, all, was);
}

/** INVVPID type 1 (keepGlobal false) and 3 (true): every translation of `vpid`. */
export function invvpidContext(cpu: Cpu, vpid: number, keepGlobal: boolean): void {
  const all = contexts(cpu);
  for (const ctx of [all.host, ...all.guests]) if (ctx.vpid === vpid) flushContext(cpu, all, ctx, keepGlobal);
}

/** INVVPID type 2: the translations of every VPID but 0. */
export function invvpidAll(cpu: Cpu): void {
  const all = contexts(cpu);
  for (const ctx of all.guests) flushContext(cpu, all, ctx, false);
}

/** INVEPT type 1: combined mappings of EP4TA `ep4ta`; type 2 (ep4ta = null): of every EP4TA. */
export function invept(cpu: Cpu, ep4ta: number | null): void {
  const all = contexts(cpu);
  for (const ctx of all.guests) if (ctx.ep4ta !== NO_EPT && (ep4ta === null || ctx.ep4ta === ep4ta)) flushContext(cpu, all, ctx, false);
  // A guest run with EPT but without VPID used VPID 0's TLB, which its VM exit flushed.
}
