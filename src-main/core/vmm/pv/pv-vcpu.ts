/**
 * One vCPU of the paravirtualizing VMM (`--mode pv`, docs/pv.md): Xen's x86_32 PV model on virtlab's CPU.
 *
 * The PV kernel knows it is virtualized. It starts at ring 1 on flat segments the VMM owns (FLAT_KERNEL_CS
 * 0xE019 / FLAT_KERNEL_DS 0xE021; ring 3 gets 0xE02B / 0xE033), with paging already on over tables the VMM
 * built and pinned, and ESI = start_info (pv-domain.ts). It asks for privileged work with `int 0x82`
 * (hypercalls.ts); it masks events by writing vcpu_info.evtchn_upcall_mask, no hypercall. Every exception,
 * INT n and interrupt enters the VMM first (cpu.eventHook): hypercalls are served, IN/OUT at ring 1 emulated
 * (portIo, by the software VMM's I/O emulation), the VMM's own timer interrupt turned into an event, everything else bounced to the handler the
 * kernel registered in its trap table with Xen's frame. A guest with no handler for what happened is crashed
 * (Xen's domain_crash): the run ends with the triple-fault status and a report that says why.
 */
import type { Cpu } from '../../cpu/cpu';
import { EVENT_EXTERNAL, EVENT_FAULT, EVENT_NMI, EVENT_SOFT } from '../../cpu/cpu';
import { COST_EMULATION, COST_HYPERCALL, COST_TRAP_TO_VMM } from '../../cpu/costs';
import { STOP_TRIPLE_FAULT } from '../../cpu/exceptions';
import { readEflags } from '../../cpu/flags';
import { portIn, portOut } from '../../cpu/io';
import { flushTicks, readPhys32, readPhys8, writePhys32, writePhys8 } from '../../cpu/memory';
import { nullifyForOuterRing, setSegment } from '../../cpu/segments';
import { AR_DB, AR_G, AR_P, AR_S, AR_UNUSABLE, CR0_ET, CR0_NE, CR0_PE, CR0_PG, CR0_WP, CS, DS, EAX, EBX, ECX, EDI, EDX, ES, ESI, ESP, FS, GS,
  IF, IOPL, LDTR, NT, RF, SS, TF, TR } from '../../cpu/state';
import { EV_HYPERCALL, EV_VMM_EMULATE, EV_VMM_REFLECT, EV_VMM_TRAP } from '../../cpu/trace';
import { VMM_WINDOW_BASE } from '../../cpu/vmm-window';
import { SoftVmmVcpu, type SoftVmmNote } from '../soft/soft-vcpu';
import { SHADOW_GDT, VMM_IDT, VMM_IDT_BYTES } from '../soft/vmm-area';
import { hypercallSlot, SV, trapReasonSlot } from '../soft/vmm-stats';
import { emulate as emulateOnVirtualCpu, Op } from '../soft/emulate';
import { ROWS } from '../../isa/rows';
import { GuestAccess } from './guest-access';
import { dispatchHypercall } from './hypercalls';
import { FLAT_KERNEL_CS, FLAT_KERNEL_DS, FLAT_USER_CS, FLAT_USER_DS, HYPERCALL_NAMES, HYPERCALL_VECTOR, PV_GDT_LIMIT, SH_EVTCHN_PENDING,
  SHARED_INFO_VCPU_BYTES, TI_DPL_MASK, TI_IF, TIMER_EVTCHN, VI } from './pv-abi';
import { buildPvDomain, pvDomainLayout, type PvDomainLayout } from './pv-domain';
import { PvMmu } from './pv-mmu';

const GP = 13, PF = 14;
/** The local-APIC vector of the VMM's own one-shot timer (set_timer_op): the guest never programs the APIC. */
export const PV_TIMER_VECTOR = 0xef;
const LAPIC_EOI = 0xb0, LAPIC_LVT_TIMER = 0x320, LAPIC_TIMER_INITIAL = 0x380, LAPIC_TIMER_DIVIDE = 0x3e0;

const AR_CODE = AR_P | AR_S | 0xb | AR_DB | AR_G, AR_DATA = AR_P | AR_S | 0x3 | AR_DB | AR_G;
const ACCESS_RING1_CODE = 0xbb, ACCESS_RING1_DATA = 0xb3, ACCESS_RING3_CODE = 0xfb, ACCESS_RING3_DATA = 0xf3;

