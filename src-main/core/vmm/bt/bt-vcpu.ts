/**
 * One vCPU of `--mode bt`: the software VMM (core/vmm/soft) with binary translation instead of trap-and-
 * emulate for the guest kernel, as VMware's monitor ran it. Guest kernel code (virtual CPL 0) never runs at its
 * own addresses: enterKernel(eip) finds or makes the translation of the block at `eip` in the translation cache
 * (tc.ts) and the vCPU runs it at real ring 1 from the VMM window. Guest user code runs as it is, at ring 3.
 *
 * Translated code enters the VMM through callouts (`int BT_CALLOUT_VECTOR` in the TC, taken by the event hook
 * before the base VMM sees it): a sensitive instruction is executed on the virtual CPU, a ret/indirect
 * jump/INT n is executed at its guest EIP and its target looked up, an exit stub translates its target and
 * chains the jump. A callout is a call, not a trap: it charges Callout + Emulation, never TrapToVmm. Every
 * other event that happens in translated code is handed to the base VMM with the guest EIP of the TC
 * instruction (tc.guestEipOf), so reflection pushes guest addresses.
 *
 * Self-modifying code: the physical pages of translated code are PAGE_WATCHED; a write to one calls
 * cpu.pageWriteHook, which kills the blocks whose guest bytes it overlaps (the TC writes int3 over them, so a
 * vCPU still inside one re-enters here at the right guest EIP). A write by another vCPU shows as a changed
 * code generation (cpu.codeGen) of the page, looked at on every entry into the VMM.
 */
import { EVENT_FAULT, EVENT_SOFT, type Cpu, type EventHook } from '../../cpu/cpu';
import { watchablePage, watchPage } from '../../cpu/page-watch';
import { Insn } from '../../cpu/insn';
import { ROW_HANDLERS } from '../../cpu/dispatch';
import { setCurrentRow } from '../../cpu/exec-control';
import { peekTranslate } from '../../cpu/paging';
import { prepareOperands, resolveOperands } from '../../cpu/resolve';
import { CS, TF } from '../../cpu/state';
import { COST_BT_CALLOUT, COST_BT_TRANSLATE, COST_EMULATION } from '../../cpu/costs';
import { EV_BT_CALLOUT, EV_BT_TRANSLATE, EV_VMM_EMULATE } from '../../cpu/trace';
import { ROWS } from '../../isa/rows';
import { SoftVmmError, SoftVmmVcpu, type SoftVmmNote } from '../soft/soft-vcpu';
import { TRANSLATION_CACHE, TRANSLATION_CACHE_BYTES, VMM_WINDOW_BASE } from '../soft/vmm-area';
import { SV } from '../soft/vmm-stats';
import { BT_CALLOUT_VECTOR } from './emit';
import { executeOnVirtualCpu } from './sensitive';
import { TranslationCache, type TcBlock } from './tc';
import { CALLOUT_EMULATE, CALLOUT_EXIT, translateBlock, type CalloutSite } from './translate';
import { blockListing, formatListing, summarize } from './listing';
import type { BtView } from './bt-view';

const BP = 3, GP = 13;
const TC_START = VMM_WINDOW_BASE + TRANSLATION_CACHE, TC_END = VMM_WINDOW_BASE + TRANSLATION_CACHE + TRANSLATION_CACHE_BYTES;
const ROW_STI = ROWS.findIndex((r) => r.entry.m === 'sti');
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** True when linear `eip` (CS base 0) lies in the translation cache. */
function inTc(eip: number): boolean {
  const e = eip >>> 0;
  return e >= TC_START && e < TC_END;
}

