/**
 * One vCPU of the built-in VMM (`--mode vtx`): KVM_CREATE_VCPU builds its VMCS (guest-vmcs.ts), KVM_RUN's
 * first entry is a VM launch through the same VMX implementation a student's hypervisor uses, and every VM
 * exit comes here (the VmExitSink) instead of to host code: the exit handler (vtx-exits.ts) decides, this
 * class does the machine-side part (ports, CPUID, MSRs, halting) and re-enters the guest.
 */
import type { Cpu, FaultRecord } from '../../cpu/cpu';
import { cpuid } from '../../cpu/cpuid';
import { portIn, portOut } from '../../cpu/io';
import { readMsr, writeMsr, msrValue, MSR_SYSENTER_CS, MSR_SYSENTER_EIP, MSR_SYSENTER_ESP } from '../../cpu/msr';
import { DF, STOP_TRIPLE_FAULT } from '../../cpu/exceptions';
import { CR0_PG, CR0_WP, DF as DF_FLAG, EAX, ECX, EDI, EDX, ESI } from '../../cpu/state';
import { readLin, userAcc, writeLin } from '../../cpu/memory';
import { ACC_WRITE, invalidatePage, PEEK_UNPAGED, translate } from '../../cpu/paging';
import { vmEntry } from '../../vmx/vm-entry';
import type { Vmcs } from '../../vmx/vmcs';
import { F } from '../../vmx/vmcs-fields';
import { VMX_NON_ROOT, VMX_ROOT, type VmExitSink } from '../../vmx/vmx-state';
import { EXIT_REASON_COUNT, ExitReason } from '../../vmx/exit-reasons';
import { describeEntryFailure } from '../../vmx/entry-failure';
import { buildGuestVmcs, vtxVmcsAddress, vtxVpid, writeGuestState } from './guest-vmcs';
import { VtxEpt } from './vtx-ept';
import { invept, invvpidContext } from '../../cpu/tlb-contexts';
import type { VtxOptions } from './vtx-options';
import { VMM_WINDOW_BASE } from '../../cpu/vmm-window';
import { installIdentityMap } from './identity-map';
import { VTX_CR0_MASK, guestCr3, handleVmExit, injectException, injectPageFault, reinjectVectoredEvent, setGuestPaging, skipInstruction, VtxAction, VtxVcpuState } from './vtx-exits';
import { ShadowMmu } from '../mmu/shadow-mmu';
import { shadowPool } from '../mmu/shadow-pool';
import { SV, SV_SLOTS } from '../soft/vmm-stats';
import type { MmuContext } from '../../mmu-view/mmu-context';

/** The VMX capability MSRs: absent for the guest (no nested VMX), so RDMSR raises #GP as on a CPU without VMX. */
const MSR_VMX_FIRST = 0x480, MSR_VMX_LAST = 0x491;
const GP = 13, PF = 14, INTR_TYPE_HW_EXCEPTION = 3;

/**
 * The VMM's own memory per vCPU: host memory at physical VMM_WINDOW_BASE.. (outside guest RAM, never mapped into
 * the guest's linear space nor reachable through its EPT), all of it one page pool — the EPT's (256 pages: tables
 * for 500 MiB of guest RAM touched in 4 KiB pages before the pool runs out and the EPT is rebuilt) or, without
 * EPT, the shadow page tables'.
 */
const VTX_VMM_BYTES = 0x100000;
/**
 * CpuOptions of a vCPU the VMM runs: CPUID shows a hypervisor (leaf 1 ECX bit 31, leaf 0x40000000) and no VMX
 * (no nested VMX), as KVM without nesting shows its guests.
 */
export const VTX_GUEST_CPU = { vmx: false, hypervisorPresent: true } as const;

/**
 * Called the first time this vCPU takes an exit reason (and, for I/O, the first time per port and direction),
 * for the lifecycle log. `port` is -1 except for I/O exits.
 */
export type VtxExitNote = (reason: number, port: number, size: number, isIn: boolean) => void;

