/**
 * The per-vCPU half of a software VMM (`--mode trap|bt|pv`): the guest kernel deprivileged to ring 1, the
 * VMM's memory (vmm-area.ts) with the shadow GDT, every exception and interrupt taken by the VMM first
 * (cpu.eventHook), privileged instructions emulated on the virtual CPU, events reflected through the guest's
 * virtual IDT. Trap-and-emulate is this class as it stands (trap/); binary translation (bt/) and
 * paravirtualization (pv/) override the hooks marked below.
 *
 * CONTRACT (the three modes are written against it; keep the names):
 *   constructor(cpu, index, note)   the multiboot entry state as the CPU holds it (flat ring 0): nothing runs yet
 *   launch()                        deprivilege and start: called once, at the vCPU's first quantum (like
 *                                   VtxVcpu.launch); installs the hooks, builds the VMM area, enters the guest
 *   readonly virt: VirtualCpu        the guest's view
 *   readonly stats: Float64Array     traps, emulations, reflections, holes by kind, … (slots SV.*, vmm-stats.ts)
 *   protected onFault(vector, code): boolean     a fault or trap exception from guest code; true = handled
 *   protected onSoftInt(vector): boolean         INT n / INT3 / INTO from guest code; true = handled
 *   protected onInterrupt(vector): void          an external interrupt (already acknowledged at the LAPIC)
 *   reflect(vector, code, soft, external): void  deliver through the guest's virtual IDT (pv: its trap table)
 *   emulate(insn, row): boolean                  emulate one privileged/sensitive instruction at virtual CPL 0
 *   enterKernel(eip): void                       continue the guest kernel at guest EIP `eip` (bt: at its
 *                                                translation; trap/pv: real EIP = eip)
 *   guestEip(): number                           the guest EIP of where the vCPU is (bt maps TC → guest)
 */
import { EVENT_EXTERNAL, EVENT_FAULT, EVENT_NMI, EVENT_SOFT, type Cpu } from '../../cpu/cpu';
import type { Insn } from '../../cpu/insn';
import { writeControlRegister } from '../../cpu/control-regs';
import { STOP_TRIPLE_FAULT } from '../../cpu/exceptions';
import { readEflags, writeEflags } from '../../cpu/flags';
import { setSegment } from '../../cpu/segments';
import { invalidatePage, PEEK_UNPAGED, peekTranslate } from '../../cpu/paging';
import { unwatchPage, watchablePage, watchPage } from '../../cpu/page-watch';
import {
  AR_P, AR_S, AR_UNUSABLE, CR0_ET, CR0_PE, CR0_PG, CR0_WP, CR4_PSE, CS, DS, ES, FS, GS, IF, IOPL, LDTR, SS, TF, TR,
} from '../../cpu/state';
import { COST_EMULATION, COST_EXCEPTION, COST_INTERRUPT, COST_SHADOW_SYNC, COST_TRAP_TO_VMM } from '../../cpu/costs';
import { EV_VMM_EMULATE, EV_VMM_HOLE, EV_VMM_REFLECT, EV_VMM_TRAP } from '../../cpu/trace';
import { ROWS } from '../../isa/rows';
import { IDENTITY_MAP_PD, installIdentityMap } from '../vtx/identity-map';
import { VirtualCpu } from './virtual-cpu';
import {
  SHADOW_GDT, SHADOW_GDT_BYTES, SHADOW_LDT, SHADOW_LDT_BYTES, SHADOW_POOL, SHADOW_POOL_BYTES, VMM_IDT, VMM_IDT_BYTES, VMM_TSS, VMM_TSS_BYTES,
  VMM_WINDOW_BYTES, vmmLinear,
} from './vmm-area';
import { SV, SV_SLOTS, trapReasonSlot } from './vmm-stats';
import { buildVmmIdt, buildVmmTss, peekGuest32, setVmmTssRing1Stack, syncShadowTable } from './shadow-tables';
import { deliverVirtual, readGuestDescriptor, SoftVmmError } from './reflect';
import { GuestInsnDecoder } from './guest-insn';
import { emulate, emulateUserIo, ROW_OP, Op } from './emulate';
import { HOLE_EXPLAIN, HOLE_KINDS, HOLE_NAMES, holeOf } from './holes';
import { ShadowMmu } from '../mmu/shadow-mmu';
import { shadowPool } from '../mmu/shadow-pool';

/** Called the first time this vCPU's VMM does something of a kind, for the lifecycle log (what, detail). */
export type SoftVmmNote = (what: string, detail: string) => void;