export class BtVcpu extends SoftVmmVcpu {
  readonly mode = 'bt';
  readonly tc: TranslationCache;
  private baseHook: EventHook | null = null;
  /** The CPU form of each callout's guest instruction, made on its first use. */
  private readonly calloutInsns = new WeakMap<CalloutSite, Insn>();
  /** A callout's fall-through: when the guest goes on at hintGuest, translated code goes on at hintTc. */
  private hintGuest = -1;
  private hintTc = -1;
  private hintBlock: TcBlock | null = null;
  /** Pages with translated code and the code generation (cpu.codeGen) this vCPU last saw for each. */
  private readonly watchPages: number[] = [];
  private readonly watchGens: number[] = [];
  private readonly reader = (lin: number): number => {
    const cpu = this.cpu;
    const p = peekTranslate(cpu, lin | 0);
    return p < 0 || p >= cpu.ramSize ? -1 : cpu.ram[p]!;
  };
  private seenCallout = false;
  private seenChain = false;
  private seenInvalidation = false;

  constructor(cpu: Cpu, index: number, note: SoftVmmNote | null = null) {
    super(cpu, index, note);
    this.tc = new TranslationCache(this.mem, this.stats, () => { this.cpu.vmmCodeGen++; this.hintBlock = null; });
  }

  override launch(): void {
    super.launch();
    this.note?.('translation cache', `${(TC_END - TC_START) >>> 10} KiB at linear ${hex(TC_START)}: guest kernel code runs from its translations at ring 1, user code runs as it is`);
    if (this.cpu.cpl === 1) this.enterKernel(this.cpu.eip);
  }

  protected override installHooks(): void {
    const cpu = this.cpu;
    this.baseHook = cpu.eventHook;
    cpu.eventHook = (_c, kind, vector, code) => this.onBtEvent(kind, vector, code);
  }

  /** Continues the guest kernel at guest EIP `eip`: at its translation (made now if there is none). */
  override enterKernel(eip: number): void {
    const cpu = this.cpu;
    if (inTc(eip)) { cpu.eip = eip; return; }
    // The guest debugging its kernel (single-step, or DR0–DR3 instruction breakpoints): the kernel runs at its own
    // addresses, under trap-and-emulate, so each #DB is one guest instruction at a guest address.
    if ((cpu.eflags & TF) !== 0 || cpu.drExecMask !== 0) { cpu.eip = eip; return; }
    if (this.hintBlock !== null && this.hintBlock.live && (eip >>> 0) === this.hintGuest) {
      cpu.eip = this.hintTc;
      return;
    }
    if (cpu.segBase[CS] !== 0 || cpu.segLimit[CS] !== 0xffffffff) {
      throw new SoftVmmError(`binary translation needs a flat kernel code segment (base 0, limit 4 GiB); CS ${hex(cpu.segSel[CS]!)} has base ${hex(cpu.segBase[CS]!)}, limit ${hex(cpu.segLimit[CS]!)}`);
    }
    const b = this.blockFor(eip);
    // Code that cannot be read (not mapped): the CPU's own fetch at the guest EIP raises the #PF.
    cpu.eip = b === null ? eip : (VMM_WINDOW_BASE + b.offset) | 0;
  }

  /** The guest EIP of where the vCPU is (a TC address maps to the guest instruction it stands for). */
  override guestEip(): number {
    const eip = this.cpu.eip;
    return inTc(eip) ? this.tc.guestEipOf((eip >>> 0) - VMM_WINDOW_BASE) | 0 : eip;
  }