export class VtxVcpu implements VmExitSink {
  readonly vmcs: Vmcs;
  readonly state = new VtxVcpuState();
  /**
   * The VMM's counters in the software VMMs' slots (soft/vmm-stats.ts SV): shadow paging's (page faults, hidden
   * and true, page-table writes, CR3 loads, shadow roots) or the EPT's (violations on RAM and MMIO, pages mapped).
   */
  readonly stats = new Float64Array(SV_SLOTS);
  /**
   * Shadow paging as a VT-x VMM without EPT does it (core/vmm/mmu/shadow-mmu.ts): the real CR3 is a shadow root
   * in the VMM's memory; every guest #PF, MOV to/from CR3 and INVLPG is a VM exit handled here, and a guest
   * store to one of its page tables is a write-protection fault that syncs the shadow. Null with EPT: the
   * guest's page tables are its own.
   */
  readonly shadow: ShadowMmu | null;
  /** With EPT: the VMM's EPT of this vCPU, filled on EPT violations; null under shadow paging. */
  readonly ept: VtxEpt | null;
  /** Faults of the event delivery the VMM is completing by hand (trueFault), as the processor's fault chain. */
  private readonly chain: FaultRecord[] = [];
  private readonly seenReason = new Uint8Array(EXIT_REASON_COUNT);
  /** Per port: bit 0 OUT seen, bit 1 IN seen. */
  private readonly seenPort = new Uint8Array(0x10000);

  /** KVM_CREATE_VCPU: the VMCS for `cpu` as it stands (the kernel's entry state), not yet entered. */
  constructor(
    readonly cpu: Cpu,
    readonly index: number,
    readonly options: VtxOptions,
    private readonly note: VtxExitNote | null = null,
  ) {
    installIdentityMap(cpu.ram);
    this.state.ept = options.ept;
    const mem = new Uint8Array(VTX_VMM_BYTES);
    cpu.vmmMemory = mem;
    cpu.vmmWindowLinear = false; // the guest's linear space is its own: the VMM's tables are out of its reach
    if (options.ept) {
      this.ept = new VtxEpt({ mem, offset: 0, pages: VTX_VMM_BYTES >>> 12, physBase: VMM_WINDOW_BASE }, cpu.ramSize, options.eptLargePages, this.stats);
      this.shadow = null;
    } else {
      this.ept = null;
      this.shadow = new ShadowMmu(cpu, 'vtx', this.stats, shadowPool(mem, 0, VTX_VMM_BYTES >>> 12, VMM_WINDOW_BASE));
      this.state.cr0Mask = VTX_CR0_MASK | CR0_WP;
    }
    const vpid = options.vpid ? vtxVpid(index) : 0;
    this.vmcs = buildGuestVmcs(cpu, vtxVmcsAddress(index), { options, eptp: this.ept?.eptp ?? 0, vpid });
  }

  /** cpu.pageWriteHook: a store to a watched page (a traced guest page table) while this vCPU runs. */
  private readonly onPageWrite = (_cpu: Cpu, p: number, bytes: number): void => { this.shadow!.onPageWrite(p, bytes); };

  /**
   * The MMU inspector's view (core/mmu-view): the guest's paging as the guest sees it (CR0.PG and CR4 through
   * the read shadows, CR3 the VMM keeps while the guest's paging is off) under the real CR3 the VMM chose.
   */
  private readonly mmuContext = (): MmuContext => {
    const paging = this.state.guestPaging;
    const cr3 = !paging || this.shadow !== null ? this.state.guestCr3 : this.cpu.vmxMode === VMX_NON_ROOT ? this.cpu.cr3 : this.vmcs.read(F.GUEST_CR3);
    return { guestPaging: paging, guestCr3: cr3 >>> 0, guestCr4: this.vmcs.read(F.CR4_READ_SHADOW), eptp: this.ept?.eptp ?? null };
  };

  /** The first KVM_RUN: VMX root with this VMCS current, then VM launch into non-root ring 0. */
  launch(): void {
    const cpu = this.cpu;
    const vmx = cpu.vmx;
    cpu.vmxMode = VMX_ROOT;
    vmx.vmxonPtr = this.vmcs.addr; // (no VMXON region: the VMM is not guest code; any address outside RAM)
    vmx.held.set(this.vmcs.addr, this.vmcs);
    vmx.current = this.vmcs;
    vmx.exitSink = this;
    if (this.shadow !== null) cpu.pageWriteHook = this.onPageWrite;
    cpu.mmuContext = this.mmuContext;
    cpu.insnEip = cpu.eip; // (a failed launch is reported at the entry point)
    writeGuestState(this.vmcs, cpu);
    this.state.guestCr3 = cpu.cr3;
    if ((cpu.cr0 & CR0_PG) !== 0) setGuestPaging(this.state, this.vmcs, true); // (a debugger may have set it)
    this.shadowRoot(false);
    this.enter(true);
  }