const DB = 1, DF = 8, TS = 10, NP = 11, SS_FAULT = 12, PF = 14, GP = 13, UD = 6, NMI = 2;
const DR6_BS = 0x4000;
const CONTRIBUTORY = (v: number): boolean => v === 0 || (v >= 10 && v <= 13);
const EXC_NAMES = ['#DE', '#DB', 'NMI', '#BP', '#OF', '#BR', '#UD', '#NM', '#DF', 'CSO', '#TS', '#NP', '#SS', '#GP', '#PF', '15', '#MF', '#AC', '#MC'];
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

export abstract class SoftVmmVcpu {
  readonly virt = new VirtualCpu();
  readonly stats = new Float64Array(SV_SLOTS);
  readonly mem = new Uint8Array(VMM_WINDOW_BYTES);
  protected readonly decoder = new GuestInsnDecoder();
  /** First occurrences already told to the lifecycle log: traps by vector, emulations by row, reflections by vector, holes. */
  private readonly seenTrap = new Uint8Array(256);
  private readonly seenEmulation = new Uint8Array(ROWS.length);
  private readonly seenReflect = new Uint8Array(256);
  private readonly seenHole = new Uint8Array(HOLE_KINDS);
  /** Kind name of this VMM for the log ('trap', 'bt', 'pv'). */
  abstract readonly mode: string;
  private launched = false;
  private seenDeferred = false;
  /**
   * The shadow MMU (core/vmm/mmu/shadow-mmu.ts): the real CR3 is one of its shadow roots in the VMM memory, every
   * #PF goes to it first. Null for pv (the guest's validated tables are used directly) and before launch().
   */
  shadow: ShadowMmu | null = null;
  /** Set when the last #PF was a hidden one (the faulting instruction runs again as it is; bt: at its TC address). */
  protected hiddenRestart = false;

  constructor(
    readonly cpu: Cpu,
    readonly index: number,
    protected readonly note: SoftVmmNote | null = null,
  ) {}

  /** Adds to a counter slot (SV.*). */
  count(slot: number, n = 1): void {
    this.stats[slot] = this.stats[slot]! + n;
  }

  // ---- launch: deprivileging ----