  /** The live translation of the block at guest EIP `eip`, made now when there is none; null if unreadable. */
  private blockFor(eip: number): TcBlock | null {
    const cpu = this.cpu;
    const p = peekTranslate(cpu, eip);
    if (p < 0 || p >= cpu.ramSize) return null;
    const have = this.tc.lookup(eip, p >>> 12);
    if (have !== undefined) return have;
    const t = translateBlock(this.reader, eip);
    if (t === null) return null;
    const pages = [p >>> 12];
    const last = (t.guestEnd - 1) >>> 0;
    if ((last & ~0xfff) !== ((eip >>> 0) & ~0xfff)) {
      const p2 = peekTranslate(cpu, last | 0);
      if (p2 >= 0 && p2 < cpu.ramSize) pages.push(p2 >>> 12);
    }
    for (const page of pages) this.watch(page);
    // The guest's code pages get their accessed bits as the CPU's fetch of them would have set them.
    this.shadow?.touch(eip);
    if (pages.length > 1) this.shadow?.touch(last | 0);
    const b = this.tc.insert(t, pages);
    for (let i = 0; i < t.insns.length; i++) cpu.charge(COST_BT_TRANSLATE);
    cpu.trace.record(EV_BT_TRANSLATE, cpu.instructions, eip, b.offset, t.insns.length);
    if (this.stats[SV.btBlocks] === 1) this.note?.('first translation', `${t.insns.length} guest instruction(s) at ${hex(eip)} → ${t.code.length} bytes at TC ${hex(VMM_WINDOW_BASE + b.offset)}`);
    // Exits whose targets are translated already go straight there.
    for (let i = 0; i < t.exits.length; i++) {
      const target = t.exits[i]!.target;
      const tp = peekTranslate(cpu, target | 0);
      const to = tp >= 0 ? this.tc.lookup(target, tp >>> 12) : undefined;
      if (to !== undefined) this.tc.chain(b, i, to);
    }
    return b;
  }

  /**
   * Marks a physical page of translated code so that writes to it reach onPageWrite: one watcher of the page
   * (page-watch.ts counts them: the page-table tracer may watch it too), for as long as this VMM runs.
   */
  private watch(ppn: number): void {
    const cpu = this.cpu;
    if (this.watchPages.includes(ppn)) return;
    if (watchablePage(cpu, ppn)) watchPage(cpu, ppn);
    this.watchPages.push(ppn);
    this.watchGens.push(cpu.codeGen !== null ? Atomics.load(cpu.codeGen, ppn) : 0);
  }

  // ---- events ----

  private onBtEvent(kind: number, vector: number, code: number): boolean {
    const cpu = this.cpu;
    this.noticeForeignWrites();
    this.hintBlock = null;
    if (kind === EVENT_SOFT && cpu.cpl === 1 && inTc(cpu.insnEip)) {
      const off = (cpu.insnEip >>> 0) - VMM_WINDOW_BASE;
      if (vector === BT_CALLOUT_VECTOR) { this.callout(off); return true; }
      if (vector === BP) { // int3 over a dead block: the guest goes on at that instruction, translated afresh
        const eip = this.tc.guestEipOf(off);
        if (eip < 0) throw new SoftVmmError(`int3 at TC ${hex(VMM_WINDOW_BASE + off)}, in no translated block`);
        this.virt.cpl = 0;
        this.continueKernel(eip | 0);
        return true;
      }
    }
    // Anything else: the base VMM sees where the guest is in guest terms.
    const tcEip = cpu.eip, tcInsnEip = cpu.insnEip;
    if (inTc(cpu.insnEip)) cpu.insnEip = this.tc.guestEipOf((cpu.insnEip >>> 0) - VMM_WINDOW_BASE) | 0;
    if (inTc(cpu.eip)) cpu.eip = this.guestEip();
    const guestEip = cpu.eip;
    this.hiddenRestart = false;
    const handled = this.baseHook!(cpu, kind, vector, code);
    // A hidden page fault filled the shadow: the translated instruction runs again where it is.
    if (this.hiddenRestart && cpu.eip === guestEip && inTc(tcEip)) { cpu.eip = tcEip; cpu.insnEip = tcInsnEip; return handled; }
    this.continueKernel(cpu.eip);
    return handled;
  }

  /** After the VMM ran: kernel code continues from the TC, never at its own address. */
  private continueKernel(eip: number): void {
    const cpu = this.cpu;
    if (cpu.stopReason !== 0) return;
    if (cpu.cpl === 1) this.enterKernel(eip);
    else cpu.eip = eip;
  }