  onVmExit(cpu: Cpu, vmcs: Vmcs): void {
    const state = this.state;
    const reason = vmcs.read(F.VM_EXIT_REASON) & 0xffff;
    const action = handleVmExit(state, vmcs, cpu.regs);
    if (this.note !== null) this.noteFirst(reason, action);
    switch (action) {
      case VtxAction.enter:
        break;
      case VtxAction.paging:
        // CR0.PG or CR4.PSE changed: natively that flushes the TLB; with VPID the entry will not (KVM flushes the VPID).
        if (this.shadow !== null) this.shadowRoot(false);
        else if (this.options.vpid) invvpidContext(cpu, vtxVpid(this.index), false);
        break;
      case VtxAction.cr3Load:
        this.stats[SV.cr3Loads]!++;
        if (state.guestPaging) this.shadowRoot(true);
        break;
      case VtxAction.pageFault:
        this.stats[SV.pageFaultsSeen]!++;
        if (this.shadow === null || this.shadow.onPageFault(state.pfAddress, state.pfCode)) {
          // A true fault: the guest gets it with the error code its own tables give, and CR2.
          state.pfCode = this.shadow?.guestErrorCode ?? state.pfCode;
          cpu.cr2 = state.pfAddress;
          if (!this.trueFault()) return;
        } else reinjectVectoredEvent(vmcs); // a hidden fault: the delivery it interrupted is redone
        break;
      case VtxAction.eptViolation:
        // A mapping added to the EPT needs no invalidation (nothing was cached for a not-present entry); a
        // rebuilt EPT does: INVEPT single-context, which drops this vCPU's combined mappings.
        if (!this.ept!.onViolation(state.eptGpa)) invept(cpu, this.ept!.builder.root);
        break;
      case VtxAction.invlpg:
        if (this.shadow !== null) this.shadow.onInvlpg(state.invlpgAddress);
        else invalidatePage(cpu, state.invlpgAddress);
        break;
      case VtxAction.cpuid:
        cpuid(cpu); // CpuOptions.hypervisorPresent and vmx:false give the guest's view
        this.skip();
        break;
      case VtxAction.io:
        this.io();
        this.skip();
        break;
      case VtxAction.stringIo:
        if (this.stringIo()) this.skip();
        break;
      case VtxAction.rdmsr:
        if (this.rdmsr()) this.skip();
        break;
      case VtxAction.wrmsr:
        if (this.wrmsr()) this.skip();
        break;
      case VtxAction.hlt:
        this.skip();
        this.enter(false);
        // The halted vCPU waits for an interrupt (kvm_vcpu_block): the engine's halted path, which ends the
        // vCPU when interrupts are off, exactly as a HLT in native mode does.
        cpu.halted = true;
        return;
      case VtxAction.shutdown:
        cpu.tripleFault = { vector: cpu.chainLength > 0 ? cpu.chainVector[0]! : DF, eip: cpu.insnEip >>> 0, chain: cpu.faultChain() };
        cpu.stopReason = STOP_TRIPLE_FAULT;
        return;
      default: {
        const f = cpu.vmx.lastEntryFailure;
        throw new Error(`built-in VMM: ${state.error}${f ? `: ${describeEntryFailure(f)}` : ''}`);
      }
    }
    this.enter(false);
  }