export class PvVcpu extends SoftVmmVcpu {
  readonly mode = 'pv';
  /** Guest memory as hypercalls reach it: through the guest's page tables, at its privilege. */
  readonly guest: GuestAccess;
  /** The domain's page-table bookkeeping (vCPU 0 builds and owns the domain). */
  readonly mmu: PvMmu;
  readonly layout: PvDomainLayout;
  /** The trap table (set_trap_table), per vector: code selector, handler address (0 = none), flags. */
  readonly trapCs = new Uint16Array(256);
  readonly trapEip = new Int32Array(256);
  readonly trapFlags = new Uint8Array(256);
  /** stack_switch: the kernel stack for events from ring 3. */
  kernelSs = 0;
  kernelSp = 0;
  /** set_callbacks: the event upcall and the failsafe callback. */
  callbackCs = 0;
  callbackEip = 0;
  failsafeCs = 0;
  failsafeEip = 0;
  /** set_timer_op: the deadline in system-time ns (= TSC), or -1. */
  timerDeadline = -1;
  /** This vCPU's vcpu_info in guest-physical memory. */
  readonly vcpuInfo: number;
  /** Why the VMM crashed the domain, for the report; null while it runs. */
  crashText: string | null = null;
  /** The result register of the hypercall being served is left alone (HYPERVISOR_iret restores EAX). */
  keepEax = false;
  private readonly seen = new Set<string>();
  /** Hypercall numbers already told to the lifecycle log. */
  private readonly seenHypercall = new Uint8Array(64);

  /** vCPUs of the VM (fw_cfg's count, read at launch): VCPUOP_is_up answers for 0 … vcpuCount - 1. */
  vcpuCount = 1;

  constructor(cpu: Cpu, index: number, note: SoftVmmNote | null = null) {
    super(cpu, index, note);
    this.guest = new GuestAccess(cpu);
    this.mmu = new PvMmu(cpu);
    this.layout = pvDomainLayout(cpu.ramSize);
    this.vcpuInfo = this.layout.sharedInfo + index * SHARED_INFO_VCPU_BYTES;
  }

  /** Not the base class's deprivileging: a PV kernel is built for ring 1 and gets Xen's start state. */
  override launch(): void {
    const cpu = this.cpu;
    const mbi = cpu.regs[EBX]! >>> 0;
    if (this.index !== 0) { // a PV domain's other vCPUs stay down (VCPUOP_up is not offered)
      cpu.eflags &= ~IF;
      cpu.halted = true;
      return;
    }
    this.vcpuCount = Math.max(1, fwCfgVcpus(cpu));
    this.buildVmmArea();
    buildPvDomain(cpu, this.mmu, mbi, this.tsc());
    cpu.eventHook = this.onPvEvent;
    cpu.cr4 = 0;
    cpu.cr3 = this.layout.pageDirectory;
    cpu.cr0 = CR0_PE | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
    cpu.pagingOn = true;
    cpu.flushTlb(false);
    this.virt.cr0 = cpu.cr0; this.virt.cr3 = cpu.cr3;
    this.loadKernelSegments();
    cpu.regs.fill(0);
    cpu.regs[ESI] = this.layout.startInfo;
    cpu.regs[ESP] = this.layout.stackTop;
    cpu.eflags = 0x2 | IF; // real IF is always 1: every interrupt reaches the VMM
    this.virt.cpl = 0;
    this.noteOnce('start', `domain built (start_info, shared_info, pinned bootstrap page tables at the top of RAM); the PV kernel starts at ring 1, EIP 0x${(cpu.eip >>> 0).toString(16)}, start_info 0x${this.layout.startInfo.toString(16)}, shared_info 0x${this.layout.sharedInfo.toString(16)}`);
  }

  /** The VMM's memory: its GDT with Xen's four flat segments, an IDT (never used: SIDT shows it), no TSS. */
  private buildVmmArea(): void {
    const cpu = this.cpu;
    const m = this.mem;
    const put = (sel: number, access: number): void => {
      const o = SHADOW_GDT + (sel & ~7);
      m.set([0xff, 0xff, 0, 0, 0, access, 0xcf, 0], o);
    };
    put(FLAT_KERNEL_CS, ACCESS_RING1_CODE); put(FLAT_KERNEL_DS, ACCESS_RING1_DATA);
    put(FLAT_USER_CS, ACCESS_RING3_CODE); put(FLAT_USER_DS, ACCESS_RING3_DATA);
    cpu.vmmMemory = m;
    cpu.gdtrBase = VMM_WINDOW_BASE + SHADOW_GDT; cpu.gdtrLimit = PV_GDT_LIMIT;
    cpu.idtrBase = (VMM_WINDOW_BASE + VMM_IDT) | 0; cpu.idtrLimit = VMM_IDT_BYTES - 1;
    setSegment(cpu, LDTR, 0, 0, 0, AR_UNUSABLE);
    setSegment(cpu, TR, 0, 0, 0, AR_UNUSABLE); // no TSS, no I/O bitmap: IN/OUT at ring 1 fault to the VMM
  }