  private callout(off: number): void {
    const cpu = this.cpu;
    const b = this.tc.blockAt(off);
    const rel = b === undefined ? -1 : off - b.offset;
    let site: CalloutSite | undefined;
    if (b !== undefined) for (const c of b.t.callouts) if (c.tcOffset === rel) { site = c; break; }
    if (b === undefined || site === undefined) throw new SoftVmmError(`callout at TC ${hex(VMM_WINDOW_BASE + off)} that no translation made`);
    this.virt.cpl = 0;
    this.count(SV.btCallouts);
    cpu.charge(COST_BT_CALLOUT);
    cpu.trace.record(EV_BT_CALLOUT, cpu.instructions, site.guestEip, site.row, site.kind);
    if (site.kind === CALLOUT_EXIT) { this.exit(b, site); return; }
    if (!this.seenCallout) {
      this.seenCallout = true;
      this.note?.('first callout', `${ROWS[site.row]!.entry.m} at guest EIP ${hex(site.guestEip)}: translated into a call to the VMM (no trap), executed on the virtual CPU`);
    }
    let insn = this.calloutInsns.get(site);
    if (insn === undefined) {
      insn = new Insn();
      insn.copyFrom(site.insn!);
      prepareOperands(insn);
      this.calloutInsns.set(site, insn);
    }
    const next = (site.guestEip + site.length) | 0;
    cpu.insnEip = site.guestEip | 0;
    cpu.eip = next;
    if (site.nextTcOffset >= 0) { this.hintBlock = b; this.hintGuest = next >>> 0; this.hintTc = (VMM_WINDOW_BASE + b.offset + site.nextTcOffset) | 0; }
    const row = site.row;
    if (site.kind === CALLOUT_EMULATE && ROWS[row]!.sensitive) executeOnVirtualCpu(cpu, this.virt, insn);
    else if (site.kind === CALLOUT_EMULATE) {
      if (!this.emulate(insn, row)) cpu.raise(GP, 0); // what a privileged instruction the VMM does not emulate gets at ring 1
    } else if (resolveOperands(cpu, insn)) {
      setCurrentRow(row); // (handlers shared by near and far forms look at the row)
      ROW_HANDLERS[row]!(cpu, insn, row);
    }
    this.count(SV.emulations);
    cpu.charge(COST_EMULATION);
    cpu.trace.record(EV_VMM_EMULATE, cpu.instructions, site.guestEip, row, 0);
    if (cpu.exc >= 0) { this.guestException(); return; }
    // A held interrupt is due once the guest has IF = 1; after STI only once the next instruction ran (the
    // emulation single-steps it: the translation of STI goes on with the next guest instruction in its block).
    if (row !== ROW_STI) this.deliverHeld();
    this.continueKernel(cpu.eip);
  }

  /** The instruction a callout executed raised an exception (cpu.exc): delivered to the guest as it would be natively. */
  private guestException(): void {
    const cpu = this.cpu;
    const vector = cpu.exc, code = cpu.excCode, soft = cpu.excSoft, trap = cpu.excTrap;
    cpu.exc = -1; cpu.excCode = -1; cpu.excSoft = false; cpu.excTrap = false;
    if (soft) { // INT n / INT3 / INTO: through the guest's IDT, returning after the instruction
      this.reflect(vector, -1, true, false);
    } else {
      if (!trap) cpu.eip = cpu.insnEip; // a fault restarts the guest instruction
      this.baseHook!(cpu, EVENT_FAULT, vector, code);
    }
    this.continueKernel(cpu.eip);
  }

  /** An interrupt held in the virtual IRR while the guest had IF = 0, now that it has IF = 1. */
  private deliverHeld(): void {
    const v = this.virt;
    if (!v.interruptsEnabled || this.cpu.stopReason !== 0) return;
    const vector = v.highestPending();
    if (vector < 0) return;
    v.clearPending(vector);
    this.cpu.halted = false;
    this.reflect(vector, -1, false, true);
  }