  launch(): void {
    if (this.launched) return;
    this.launched = true;
    const cpu = this.cpu;
    const v = this.virt;
    if ((cpu.cr0 & CR0_PE) === 0) throw new SoftVmmError('the vCPU starts in real mode: a software VMM runs protected-mode guests only');
    if (cpu.cpl !== 0) throw new SoftVmmError(`the vCPU starts at CPL ${cpu.cpl}, not 0`);
    // The guest's view is the entry state as the CPU holds it.
    v.cpl = 0;
    v.interruptsEnabled = (cpu.eflags & IF) !== 0;
    v.iopl = (cpu.eflags & IOPL) >>> 12;
    v.cr0 = cpu.cr0; v.cr2 = cpu.cr2; v.cr3 = cpu.cr3; v.cr4 = cpu.cr4;
    v.gdtrBase = cpu.gdtrBase; v.gdtrLimit = cpu.gdtrLimit;
    v.idtrBase = cpu.idtrBase; v.idtrLimit = cpu.idtrLimit;
    v.ldtrSelector = (cpu.segAr[LDTR]! & AR_UNUSABLE) !== 0 ? 0 : cpu.segSel[LDTR]!;
    v.ldtrBase = cpu.segBase[LDTR]!; v.ldtrLimit = cpu.segLimit[LDTR]!;
    v.trSelector = cpu.segSel[TR]!; v.trBase = cpu.segBase[TR]!; v.trLimit = cpu.segLimit[TR]!;
    v.sysenterCs = cpu.sysenterCs; v.sysenterEsp = cpu.sysenterEsp; v.sysenterEip = cpu.sysenterEip;
    cpu.sysenterCs = 0; // SYSENTER faults into the VMM, which uses the virtual MSRs

    cpu.vmmMemory = this.mem;
    installIdentityMap(cpu.ram);
    buildVmmIdt(this.mem);
    buildVmmTss(this.mem);
    cpu.idtrBase = vmmLinear(VMM_IDT);
    cpu.idtrLimit = VMM_IDT_BYTES - 1;
    setSegment(cpu, TR, 0, vmmLinear(VMM_TSS), VMM_TSS_BYTES - 1, AR_P | 0xb);
    cpu.gdtrBase = vmmLinear(SHADOW_GDT);
    cpu.gdtrLimit = v.gdtrLimit;
    const synced = this.syncShadows();
    if (v.ldtrSelector !== 0) setSegment(cpu, LDTR, v.ldtrSelector, vmmLinear(SHADOW_LDT), v.ldtrLimit, cpu.segAr[LDTR]!);
    if (this.mode === 'bt' || this.mode === 'trap') {
      const pool = shadowPool(this.mem, SHADOW_POOL, SHADOW_POOL_BYTES >>> 12, vmmLinear(SHADOW_POOL));
      this.shadow = new ShadowMmu(cpu, this.mode, this.stats, pool);
    }
    this.applyControlRegisters(true);
    // Ring compression of the segment caches the kernel holds: its DPL-0 segments become the shadow's DPL 1.
    const cs = cpu.segSel[CS]!;
    setSegment(cpu, CS, cs | 1, cpu.segBase[CS]!, cpu.segLimit[CS]!, cpu.segAr[CS]! | (1 << 5));
    setSegment(cpu, SS, cpu.segSel[SS]! | 1, cpu.segBase[SS]!, cpu.segLimit[SS]!, cpu.segAr[SS]! | (1 << 5));
    for (const s of [DS, ES, FS, GS]) {
      const ar = cpu.segAr[s]!;
      if ((ar & (AR_UNUSABLE | AR_S)) === AR_S && ((ar >> 5) & 3) === 0) setSegment(cpu, s, cpu.segSel[s]!, cpu.segBase[s]!, cpu.segLimit[s]!, ar | (1 << 5));
    }
    writeEflags(cpu, IF, IF | IOPL); // real IF = 1 (every interrupt reaches the VMM), IOPL = 0 (CLI/STI/IN/OUT trap)
    cpu.eventHook = (c, kind, vector, code) => this.onEvent(kind, vector, code);
    cpu.sensitiveHook = (c, insn) => this.onSensitive(insn);
    cpu.pageWriteHook = (c, p, bytes) => this.onPageWrite(p, bytes);
    // The MMU inspector's view (core/mmu-view): the guest's paging is virtual; the real CR3 is the VMM's choice.
    // (pv: the guest's own tables are the real ones, Xen's direct paging — the CPU's registers tell it all.)
    if (this.mode !== 'pv') cpu.mmuContext = () => ({ guestPaging: (v.cr0 & CR0_PG) !== 0, guestCr3: v.cr3, guestCr4: v.cr4, eptp: null });
    this.installHooks();
    this.watchGdt();
    const n = this.note;
    if (n !== null) {
      n('memory', `${VMM_WINDOW_BYTES >>> 20} MiB of host memory at linear ${hex(vmmLinear(0))} (the top of every address space; CPU writes there are ignored): shadow GDT, VMM IDT, VMM TSS, shadow LDT${this.mode === 'bt' ? ', translation cache' : ''}${this.shadow !== null ? `, ${SHADOW_POOL_BYTES >>> 12} pages of shadow page tables` : ''}`);
      n('deprivileged', `the guest kernel runs at ring 1: CS ${hex(cs)} → ${hex(cs | 1)}, its DPL-0 segments are DPL 1 in the shadow GDT (ring compression); real IF = 1 and IOPL = 0, so CLI/STI/IN/OUT/HLT fault into the VMM`);
      n('shadow GDT', `built from the guest's GDT at ${hex(v.gdtrBase)} (limit ${hex(v.gdtrLimit)}): ${synced} descriptor(s), real GDTR = ${hex(cpu.gdtrBase)}`);
      n('IDT', `every exception and interrupt enters the VMM first (real IDTR = ${hex(cpu.idtrBase)}); the guest's IDT at ${hex(v.idtrBase)} is virtual`);
      n('paging', this.shadow !== null
        ? `shadow paging: real CR0.PG = 1 and CR0.WP = 1 always; the real CR3 is a shadow page directory in the VMM memory (${hex(cpu.cr3)}: an identity map in 4 MiB pages while the guest's paging is off), filled on page faults from the guest's tables, whose pages are write-protected`
        : `real CR0.PG = 1 always: the identity map at ${hex(IDENTITY_MAP_PD)} (4 MiB pages) while the guest's paging is off, the guest's own page tables once it turns paging on (direct paging)`);
    }
  }

  /** Subclasses add their hooks (bt: the code-write hook) here. */
  protected installHooks(): void {}

  /**
   * A CPU store to a watched page (cpu.pageWriteHook): a guest page table syncs the shadow. A subclass that
   * watches pages of its own (bt: translated code) overrides and calls this too.
   */
  protected onPageWrite(p: number, bytes: number): void {
    this.shadow?.onPageWrite(p, bytes);
    this.onGdtPageWrite(p);
  }

  // ---- the guest GDT's pages, write-protected (watched) so that the shadow follows every descriptor write ----