  private loadKernelSegments(): void {
    const cpu = this.cpu;
    setSegment(cpu, CS, FLAT_KERNEL_CS, 0, 0xffffffff, AR_CODE | (1 << 5));
    for (const s of [ES, SS, DS, FS, GS]) setSegment(cpu, s, FLAT_KERNEL_DS, 0, 0xffffffff, AR_DATA | (1 << 5));
  }

  /** Loads CS and SS for ring 1 or ring 3 (the only selectors a PV guest has). */
  setRing(ring: number): void {
    const cpu = this.cpu;
    const user = ring === 3;
    setSegment(cpu, CS, user ? FLAT_USER_CS : FLAT_KERNEL_CS, 0, 0xffffffff, AR_CODE | ((user ? 3 : 1) << 5));
    setSegment(cpu, SS, user ? FLAT_USER_DS : FLAT_KERNEL_DS, 0, 0xffffffff, AR_DATA | ((user ? 3 : 1) << 5));
    if (user) nullifyForOuterRing(cpu);
    this.virt.cpl = user ? 3 : 0;
  }

  /** System time in ns: the TSC, one cycle a nanosecond (vcpu_time_info says so: mul 2^31, shift 1). */
  tsc(): number {
    return this.cpu.cycles + this.cpu.tscOffset;
  }

  // ---- events ------------------------------------------------------------------------------------------

  private readonly onPvEvent = (cpu: Cpu, kind: number, vector: number, code: number): boolean => {
    // A hypercall is its own event kind (COST_HYPERCALL, charged by hypercall()): not also a trap.
    if (kind === EVENT_SOFT && vector === HYPERCALL_VECTOR && cpu.cpl !== 3) { this.hypercall(); return true; }
    this.count(SV.traps);
    this.count(trapReasonSlot(kind, vector));
    cpu.charge(COST_TRAP_TO_VMM);
    if (kind === EVENT_EXTERNAL) { this.externalInterrupt(vector); return true; }
    cpu.trace.record(EV_VMM_TRAP, cpu.instructions, cpu.eip, vector, code);
    if (kind === EVENT_SOFT) {
      const fromUser = cpu.cpl === 3;
      // INT n is allowed when the trap table entry's DPL admits the caller (the kernel counts as 1, Xen's rule).
      const dpl = this.trapFlags[vector]! & TI_DPL_MASK;
      if (this.trapEip[vector] === 0 || dpl < (fromUser ? 3 : 1)) {
        cpu.eip = cpu.insnEip;
        this.bounce(GP, vector * 8 + 2);
      } else this.bounce(vector, -1);
      return true;
    }
    if (kind === EVENT_NMI) { if (this.trapEip[2] !== 0) this.bounce(2, -1); return true; }
    if (kind === EVENT_FAULT && vector === GP && cpu.cpl === 1 && this.portIo()) return true;
    if (vector === PF) { // Xen: the faulting address goes to vcpu_info.arch.cr2 (MOV from CR2 is privileged)
      writePhys32(cpu, this.vcpuInfo + VI.cr2, cpu.cr2);
      this.virt.cr2 = cpu.cr2;
      this.count(SV.pageFaultsSeen);
    }
    this.bounce(vector, code);
    return true;
  };

  /**
   * IN and OUT from the kernel at ring 1 (IOPL 0, so they raised #GP), emulated as Xen does for a domain with
   * I/O privileges, by the software VMM's own I/O emulation (it charges the I/O exit). INS and OUTS are not:
   * they are reflected as #GP like any other privileged instruction.
   */
  private portIo(): boolean {
    const cpu = this.cpu;
    const eip = cpu.eip;
    const insn = this.decoder.decodeAt(cpu, eip);
    if (insn === null) return false;
    const m = ROWS[insn.row]!.entry.m;
    if (m !== 'in' && m !== 'out') return false;
    cpu.insnEip = eip;
    cpu.eip = (eip + insn.len) | 0;
    emulateOnVirtualCpu(this, insn, Op.io);
    cpu.charge(COST_EMULATION);
    this.count(SV.emulations);
    cpu.trace.record(EV_VMM_EMULATE, cpu.instructions, cpu.insnEip, insn.row, -1);
    this.deliverEvents();
    return true;
  }