  /** An exit stub: translate (or find) the target, chain the jump to it, go there. */
  private exit(b: TcBlock, site: CalloutSite): void {
    const cpu = this.cpu;
    const target = site.guestEip | 0;
    cpu.eip = target;
    this.deliverHeld(); // (an STI just before: its shadow is over)
    if (cpu.eip !== target) { this.continueKernel(cpu.eip); return; }
    this.enterKernel(target);
    if (b.live && inTc(cpu.eip)) {
      const to = this.tc.blockAt((cpu.eip >>> 0) - VMM_WINDOW_BASE);
      if (to !== undefined && to.live && to.offset === (cpu.eip >>> 0) - VMM_WINDOW_BASE) {
        this.tc.chain(b, site.exit, to);
        if (!this.seenChain) {
          this.seenChain = true;
          this.note?.('first chained jump', `the exit of the block at guest ${hex(b.t.guestEip)} to guest ${hex(target)} now jumps straight to TC ${hex(cpu.eip)}`);
        }
      }
    }
  }

  // ---- self-modifying code ----

  /** A store to a watched page (this vCPU's): the blocks whose guest bytes it overlaps die. */
  protected override onPageWrite(p: number, bytes: number): void {
    super.onPageWrite(p, bytes);
    const cpu = this.cpu;
    const ppn = p >>> 12;
    const n = this.tc.invalidateWrite(p, bytes);
    const gen = cpu.codeGen;
    if (gen !== null) {
      const i = this.watchPages.indexOf(ppn);
      if (i >= 0) {
        // Our store bumps the generation once after this hook (and once before it when the CPU holds decodes of the
        // page): anything more is another vCPU's write.
        const g = Atomics.load(gen, ppn);
        if (g > this.watchGens[i]! + (cpu.codeCache[ppn] !== undefined ? 1 : 0)) this.tc.invalidatePage(ppn);
        this.watchGens[i] = g + 1;
      }
    }
    if (n > 0 && !this.seenInvalidation) {
      this.seenInvalidation = true;
      this.note?.('first invalidation', `a write to guest code at physical ${hex(p)}: its translation is dropped and made again when it next runs`);
    }
  }

  /** Another vCPU wrote a page with our translated code: its blocks die (looked at on each VMM entry). */
  private noticeForeignWrites(): void {
    const gen = this.cpu.codeGen;
    if (gen === null) return;
    const pages = this.watchPages;
    for (let i = 0; i < pages.length; i++) {
      const g = Atomics.load(gen, pages[i]!);
      if (g !== this.watchGens[i]) { this.tc.invalidatePage(pages[i]!); this.watchGens[i] = g; }
    }
  }

  // ---- for the debugger ----

  /** `info bt [ADDR]`: the live blocks, and the listing of the one holding guest EIP or TC address `addr`. */
  view(addr: number | null): BtView {
    const b = addr === null ? undefined : this.blockAt(addr);
    const lines = b === undefined ? null : blockListing(this.mem, b);
    return {
      cacheBytes: this.tc.used, blocks: this.tc.live().map(summarize),
      listing: lines === null ? null : formatListing(lines), lines, listedEip: b === undefined ? null : b.t.guestEip >>> 0,
    };
  }

  /** The listing of the block holding guest EIP or TC address `addr` (a live one first), or null. */
  listing(addr: number): string | null {
    const b = this.blockAt(addr);
    return b === undefined ? null : formatListing(blockListing(this.mem, b));
  }

  private blockAt(addr: number): TcBlock | undefined {
    const a = addr >>> 0;
    if (inTc(a)) return this.tc.blockAt(a - VMM_WINDOW_BASE);
    return this.tc.live().find((x) => a >= x.t.guestEip && a < x.t.guestEnd);
  }
}