  /** Physical pages of the guest's GDT this vCPU watches (a 64 KiB table spans at most 17). */
  private readonly gdtPages = new Int32Array(17);
  private gdtPageCount = 0;

  /** Watches the physical pages the guest's GDT lies on now (after LGDT, or when the address space changes). */
  private watchGdt(): void {
    const cpu = this.cpu;
    for (let i = 0; i < this.gdtPageCount; i++) unwatchPage(cpu, this.gdtPages[i]!);
    this.gdtPageCount = 0;
    const v = this.virt;
    const first = v.gdtrBase >>> 12, last = (v.gdtrBase + Math.min(v.gdtrLimit, SHADOW_GDT_BYTES - 1)) >>> 12;
    for (let lin = first; lin <= last && this.gdtPageCount < this.gdtPages.length; lin++) {
      const p = peekTranslate(cpu, (lin << 12) | 0);
      if (p < 0 || !watchablePage(cpu, p >>> 12)) continue;
      watchPage(cpu, p >>> 12);
      this.gdtPages[this.gdtPageCount++] = p >>> 12;
    }
  }

  /**
   * A store to a page of the guest's GDT: a real VMM takes a write-protection fault here (charged as a trap)
   * and brings the shadow descriptors up to date (each charged as a shadow sync).
   */
  private onGdtPageWrite(p: number): void {
    const page = p >>> 12;
    for (let i = 0; i < this.gdtPageCount; i++) {
      if (this.gdtPages[i] !== page) continue;
      this.count(SV.gdtWriteTraps);
      this.count(SV.traps);
      this.count(trapReasonSlot(EVENT_FAULT, PF)); // a write-protection page fault
      this.cpu.charge(COST_TRAP_TO_VMM);
      this.syncShadows();
      return;
    }
  }

  /**
   * The real CR0/CR3/CR4 from the virtual ones: paging always on in hardware (an identity map while the
   * guest's is off), protected mode always on, the guest's TS/MP/EM/NE/AM/CD/NW, PSE/PGE as the guest's. Under
   * shadow paging the real CR3 is the shadow root and the real WP is 1 (the shadow MMU does the guest's WP);
   * pv runs on the guest's own (validated) tables with its WP.
   */
  applyControlRegisters(force: boolean): void {
    const cpu = this.cpu;
    const v = this.virt;
    const guestPaging = (v.cr0 & CR0_PG) !== 0;
    let cr0 = v.cr0 | CR0_PE | CR0_PG | CR0_ET;
    let cr3: number;
    const shadow = this.shadow;
    if (shadow !== null) {
      cr0 |= CR0_WP;
      cr3 = shadow.setGuestPaging(guestPaging, v.cr3, v.cr4, v.cr0);
      cpu.peekCr3 = guestPaging ? v.cr3 >>> 0 : PEEK_UNPAGED;
    } else cr3 = guestPaging ? v.cr3 : IDENTITY_MAP_PD;
    const cr4 = guestPaging ? v.cr4 : v.cr4 | CR4_PSE;
    // Identity map ↔ guest tables, or 4 MiB pages turned on or off: no TLB entry survives, global or not. A plain
    // address-space switch (a new CR3 or shadow root) keeps global pages, as the guest's CR3 load does natively.
    const remapped = force || ((cpu.cr4 ^ cr4) & CR4_PSE) !== 0 || guestPaging !== this.guestPagingWas;
    const spaceChanged = remapped || cr3 !== cpu.cr3;
    this.guestPagingWas = guestPaging;
    if (cpu.cr4 !== cr4) writeControlRegister(cpu, 4, cr4);
    if (cpu.cr0 !== cr0) writeControlRegister(cpu, 0, cr0);
    if (spaceChanged) writeControlRegister(cpu, 3, cr3);
    if (remapped) cpu.flushTlb(false);
    if (spaceChanged && this.launched) this.watchGdt(); // (the GDT's linear addresses may map elsewhere now)
  }

  /** The guest's MOV to CR3: with its paging on, a new address space (shadow: a root switch) and a TLB flush even when unchanged. */
  loadCr3(value: number): void {
    const cpu = this.cpu;
    const v = this.virt;
    v.cr3 = value;
    this.count(SV.cr3Loads);
    const paging = (v.cr0 & CR0_PG) !== 0;
    if (paging && this.shadow !== null) this.shadow.onCr3Load(value);
    this.applyControlRegisters(false);
    if (paging) writeControlRegister(cpu, 3, this.shadow !== null ? this.shadow.realCr3 : value);
  }