  /**
   * A true #PF for the guest. Raised while an exception was being delivered (IDT-vectoring information) it
   * combines with it as the processor would have (SDM table 6-5, KVM's kvm_multiple_exception): during a #PF
   * it becomes #DF, during a #DF the vCPU shuts down (triple fault); after anything else it is delivered on its
   * own. The faults are kept as the processor's fault chain would have them, for the triple-fault report.
   * False when the vCPU ended.
   */
  private trueFault(): boolean {
    const { cpu, vmcs, state, chain } = this;
    const eip = vmcs.read(F.GUEST_RIP) >>> 0;
    const vectoring = vmcs.read(F.IDT_VECTORING_INFO_FIELD);
    const during = (vectoring & 0x80000000) !== 0 && ((vectoring >>> 8) & 7) === INTR_TYPE_HW_EXCEPTION ? vectoring & 0xff : -1;
    if (during < 0) chain.length = 0;
    chain.push({ vector: PF, errorCode: state.pfCode, eip });
    if (during === DF) {
      cpu.tripleFault = { vector: chain[0]!.vector, eip, chain: chain.slice(0, 8) };
      cpu.stopReason = STOP_TRIPLE_FAULT;
      return false;
    }
    if (during === PF) {
      chain.push({ vector: DF, errorCode: 0, eip });
      injectException(vmcs, DF, 0);
    } else injectPageFault(state, vmcs);
    return true;
  }

  /**
   * Shadow paging: the guest's paging state changed (`cr3Load`: only its CR3): the real CR3 becomes the shadow
   * root for it (or the shadow MMU's identity root while the guest's paging is off), and the debugger's and the
   * VMM's own reads of guest memory walk the guest's tables (cpu.peekCr3). The guest's TLB entries go as a MOV
   * to CR3 would drop them natively (without VPID the VM entry flushes them anyway).
   */
  private shadowRoot(cr3Load: boolean): void {
    const { state, vmcs, cpu } = this;
    const shadow = this.shadow;
    if (shadow === null) return;
    const cr3 = guestCr3(state, vmcs);
    const root = cr3Load ? shadow.onCr3Load(cr3) : shadow.setGuestPaging(state.guestPaging, cr3, vmcs.read(F.CR4_READ_SHADOW), vmcs.read(F.CR0_READ_SHADOW));
    vmcs.write(F.GUEST_CR3, root);
    cpu.peekCr3 = state.guestPaging ? cr3 : PEEK_UNPAGED;
    if (this.options.vpid) invvpidContext(cpu, vtxVpid(this.index), cr3Load); // (without VPID the entry flushes)
  }

  private enter(launch: boolean): void {
    vmEntry(this.cpu, this.vmcs, launch);
    // Delivering the event the entry injects may itself exit (an injected #PF whose delivery faults on to a
    // triple fault): that exit was handled, re-entrantly, by onVmExit; if it ended the vCPU, so be it.
    if (this.cpu.vmxMode !== VMX_NON_ROOT && this.cpu.stopReason === 0) {
      const f = this.cpu.vmx.lastEntryFailure;
      throw new Error(`built-in VMM: VM entry failed${f ? `: ${describeEntryFailure(f)}` : ''}`);
    }
  }

  private skip(): void {
    if (skipInstruction(this.vmcs)) this.cpu.dr[6] = this.cpu.dr[6]! | 0x4000; // single-step trap: DR6.BS
  }

  /** KVM_EXIT_IO: the access goes to the device models over the vCPU's bus (in worker mode, a mailbox exit). */
  private io(): void {
    const { ioPort, ioSize, ioIn } = this.state;
    const regs = this.cpu.regs;
    const sz = ioSize === 4 ? 2 : ioSize === 2 ? 1 : 0;
    if (ioIn) {
      const v = portIn(this.cpu, ioPort, sz);
      regs[EAX] = sz === 2 ? v : sz === 1 ? (regs[EAX]! & ~0xffff) | v : (regs[EAX]! & ~0xff) | v;
    } else portOut(this.cpu, ioPort, sz, regs[EAX]!);
  }