  /** An interrupt at the local APIC, which belongs to the VMM: its timer is the guest's virtual timer. */
  private externalInterrupt(vector: number): void {
    this.apicWrite(LAPIC_EOI, 0);
    if (vector !== PV_TIMER_VECTOR || this.timerDeadline < 0) return;
    if (this.tsc() < this.timerDeadline) { this.armApicTimer(); return; }
    this.timerDeadline = -1;
    const cpu = this.cpu;
    const sh = this.layout.sharedInfo;
    writePhys32(cpu, sh + SH_EVTCHN_PENDING, readPhys32(cpu, sh + SH_EVTCHN_PENDING) | (1 << TIMER_EVTCHN));
    writePhys32(cpu, this.vcpuInfo + VI.pendingSel, readPhys32(cpu, this.vcpuInfo + VI.pendingSel) | 1);
    writePhys8(cpu, this.vcpuInfo + VI.upcallPending, 1);
    this.deliverEvents();
  }

  /** set_timer_op: one-shot at `deadline` ns of system time (0: cancel). */
  setTimer(deadline: number): void {
    this.timerDeadline = deadline === 0 ? -1 : deadline;
    if (deadline === 0) { this.apicWrite(LAPIC_TIMER_INITIAL, 0); return; }
    this.armApicTimer();
  }

  private armApicTimer(): void {
    const delta = Math.max(1, Math.min(0xffffffff, this.timerDeadline - this.tsc()));
    this.apicWrite(LAPIC_TIMER_DIVIDE, 0xb); // divide by 1: one count per cycle
    this.apicWrite(LAPIC_LVT_TIMER, PV_TIMER_VECTOR); // one-shot, unmasked
    this.apicWrite(LAPIC_TIMER_INITIAL, delta);
  }

  private apicWrite(reg: number, v: number): void {
    const cpu = this.cpu;
    if (cpu.irq === null) return;
    flushTicks(cpu);
    cpu.bus.mmioWrite(((cpu.apicBase & ~0xfff) + reg) >>> 0, 4, v >>> 0);
  }

  /** An event is pending for this vCPU (vcpu_info.evtchn_upcall_pending). */
  eventPending(): boolean {
    return readPhys8(this.cpu, this.vcpuInfo + VI.upcallPending) !== 0;
  }

  /** The event upcall, if an event is pending, events are unmasked and the kernel registered a callback. */
  deliverEvents(): void {
    const cpu = this.cpu;
    if (this.crashText !== null || this.callbackEip === 0) return;
    if (readPhys8(cpu, this.vcpuInfo + VI.upcallPending) === 0 || readPhys8(cpu, this.vcpuInfo + VI.upcallMask) !== 0) return;
    cpu.halted = false;
    this.createBounceFrame(-1, true, this.callbackEip, 'event callback');
  }

  /** CONTRACT: a PV kernel's "IDT" is its trap table. */
  override reflect(vector: number, code: number): void {
    this.bounce(vector, code);
  }

  /** CONTRACT: nothing is emulated for a PV kernel but port I/O (portIo): it asks by hypercall. */
  override emulate(): boolean {
    return false;
  }

  /** Delivers `vector` through the trap table, or crashes the domain when the kernel has no handler for it. */
  private bounce(vector: number, code: number): void {
    const eip = this.trapEip[vector]!;
    if (eip === 0) {
      this.crash(`${vectorName(vector)}${code >= 0 ? ` (error code 0x${(code >>> 0).toString(16)})` : ''} at ring ${this.cpu.cpl}, EIP 0x${(this.cpu.eip >>> 0).toString(16)}, and no trap-table handler for it: ${this.trapCount() === 0 ? 'the kernel registered no trap table (is it a PV kernel? see docs/pv.md)' : `vector ${vector} is not in the trap table`}`);
      return;
    }
    this.count(SV.reflections);
    this.cpu.trace.record(EV_VMM_REFLECT, this.cpu.instructions, this.cpu.eip, vector, code);
    this.createBounceFrame(code, (this.trapFlags[vector]! & TI_IF) !== 0, eip, 'trap');
  }

  private trapCount(): number {
    let n = 0;
    for (let v = 0; v < 256; v++) if (this.trapEip[v] !== 0) n++;
    return n;
  }