  /** The guest's INVLPG: the hardware TLB entry (and under shadow paging the shadow entry) for `lin`. */
  invlpg(lin: number): void {
    if (this.shadow !== null) this.shadow.onInvlpg(lin);
    else invalidatePage(this.cpu, lin);
  }
  private guestPagingWas = false;

  /** Re-syncs the shadow GDT (and LDT) with the guest's tables: only changed descriptors are written and charged. */
  syncShadows(): number {
    const cpu = this.cpu;
    const v = this.virt;
    let n = syncShadowTable(cpu, this.mem, SHADOW_GDT, SHADOW_GDT_BYTES, v.gdtrBase, v.gdtrLimit);
    if (v.ldtrSelector !== 0) n += syncShadowTable(cpu, this.mem, SHADOW_LDT, SHADOW_LDT_BYTES, v.ldtrBase, v.ldtrLimit);
    if (v.trSelector !== 0 && v.trLimit >= 11) setVmmTssRing1Stack(this.mem, peekGuest32(cpu, v.trBase + 8) | 1, peekGuest32(cpu, v.trBase + 4));
    if (n > 0) {
      this.count(SV.shadowDescriptorSyncs, n);
      for (let i = 0; i < n; i++) cpu.charge(COST_SHADOW_SYNC);
    }
    return n;
  }

  /** LGDT on the virtual CPU: the shadow follows the new table, whose pages are watched from now on. */
  loadGdt(base: number, limit: number): void {
    this.virt.gdtrBase = base;
    this.virt.gdtrLimit = limit;
    this.cpu.gdtrLimit = limit;
    this.syncShadows();
    this.watchGdt();
  }

  /** LLDT on the virtual CPU: the guest's LDT descriptor from its GDT, shadowed in VMM memory. */
  loadLdt(sel: number): void {
    const cpu = this.cpu;
    const v = this.virt;
    if ((sel & 0xfffc) === 0) {
      v.ldtrSelector = 0; v.ldtrBase = 0; v.ldtrLimit = 0;
      setSegment(cpu, LDTR, sel, 0, 0, AR_UNUSABLE);
      return;
    }
    if ((sel & 4) !== 0) { cpu.raise(GP, sel & 0xfffc); return; }
    const d = this.guestSystemDescriptor(sel, 2);
    if (d === null) return;
    v.ldtrSelector = sel; v.ldtrBase = d.base; v.ldtrLimit = d.limit;
    this.syncShadows();
    setSegment(cpu, LDTR, sel, vmmLinear(SHADOW_LDT), Math.min(d.limit, SHADOW_LDT_BYTES - 1), AR_P | 2);
  }

  /** LTR on the virtual CPU: the guest TSS becomes the virtual TR (marked busy in the guest's GDT, as the CPU does). */
  loadTr(sel: number): void {
    const cpu = this.cpu;
    const v = this.virt;
    if ((sel & 0xfffc) === 0 || (sel & 4) !== 0) { cpu.raise(GP, sel & 0xfffc); return; }
    const d = this.guestSystemDescriptor(sel, 9);
    if (d === null) return;
    const at = (v.gdtrBase + (sel & 0xfff8) + 5) | 0;
    const p = this.peekPhys(at);
    if (p >= 0) cpu.ram[p] = cpu.ram[p]! | 2;
    v.trSelector = sel; v.trBase = d.base; v.trLimit = d.limit;
    this.syncShadows();
  }

  private peekPhys(lin: number): number {
    const p = peekTranslate(this.cpu, lin);
    return p >= 0 && p < this.cpu.ramSize ? p : -1;
  }