  /**
   * One element of INS/OUTS through the guest's own paging (or the identity map), then ESI/EDI and, for REP,
   * ECX stepped as the instruction would. True when the instruction is complete. A fault on the memory side
   * is injected into the guest with EIP still at the instruction, as the CPU would raise it.
   */
  private stringIo(): boolean {
    const cpu = this.cpu;
    const s = this.state;
    const regs = cpu.regs;
    const width = s.ioA32 ? -1 : 0xffff;
    const count = regs[ECX]! & width;
    if (s.ioRep && count === 0) return true;
    const sz = s.ioSize === 4 ? 2 : s.ioSize === 2 ? 1 : 0;
    const acc = userAcc(cpu);
    // The memory side through the real tables: under shadow paging a page the shadow lacks yet faults first
    // (a hidden fault: filled, the access tried again; a true one is the guest's).
    const access = acc | (s.ioIn ? ACC_WRITE : 0);
    const cr2 = cpu.cr2;
    for (let tries = 0; tries < 4 && translate(cpu, s.ioLinear, access) < 0 && this.shadow !== null && cpu.exc === PF; tries++) {
      const code = cpu.excCode;
      cpu.exc = -1;
      cpu.excCode = -1;
      if (this.shadow.onPageFault(s.ioLinear, code)) { cpu.raise(PF, this.shadow.guestErrorCode); break; }
      cpu.cr2 = cr2;
    }
    if (cpu.exc < 0) {
      if (s.ioIn) writeLin(cpu, s.ioLinear, portIn(cpu, s.ioPort, sz), sz, acc);
      else {
        const v = readLin(cpu, s.ioLinear, sz, acc);
        if (cpu.exc < 0) portOut(cpu, s.ioPort, sz, v);
      }
    }
    if (cpu.exc >= 0) {
      if (cpu.exc === PF) cpu.cr2 = s.ioLinear;
      injectException(this.vmcs, cpu.exc, cpu.excCode);
      cpu.exc = -1;
      cpu.excCode = -1;
      return false;
    }
    const index = s.ioIn ? EDI : ESI;
    const step = (this.vmcs.read(F.GUEST_RFLAGS) & DF_FLAG) !== 0 ? -s.ioSize : s.ioSize;
    regs[index] = (regs[index]! & ~width) | ((regs[index]! + step) & width);
    if (!s.ioRep) return true;
    regs[ECX] = (regs[ECX]! & ~width) | ((count - 1) & width);
    return count === 1;
  }

  /** RDMSR: the SYSENTER MSRs are guest state in the VMCS; the rest as native, #GP for unknown and VMX MSRs. */
  private rdmsr(): boolean {
    const regs = this.cpu.regs;
    const msr = regs[ECX]! >>> 0;
    let lo: number, hi = 0;
    if (msr === MSR_SYSENTER_CS) lo = this.vmcs.read(F.GUEST_SYSENTER_CS);
    else if (msr === MSR_SYSENTER_ESP) lo = this.vmcs.read(F.GUEST_SYSENTER_ESP);
    else if (msr === MSR_SYSENTER_EIP) lo = this.vmcs.read(F.GUEST_SYSENTER_EIP);
    else if ((msr >= MSR_VMX_FIRST && msr <= MSR_VMX_LAST) || !readMsr(this.cpu, msr)) {
      injectException(this.vmcs, GP, 0);
      return false;
    } else { lo = msrValue[0]!; hi = msrValue[1]!; }
    regs[EAX] = lo;
    regs[EDX] = hi;
    return true;
  }

  private wrmsr(): boolean {
    const regs = this.cpu.regs;
    const msr = regs[ECX]! >>> 0;
    const lo = regs[EAX]!, hi = regs[EDX]!;
    if (msr === MSR_SYSENTER_CS) this.vmcs.write(F.GUEST_SYSENTER_CS, lo & 0xffff);
    else if (msr === MSR_SYSENTER_ESP) this.vmcs.write(F.GUEST_SYSENTER_ESP, lo);
    else if (msr === MSR_SYSENTER_EIP) this.vmcs.write(F.GUEST_SYSENTER_EIP, lo);
    else if (!writeMsr(this.cpu, msr, lo, hi)) {
      injectException(this.vmcs, GP, 0);
      return false;
    }
    return true;
  }

  private noteFirst(reason: number, action: VtxAction): void {
    if (action === VtxAction.io || action === VtxAction.stringIo) {
      const { ioPort, ioSize, ioIn } = this.state;
      const bit = ioIn ? 2 : 1;
      if ((this.seenPort[ioPort]! & bit) !== 0) return;
      this.seenPort[ioPort] = this.seenPort[ioPort]! | bit;
      this.note!(ExitReason.IO_INSTRUCTION, ioPort, ioSize, ioIn);
      return;
    }
    if (reason >= EXIT_REASON_COUNT || this.seenReason[reason] !== 0) return;
    this.seenReason[reason] = 1;
    this.note!(reason, -1, 0, false);
  }
}