  /**
   * Xen's create_bounce_frame: from ring 3 switch to the kernel stack (stack_switch) and push SS, ESP; push
   * EFLAGS (IF = events unmasked), CS (the saved event mask in bits 16+), EIP, and the error code if any;
   * mask events if asked; continue at the handler at ring 1.
   */
  private createBounceFrame(code: number, maskEvents: boolean, handler: number, what: string): void {
    const cpu = this.cpu, mem = this.guest;
    const fromUser = cpu.cpl === 3;
    let esp = cpu.regs[ESP]!;
    const oldSs = cpu.segSel[SS]!, oldEsp = esp;
    if (fromUser) {
      if (this.kernelSp === 0 && this.kernelSs === 0) { this.crash(`${what} from ring 3 with no kernel stack (stack_switch was never called)`); return; }
      esp = this.kernelSp;
    }
    const mask = readPhys8(cpu, this.vcpuInfo + VI.upcallMask);
    const eflags = (readEflags(cpu) & ~(IF | IOPL)) | (mask === 0 ? IF : 0);
    mem.reset(false);
    if (fromUser) {
      mem.write32(esp - 4, oldSs);
      mem.write32(esp - 8, oldEsp);
      esp = (esp - 8) | 0;
    }
    mem.write32(esp - 4, eflags);
    mem.write32(esp - 8, cpu.segSel[CS]! | (mask << 16));
    mem.write32(esp - 12, cpu.eip);
    esp = (esp - 12) | 0;
    if (code >= 0) { esp = (esp - 4) | 0; mem.write32(esp, code); }
    if (mem.fault) { this.crash(`${what}: the kernel stack at 0x${(esp >>> 0).toString(16)} is not mapped writable`); return; }
    if (maskEvents) writePhys8(cpu, this.vcpuInfo + VI.upcallMask, 1);
    if (fromUser) this.setRing(1);
    cpu.regs[ESP] = esp;
    cpu.eip = handler;
    cpu.eflags &= ~(TF | NT | RF);
    cpu.halted = false;
  }

  shutdownText(): string | null {
    return this.crashText;
  }

  /** Xen's domain_crash: the run ends as a shutdown (triple-fault status) with `why` in the report. */
  crash(why: string): void {
    const cpu = this.cpu;
    if (this.crashText !== null) return;
    this.crashText = `PV domain crashed: ${why}`;
    this.note?.('domain crash', why);
    cpu.tripleFault = { vector: cpu.chainLength > 0 ? cpu.chainVector[0]! : GP, eip: cpu.insnEip >>> 0, chain: cpu.faultChain() };
    cpu.stopReason = STOP_TRIPLE_FAULT;
  }

  // ---- hypercalls --------------------------------------------------------------------------------------

  private hypercall(): void {
    const cpu = this.cpu, r = cpu.regs;
    const nr = r[EAX]! >>> 0;
    this.keepEax = false;
    this.guest.reset(false);
    cpu.charge(COST_HYPERCALL);
    const result = dispatchHypercall(this, nr, r[EBX]!, r[ECX]!, r[EDX]!, r[ESI]!, r[EDI]!);
    this.count(SV.hypercalls);
    this.count(hypercallSlot(nr));
    if (result < 0) this.count(SV.hypercallErrors);
    cpu.trace.record(EV_HYPERCALL, cpu.instructions, cpu.insnEip, nr, result);
    const slot = (nr >>> 0) < 63 ? nr : 63; // (every number from 63 up shares the last slot)
    if (this.note !== null && this.seenHypercall[slot] === 0) {
      this.seenHypercall[slot] = 1;
      this.note('first hypercall', `${HYPERCALL_NAMES[nr] ?? `number ${nr}`} (${nr}) at EIP 0x${(cpu.insnEip >>> 0).toString(16)} → ${result}${result < 0 ? ' (refused)' : ''}`);
    }
    if (!this.keepEax) r[EAX] = result;
    this.deliverEvents();
  }

  /** For the lifecycle log: the first time a kind of thing happens. */
  noteOnce(what: string, detail: string): void {
    if (this.note === null || this.seen.has(what)) return;
    this.seen.add(what);
    this.note(what, detail);
  }
}

/** The vCPU count from QEMU's fw_cfg device (key FW_CFG_NB_CPUS), as firmware reads it; 0 without the device. */
function fwCfgVcpus(cpu: Cpu): number {
  portOut(cpu, 0x510, 1, 0x0005);
  const n = portIn(cpu, 0x511, 0) | (portIn(cpu, 0x511, 0) << 8);
  return n === 0xffff ? 0 : n;
}

const NAMES = ['#DE', '#DB', 'NMI', '#BP', '#OF', '#BR', '#UD', '#NM', '#DF', 'vector 9', '#TS', '#NP', '#SS', '#GP', '#PF', 'vector 15', '#MF', '#AC', '#MC', '#XM'];
function vectorName(v: number): string {
  return v < NAMES.length ? NAMES[v]! : `vector ${v}`;
}