  /** A TSS (type 9 or 1) or LDT (type 2) descriptor of the guest's GDT; null after raising #GP/#NP. */
  private guestSystemDescriptor(sel: number, type: number): { base: number; limit: number } | null {
    const cpu = this.cpu;
    const v = this.virt;
    if ((sel | 7) > v.gdtrLimit) { cpu.raise(GP, sel & 0xfffc); return null; }
    const lo = peekGuest32(cpu, v.gdtrBase + (sel & 0xfff8)), hi = peekGuest32(cpu, v.gdtrBase + (sel & 0xfff8) + 4);
    const t = (hi >>> 8) & 0x1f;
    const ok = type === 2 ? t === 2 : t === 9 || t === 1;
    if (!ok) { cpu.raise(GP, sel & 0xfffc); return null; }
    if ((hi & 0x8000) === 0) { cpu.raise(11, sel & 0xfffc); return null; }
    const base = ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) | 0;
    const raw = (lo & 0xffff) | (hi & 0xf0000);
    const limit = (hi & (1 << 23)) !== 0 ? ((raw << 12) | 0xfff) >>> 0 : raw;
    return { base, limit };
  }

  // ---- the VMM's IDT: every event of the guest enters here ----

  private onEvent(kind: number, vector: number, code: number): boolean {
    const cpu = this.cpu;
    const v = this.virt;
    // Where the guest was: real ring 3 is its user mode, with the real IF (interrupts on) as its own.
    if (cpu.cpl === 3) { v.cpl = 3; v.interruptsEnabled = true; }
    else v.cpl = cpu.cpl === 1 ? 0 : cpu.cpl;
    cpu.eflags |= IF; // (cleared only while halted with virtual IF = 0)
    if (this.stepping && this.endStep(kind, vector)) { this.deliverPending(); return true; }
    this.count(SV.traps);
    this.count(trapReasonSlot(kind, vector));
    cpu.charge(COST_TRAP_TO_VMM);
    cpu.trace.record(EV_VMM_TRAP, cpu.instructions, cpu.eip, vector, code);
    if (this.note !== null && this.seenTrap[vector] === 0) {
      this.seenTrap[vector] = 1;
      const what = kind === EVENT_EXTERNAL ? `interrupt vector ${vector}` : kind === EVENT_NMI ? 'NMI'
        : kind === EVENT_SOFT ? `INT ${hex(vector)}` : `${EXC_NAMES[vector] ?? `vector ${vector}`}${code >= 0 ? ` (error code ${hex(code)})` : ''}`;
      this.note('first trap', `${what} at guest EIP ${hex(cpu.eip)}, virtual CPL ${v.cpl}`);
    }
    cpu.chainLength = 0;
    if (cpu.cpl === 3 && v.highestPending() >= 0 && this.pendingBeforeUser(kind, vector)) return true;
    if (kind === EVENT_EXTERNAL) this.onInterrupt(vector);
    else if (kind === EVENT_NMI) { cpu.nmiBlocked = true; this.reflect(NMI, -1, false, true); } // blocked until the guest's IRET
    else if (kind === EVENT_SOFT) { if (!this.onSoftInt(vector)) this.reflect(vector, -1, true, false); }
    else if (!this.onFault(vector, code)) this.reflect(vector, code, false, false);
    this.deliverPending();
    return true;
  }

  /**
   * Guest user mode runs with interrupts on: an interrupt held since the kernel had them off was due the moment
   * it returned to ring 3 (by an IRET the VMM did not see). It goes first; the event that brought the VMM here
   * is an interrupt (held in turn) or an instruction that runs again once the handler returns to it.
   */
  private pendingBeforeUser(kind: number, vector: number): boolean {
    const cpu = this.cpu;
    if (kind === EVENT_EXTERNAL) this.virt.setPending(vector);
    else if (kind === EVENT_SOFT || (kind === EVENT_FAULT && vector !== DB)) cpu.eip = cpu.insnEip;
    else return false;
    this.deliverPending();
    return true;
  }

  /** An external interrupt: reflected now if the guest has interrupts on, else held in the virtual IRR. */
  protected onInterrupt(vector: number): void {
    const v = this.virt;
    if (v.interruptsEnabled) {
      this.reflect(vector, -1, false, true);
      return;
    }
    v.setPending(vector);
    this.count(SV.interruptsDeferred);
    if (this.note !== null && !this.seenDeferred) {
      this.seenDeferred = true;
      this.note('first held interrupt', `vector ${vector} arrived while the guest had interrupts off (virtual IF = 0, real IF = 1): kept in the virtual IRR until the guest enables them where the VMM sees it`);
    }
  }

  /** INT n / INT3 / INTO: the guest's own (reflected). */
  protected onSoftInt(vector: number): boolean {
    void vector;
    return false;
  }

  /** A fault: #GP/#UD of a privileged instruction at virtual CPL 0 (or SYSENTER from anywhere) is emulated; the rest reflected. */
  protected onFault(vector: number, code: number): boolean {
    const cpu = this.cpu;
    if (vector === PF) {
      this.count(SV.pageFaultsSeen);
      const shadow = this.shadow;
      if (shadow === null) { this.virt.cr2 = cpu.cr2; return false; }
      if (!shadow.onPageFault(cpu.cr2, code)) { // hidden: the instruction runs again
        cpu.cr2 = this.virt.cr2;
        this.hiddenRestart = true;
        return true;
      }
      this.virt.cr2 = cpu.cr2;
      this.reflect(PF, shadow.guestErrorCode, false, false);
      return true;
    }
    if (vector !== GP && vector !== UD && vector !== TS && vector !== NP && vector !== SS_FAULT) return false;
    // A selector fault may come from a shadow descriptor older than the guest's (it wrote its GDT since the
    // last trap): bring the shadow up to date and let the instruction run again.
    if (vector !== UD && this.syncShadows() > 0) { this.count(SV.staleShadowRestarts); return true; }
    if (vector === NP || vector === SS_FAULT) return false;
    const eip = cpu.eip;
    const insn = this.decoder.decodeAt(cpu, eip);
    if (insn === null) return false;
    const op = ROW_OP[insn.row]!;
    if (op === Op.none || (vector === TS && op !== Op.iret)) return false;
    if (this.virt.cpl !== 0 && op !== Op.sysenter && op !== Op.io) return false;
    cpu.insnEip = eip;
    cpu.eip = (eip + insn.len) | 0;
    const ring = cpu.cpl;
    const handled = this.virt.cpl !== 0 && op === Op.io ? emulateUserIo(this, insn) : this.emulate(insn, insn.row);
    if (!handled) { cpu.eip = eip; cpu.exc = -1; cpu.excCode = -1; return false; }
    this.countEmulation(insn.row, ring);
    if (cpu.exc >= 0) {
      // The emulated instruction faults as it would have natively: that fault goes to the guest (a hidden page
      // fault fills the shadow and the instruction runs again).
      const vec = cpu.exc, c = cpu.excCode;
      cpu.exc = -1; cpu.excCode = -1; cpu.excSoft = false; cpu.excTrap = false;
      cpu.eip = eip;
      if (vec === PF && this.shadow !== null) this.onFault(PF, c);
      else this.reflect(vec, c, false, false);
    }
    return true;
  }

  emulate(insn: Insn, row: number): boolean {
    return emulate(this, insn, ROW_OP[row]!);
  }

  private countEmulation(row: number, ring: number): void {
    const cpu = this.cpu;
    this.count(SV.emulations);
    cpu.charge(COST_EMULATION);
    cpu.trace.record(EV_VMM_EMULATE, cpu.instructions, cpu.insnEip, row, 0);
    if (this.note !== null && this.seenEmulation[row] === 0) {
      this.seenEmulation[row] = 1;
      this.note('first emulation', `${this.decoder.text(cpu.insnEip)} at guest EIP ${hex(cpu.insnEip)}: trapped at ring ${ring}, emulated on the virtual CPU`);
    }
  }

  /** HLT: the vCPU waits for an interrupt; with the virtual IF off it stops as a native HLT with IF = 0 does. */
  haltGuest(): void {
    const cpu = this.cpu;
    const v = this.virt;
    if (v.interruptsEnabled && v.highestPending() >= 0) return; // a held interrupt ends the halt at once (deliverPending)
    cpu.halted = true;
    if (!v.interruptsEnabled) writeEflags(cpu, 0, IF);
  }

  /**
   * STI's one-instruction shadow for a held interrupt: the VMM single-steps the next instruction (real TF) and
   * delivers the interrupt at the #DB trap after it — the trick software VMMs used, the guest never sees the #DB.
   */
  stiShadow(): void {
    const cpu = this.cpu;
    if (this.virt.highestPending() < 0 || (cpu.eflags & TF) !== 0) return;
    cpu.eflags |= TF;
    this.stepping = true;
  }
  private stepping = false;

  /** The VMM's own single step ends at the next event; true when that event is its #DB trap (consumed). */
  private endStep(kind: number, vector: number): boolean {
    const cpu = this.cpu;
    this.stepping = false;
    cpu.eflags &= ~TF;
    if (kind !== EVENT_FAULT || vector !== DB || (cpu.dr[6]! & DR6_BS) === 0) return false;
    cpu.dr[6] = cpu.dr[6]! & ~DR6_BS;
    return true;
  }

  /** A held virtual interrupt, once the guest has interrupts on again (not within STI's shadow). */
  private deliverPending(): void {
    const v = this.virt;
    if (!v.interruptsEnabled || this.stepping || this.cpu.stopReason !== 0) return;
    const vector = v.highestPending();
    if (vector < 0) return;
    v.clearPending(vector);
    this.cpu.halted = false;
    this.reflect(vector, -1, false, true);
  }

  // ---- reflection ----

  /** Delivers an event through the guest's virtual IDT; faults in delivery become #DF, then a triple fault. */
  reflect(vector: number, code: number, soft: boolean, external: boolean): void {
    const cpu = this.cpu;
    this.syncShadows();
    let eip = cpu.eip;
    for (;;) {
      this.count(SV.reflections);
      cpu.charge(external ? COST_INTERRUPT : COST_EXCEPTION);
      cpu.recordFault(vector, code, eip);
      cpu.trace.record(EV_VMM_REFLECT, cpu.instructions, eip, vector, code);
      if (this.note !== null && this.seenReflect[vector] === 0) {
        this.seenReflect[vector] = 1;
        this.note('first reflection', `vector ${vector}${code >= 0 ? ` (error code ${hex(code)})` : ''} delivered through the guest's IDT at ${hex(this.virt.idtrBase)}, virtual CPL ${this.virt.cpl}`);
      }
      if (this.deliver(vector, code, soft, external, eip)) { this.enterKernel(cpu.eip); return; }
      const next = cpu.exc, nextCode = cpu.excCode;
      cpu.exc = -1; cpu.excCode = -1;
      if (soft) eip = cpu.insnEip; // a fault while delivering INT n points at the INT instruction
      cpu.eip = eip;
      if (vector === DF && (CONTRIBUTORY(next) || next === PF)) { cpu.recordFault(next, nextCode, eip); this.tripleFault(); return; }
      if (!soft && ((CONTRIBUTORY(vector) && CONTRIBUTORY(next)) || (vector === PF && (CONTRIBUTORY(next) || next === PF)))) {
        cpu.recordFault(next, nextCode, eip);
        vector = DF; code = 0;
      } else { vector = next; code = nextCode; }
      soft = false; external = false;
    }
  }

  /**
   * deliverVirtual, again after each hidden page fault its accesses to guest memory (the IDT, GDT, TSS, the
   * stack) take; a true one is left in cpu.exc with the guest's error code.
   */
  private deliver(vector: number, code: number, soft: boolean, external: boolean, eip: number): boolean {
    const cpu = this.cpu;
    // (each hidden fault fills one page's entry: a delivery touches a handful of pages — gate, descriptors, TSS, stack)
    for (let tries = 0; ; tries++) {
      if (deliverVirtual(cpu, this.virt, vector, code, soft, external)) return true;
      if (cpu.exc !== PF || this.shadow === null || tries === 16) return false;
      if (!this.hiddenFault(cpu.excCode)) { cpu.excCode = this.shadow.guestErrorCode; return false; }
      cpu.exc = -1; cpu.excCode = -1;
      cpu.eip = eip;
    }
  }

  /** A #PF raised by the VMM's own access to guest memory (delivery, emulation): true when hidden (the shadow is filled). */
  private hiddenFault(code: number): boolean {
    const cpu = this.cpu;
    this.count(SV.pageFaultsSeen);
    if (!this.shadow!.onPageFault(cpu.cr2, code)) { cpu.cr2 = this.virt.cr2; return true; }
    this.virt.cr2 = cpu.cr2;
    return false;
  }

  private tripleFault(): void {
    const cpu = this.cpu;
    cpu.tripleFault = { vector: cpu.chainLength > 0 ? cpu.chainVector[0]! : DF, eip: cpu.insnEip >>> 0, chain: cpu.faultChain() };
    cpu.stopReason = STOP_TRIPLE_FAULT;
    this.note?.('triple fault', `a fault while delivering #DF through the guest's IDT: the VMM shuts the vCPU down as the hardware would`);
  }

  /** Continues the guest kernel at guest EIP `eip` (trap: the real EIP is the guest's). */
  enterKernel(eip: number): void {
    this.cpu.eip = eip;
  }

  /** The guest EIP where the vCPU is. */
  guestEip(): number {
    return this.cpu.eip;
  }

  // ---- Popek–Goldberg holes ----

  private onSensitive(insn: Insn): void {
    const cpu = this.cpu;
    if (cpu.cpl !== 1) return; // only the deprivileged kernel: user mode sees what it would natively
    this.virt.cpl = 0;
    const kind = holeOf(cpu, insn, this.virt);
    if (kind < 0) return;
    this.count(SV.holes);
    this.count(SV.holePopf + kind);
    cpu.trace.record(EV_VMM_HOLE, cpu.instructions, cpu.insnEip, kind, insn.row);
    if (this.note !== null && this.seenHole[kind] === 0) {
      this.seenHole[kind] = 1;
      this.note('first hole', `${HOLE_NAMES[kind]} at guest EIP ${hex(cpu.insnEip)}: ${HOLE_EXPLAIN[kind]} (seen by the emulator, invisible to a real VMM)`);
    }
  }

  /** The guest's virtual EFLAGS (for the debugger and tests). */
  virtualEflags(): number {
    return (readEflags(this.cpu) & ~(IF | IOPL)) | (this.virt.interruptsEnabled ? IF : 0) | (this.virt.iopl << 12);
  }
}

export { readGuestDescriptor, SoftVmmError };
