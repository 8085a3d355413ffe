/**
 * The built-in VMM's exit handler (KVM's arch/x86/kvm/vmx in spirit, shaped like Firecracker's
 * handle_kvm_exit): a pure function of the exit recorded in the VMCS, the guest's general registers and the
 * VMM's per-vCPU state, returning what the vCPU loop does next. Everything that only needs the VMCS (the CR
 * accesses of the paging trick, instruction skipping, exception injection) happens here; what needs the
 * machine (a port, CPUID, an MSR, halting) is returned as an action for vtx-vcpu.ts to carry out. Tests feed
 * it fabricated VMCS contents.
 */
import { F } from '../../vmx/vmcs-fields';
import type { Vmcs } from '../../vmx/vmcs';
import { EXIT_REASON_ENTRY_FAILURE, ExitReason } from '../../vmx/exit-reasons';
import { CR0_CD, CR0_ET, CR0_NE, CR0_NW, CR0_PE, CR0_PG, CR0_WP, CR4_PAE, CR4_PSE, CR4_VMXE, ESP, RF, TF } from '../../cpu/state';
import { IDENTITY_MAP_PD } from './identity-map';
import { CPU_CR3_LOAD_EXITING, CPU_CR3_STORE_EXITING } from '../../vmx/capabilities';

const CR3_EXITING = CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING;

/** What the vCPU loop does after an exit. */
export const VtxAction = {
  /** Re-enter the guest (the VMCS says where: the next instruction, or an exception to inject). */
  enter: 0,
  /** Execute CPUID with the guest's view (hypervisor bit, leaf 0x40000000), skip it, re-enter. */
  cpuid: 1,
  /** Port I/O for the device models (KVM_EXIT_IO): the exit's port, size and direction; then skip, re-enter. */
  io: 2,
  /** RDMSR / WRMSR of MSR ECX (pass through or #GP, vtx-vcpu.ts decides), then skip, re-enter. */
  rdmsr: 3,
  wrmsr: 4,
  /** HLT: skip it, re-enter, and wait for an interrupt as the halted CPU does (kvm_vcpu_block). */
  hlt: 5,
  /** Triple fault: the vCPU shuts down, reported as in native mode. */
  shutdown: 6,
  /**
   * INS/OUTS: one element between the port and guest memory at `VtxVcpuState.ioLinear` (KVM's emulator does
   * the same); a REP form re-enters at the same instruction until its count runs out, one exit per element.
   */
  stringIo: 8,
  /** Something the VMM cannot handle (failed entry, unexpected exit): the vCPU stops with `VtxVcpuState.error`. */
  fail: 7,
  /**
   * The guest's paging changed (CR0.PG turned on or off, CR4.PSE changed with paging on), the instruction done
   * and skipped: the VMM re-traces the guest's page tables (shadow paging), then re-enters.
   */
  paging: 9,
  /** A guest MOV to CR3, emulated and skipped (`VtxVcpuState.guestCr3`): the VMM re-traces, then re-enters. */
  cr3Load: 10,
  /**
   * A guest page fault (#PF is in the exception bitmap: shadow paging) at `VtxVcpuState.pfAddress` with error
   * code `pfCode`, RIP still at the faulting instruction: the VMM walks the guest's tables and, for a true
   * fault, injects it with the same error code and CR2 = the address (injectPageFault), then re-enters.
   */
  pageFault: 11,
  /**
   * EPT violation (exit 48) at guest-physical `VtxVcpuState.eptGpa`: the VMM maps the page (lazily populated EPT)
   * and re-enters at the same instruction; an event whose delivery was interrupted is injected again.
   */
  eptViolation: 12,
  /** A guest INVLPG (INVLPG exiting, shadow paging), skipped: the VMM drops the shadow entry of `invlpgAddress`. */
  invlpg: 13,
} as const;
export type VtxAction = (typeof VtxAction)[keyof typeof VtxAction];

/** CR0/CR4 bits the VMM owns (guest/host masks): the guest sees its own values through the read shadows. */
export const VTX_CR0_MASK = (CR0_PE | CR0_NE | CR0_PG) | 0;
export const VTX_CR4_MASK = CR4_PSE | CR4_VMXE;
/** Bits virtlab's CR4 accepts (control-regs.ts): VME PVI TSD DE PSE PGE, bit 8; the guest may not set VMXE (no nested VMX). */
const CR4_GUEST_VALID = 0x1 | 0x2 | 0x4 | 0x8 | CR4_PSE | 0x80 | 0x100;

/** The VMM's per-vCPU state beyond the VMCS. */
export class VtxVcpuState {
  /** EPT on: the guest owns its paging (no #PF or CR3 exits once its paging is on); else shadow paging. */
  ept = false;
  /** CR0 bits the VMM owns: PE, NE, PG; and WP under shadow paging (the real WP is 1, shadow-mmu.ts). */
  cr0Mask = VTX_CR0_MASK;
  /** The guest's CR0.PG as it believes it (real CR0.PG is always 1). */
  guestPaging = false;
  /** The CR3 the guest loaded while its paging was off (real CR3 is the identity map then). */
  guestCr3 = 0;
  /** Set with VtxAction.fail: what went wrong, for the vCPU's crash report. */
  error = '';
  /** Set with VtxAction.io: the decoded access. */
  ioPort = 0;
  ioSize = 0;
  ioIn = false;
  /** INS/OUTS: REP prefix, 32-bit addressing, linear address of this element (GUEST_LINEAR_ADDRESS). */
  ioRep = false;
  ioA32 = true;
  ioLinear = 0;
  /** Set with VtxAction.pageFault: the faulting linear address (exit qualification) and the #PF error code. */
  pfAddress = 0;
  pfCode = 0;
  /** Set with VtxAction.eptViolation: the guest-physical address and the qualification (SDM table 28-7). */
  eptGpa = 0;
  eptQualification = 0;
  /** Set with VtxAction.invlpg: the linear address the guest invalidated. */
  invlpgAddress = 0;
}

const UD = 6, GP = 13, DB = 1, PF = 14;
const INTR_VALID = 0x80000000 | 0, INTR_TYPE_HW_EXCEPTION = 3 << 8, INTR_DELIVER_CODE = 1 << 11;
const INTR_TYPE_NMI = 2, INTR_TYPE_SW_INTERRUPT = 4, INTR_TYPE_SW_EXCEPTION = 6;
/** VM_EXIT_INTR_INFO bit 12: the fault hit an IRET that had unblocked NMIs (SDM 28.2.2). */
const INTR_NMI_UNBLOCKED_BY_IRET = 1 << 12;
const BLOCKING_BY_NMI = 8;

/**
 * The exception bitmap of shadow paging: every guest #PF exits (error-code mask and match 0), as under
 * first-generation VT-x without EPT, where the VMM must see each fault to tell a hidden one (its shadow tables
 * lag the guest's) from a true one (the guest's own tables deny the access).
 */
export const VTX_EXCEPTION_BITMAP = 1 << PF;

/** Queue a hardware exception for the next VM entry (SDM 24.8.3); RIP stays at the faulting instruction. */
export function injectException(vmcs: Vmcs, vector: number, errorCode = -1): void {
  vmcs.write(F.VM_ENTRY_INTR_INFO_FIELD, INTR_VALID | INTR_TYPE_HW_EXCEPTION | (errorCode >= 0 ? INTR_DELIVER_CODE : 0) | vector);
  if (errorCode >= 0) vmcs.write(F.VM_ENTRY_EXCEPTION_ERROR_CODE, errorCode);
}

/**
 * The VMM emulated the exiting instruction: move RIP past it, end an STI/MOV SS shadow, clear RF, and deliver
 * the single-step trap the instruction would have raised (KVM's kvm_skip_emulated_instruction). Returns true
 * when it queued that #DB: the caller sets DR6.BS (DR6 is not in the VMCS).
 */
export function skipInstruction(vmcs: Vmcs): boolean {
  vmcs.write(F.GUEST_RIP, (vmcs.read(F.GUEST_RIP) + vmcs.read(F.VM_EXIT_INSTRUCTION_LEN)) | 0);
  const shadow = vmcs.read(F.GUEST_INTERRUPTIBILITY_INFO);
  if ((shadow & 3) !== 0) vmcs.write(F.GUEST_INTERRUPTIBILITY_INFO, shadow & ~3);
  const flags = vmcs.read(F.GUEST_RFLAGS);
  if ((flags & RF) !== 0) vmcs.write(F.GUEST_RFLAGS, flags & ~RF);
  if ((flags & TF) === 0 || (shadow & 2) !== 0) return false;
  injectException(vmcs, DB);
  return true;
}

/**
 * An exit that interrupted the delivery of an event (IDT-vectoring information valid, SDM 28.2.4) leaves the
 * event undelivered: when the VMM has removed the cause (mapped the page), it injects the event again on the
 * next entry, with its error code and, for software events, the instruction length (KVM's
 * vmx_complete_interrupts). An NMI being delivered was not yet blocking NMIs: re-injecting it needs them
 * unblocked.
 */
export function reinjectVectoredEvent(vmcs: Vmcs): void {
  const info = vmcs.read(F.IDT_VECTORING_INFO_FIELD);
  if ((info & INTR_VALID) === 0) return;
  const type = (info >>> 8) & 7;
  vmcs.write(F.VM_ENTRY_INTR_INFO_FIELD, info & (INTR_VALID | INTR_DELIVER_CODE | 0x7ff));
  if ((info & INTR_DELIVER_CODE) !== 0) vmcs.write(F.VM_ENTRY_EXCEPTION_ERROR_CODE, vmcs.read(F.IDT_VECTORING_ERROR_CODE));
  if (type >= INTR_TYPE_SW_INTERRUPT && type <= INTR_TYPE_SW_EXCEPTION) vmcs.write(F.VM_ENTRY_INSTRUCTION_LEN, vmcs.read(F.VM_EXIT_INSTRUCTION_LEN));
  if (type === INTR_TYPE_NMI) vmcs.write(F.GUEST_INTERRUPTIBILITY_INFO, vmcs.read(F.GUEST_INTERRUPTIBILITY_INFO) & ~BLOCKING_BY_NMI);
}

/** General register `n` of the guest (ESP lives in the VMCS while the VMM runs). */
export function guestGpr(vmcs: Vmcs, regs: Int32Array, n: number): number {
  return n === ESP ? vmcs.read(F.GUEST_RSP) : regs[n]!;
}

export function setGuestGpr(vmcs: Vmcs, regs: Int32Array, n: number, value: number): void {
  if (n === ESP) vmcs.write(F.GUEST_RSP, value);
  else regs[n] = value;
}

/** Handle the exit recorded in `vmcs`. May change the VMCS, the guest's registers and `state`. */
export function handleVmExit(state: VtxVcpuState, vmcs: Vmcs, regs: Int32Array): VtxAction {
  const reason = vmcs.read(F.VM_EXIT_REASON);
  // An injection the last entry delivered is done (the processor clears the valid bit at every exit).
  vmcs.write(F.VM_ENTRY_INTR_INFO_FIELD, 0);
  if ((reason & EXIT_REASON_ENTRY_FAILURE) !== 0) return fail(state, `VM entry failed (exit reason 0x${(reason >>> 0).toString(16)})`);
  const q = vmcs.read(F.EXIT_QUALIFICATION);
  switch (reason & 0xffff) {
    case ExitReason.CPUID:
      return VtxAction.cpuid;
    case ExitReason.HLT:
      return VtxAction.hlt;
    case ExitReason.IO_INSTRUCTION:
      // Qualification (SDM table 28-5): size - 1 in bits 2:0, IN in bit 3, string in bit 4, REP in bit 5,
      // port in 31:16. String forms: address size in VMX_INSTRUCTION_INFO bits 9:7 (SDM table 28-8).
      state.ioPort = q >>> 16;
      state.ioSize = (q & 7) + 1;
      state.ioIn = (q & 8) !== 0;
      if ((q & 0x10) === 0) return VtxAction.io;
      state.ioRep = (q & 0x20) !== 0;
      state.ioA32 = ((vmcs.read(F.VMX_INSTRUCTION_INFO) >>> 7) & 7) === 1;
      state.ioLinear = vmcs.read(F.GUEST_LINEAR_ADDRESS);
      return VtxAction.stringIo;
    case ExitReason.RDMSR:
      return VtxAction.rdmsr;
    case ExitReason.WRMSR:
      return VtxAction.wrmsr;
    case ExitReason.CR_ACCESS:
      return crAccess(state, vmcs, regs, q);
    case ExitReason.TRIPLE_FAULT:
      return VtxAction.shutdown;
    case ExitReason.EXCEPTION_NMI:
      return exception(state, vmcs, q);
    case ExitReason.EPT_VIOLATION:
      return eptViolation(state, vmcs, q);
    case ExitReason.EPT_MISCONFIG:
      // The VMM wrote every entry itself: a misconfiguration is a bug in it, never the guest's doing.
      return fail(state, `EPT misconfiguration at guest-physical 0x${(vmcs.read(F.GUEST_PHYSICAL_ADDRESS) >>> 0).toString(16)}`);
    case ExitReason.INVLPG:
      state.invlpgAddress = q;
      skipInstruction(vmcs);
      return VtxAction.invlpg;
    case ExitReason.INVD:
      skipInstruction(vmcs);
      return VtxAction.enter;
    case ExitReason.VMCALL:
    case ExitReason.VMCLEAR: case ExitReason.VMLAUNCH: case ExitReason.VMPTRLD: case ExitReason.VMPTRST:
    case ExitReason.VMREAD: case ExitReason.VMRESUME: case ExitReason.VMWRITE: case ExitReason.VMXOFF:
    case ExitReason.VMXON: case ExitReason.INVEPT: case ExitReason.INVVPID:
      // No nested VMX (CPUID.1:ECX.VMX is clear) and no hypercalls: #UD, as KVM does without nesting.
      injectException(vmcs, UD);
      return VtxAction.enter;
    default:
      return fail(state, `unexpected VM exit reason ${reason & 0xffff}`);
  }
}

/**
 * Exit 0: only #PF is in the exception bitmap (VTX_EXCEPTION_BITMAP). The address is the qualification (the
 * exit left CR2 alone); the VMM decides and injects. A fault on an IRET that unblocked NMIs must leave NMIs
 * blocked when the IRET runs again (SDM 31.7.1.2, KVM's vmx_recover_nmi_blocking).
 */
function exception(state: VtxVcpuState, vmcs: Vmcs, q: number): VtxAction {
  const info = vmcs.read(F.VM_EXIT_INTR_INFO);
  if ((info & 0x7ff) !== (INTR_TYPE_HW_EXCEPTION | PF)) return fail(state, `unexpected exception exit (interruption information 0x${(info >>> 0).toString(16)})`);
  state.pfAddress = q;
  state.pfCode = vmcs.read(F.VM_EXIT_INTR_ERROR_CODE);
  if ((info & INTR_NMI_UNBLOCKED_BY_IRET) !== 0 && vmcs.read(F.IDT_VECTORING_INFO_FIELD) >= 0) {
    vmcs.write(F.GUEST_INTERRUPTIBILITY_INFO, vmcs.read(F.GUEST_INTERRUPTIBILITY_INFO) | BLOCKING_BY_NMI);
  }
  return VtxAction.pageFault;
}

/**
 * Exit 48: the guest touched a guest-physical page the EPT does not map yet. Nothing of the instruction was
 * done (fault-like); an IRET that unblocked NMIs before faulting must leave them blocked when it runs again
 * (qualification bit 12, SDM 28.2.3 — unless the exit came during event delivery), and an interrupted event
 * delivery is redone.
 */
function eptViolation(state: VtxVcpuState, vmcs: Vmcs, q: number): VtxAction {
  state.eptGpa = vmcs.read(F.GUEST_PHYSICAL_ADDRESS);
  state.eptQualification = q;
  const vectoring = vmcs.read(F.IDT_VECTORING_INFO_FIELD);
  if ((q & EPT_QUAL_NMI_UNBLOCKED) !== 0 && (vectoring & INTR_VALID) === 0) {
    vmcs.write(F.GUEST_INTERRUPTIBILITY_INFO, vmcs.read(F.GUEST_INTERRUPTIBILITY_INFO) | BLOCKING_BY_NMI);
  }
  reinjectVectoredEvent(vmcs);
  return VtxAction.eptViolation;
}

/** EPT-violation qualification bit 12: NMI unblocking due to IRET. */
const EPT_QUAL_NMI_UNBLOCKED = 1 << 12;

/**
 * A true guest page fault goes back to the guest as the hardware would have delivered it: same error code, RIP
 * at the faulting instruction. CR2 is not in the VMCS: the caller sets it to `state.pfAddress` before the entry
 * (KVM's kvm_inject_page_fault does the same).
 */
export function injectPageFault(state: VtxVcpuState, vmcs: Vmcs): void {
  injectException(vmcs, PF, state.pfCode);
}

/**
 * The guest's CR3: the one it loaded, which the VMM keeps while the guest's paging is off and under shadow paging
 * (the real CR3 is then the identity map or a shadow root); with EPT and paging on, the real one.
 */
export function guestCr3(state: VtxVcpuState, vmcs: Vmcs): number {
  return state.guestPaging && state.ept ? vmcs.read(F.GUEST_CR3) : state.guestCr3;
}

function fail(state: VtxVcpuState, message: string): VtxAction {
  state.error = message;
  return VtxAction.fail;
}

/**
 * Control-register exits (qualification, SDM table 28-3: CR number in bits 3:0, access type in 5:4, GPR in
 * 11:8, LMSW source in 31:16). Only the bits and registers the VMM owns get here.
 */
function crAccess(state: VtxVcpuState, vmcs: Vmcs, regs: Int32Array, q: number): VtxAction {
  const cr = q & 15, type = (q >>> 4) & 3, gpr = (q >>> 8) & 15;
  const paging = state.guestPaging, pse = (vmcs.read(F.CR4_READ_SHADOW) & CR4_PSE) !== 0, wp = vmcs.read(F.CR0_READ_SHADOW) & CR0_WP;
  let next: VtxAction = VtxAction.enter;
  if (type === 1) { // MOV from CR3 (CR3-store exiting): the guest's CR3, never the identity map (nor, later, a shadow root)
    if (cr !== 3) return fail(state, `unexpected MOV from CR${cr} exit`);
    setGuestGpr(vmcs, regs, gpr, guestCr3(state, vmcs));
  } else if (type === 0 && cr === 3) { // MOV to CR3 (CR3-load exiting): kept while paging is off, loaded when on
    state.guestCr3 = guestGpr(vmcs, regs, gpr);
    if (paging) vmcs.write(F.GUEST_CR3, state.guestCr3); // (the VMM puts its shadow root there)
    next = VtxAction.cr3Load;
  } else if (type === 0 && cr === 0) {
    if (!writeCr0(state, vmcs, guestGpr(vmcs, regs, gpr))) return VtxAction.enter;
  } else if (type === 3) { // LMSW: bits 3:0 of the CR0 the guest sees, and it cannot clear PE
    const cr0 = (vmcs.read(F.GUEST_CR0) & ~state.cr0Mask) | (vmcs.read(F.CR0_READ_SHADOW) & state.cr0Mask);
    if (!writeCr0(state, vmcs, (cr0 & ~0xe) | ((q >>> 16) & 0xf))) return VtxAction.enter;
  } else if (type === 0 && cr === 4) {
    if (!writeCr4(state, vmcs, guestGpr(vmcs, regs, gpr))) return VtxAction.enter;
  } else return fail(state, `unexpected control-register exit (qualification 0x${(q >>> 0).toString(16)})`);
  skipInstruction(vmcs);
  if (state.guestPaging !== paging || (state.guestPaging && ((vmcs.read(F.CR4_READ_SHADOW) & CR4_PSE) !== 0) !== pse)) return VtxAction.paging;
  if ((vmcs.read(F.CR0_READ_SHADOW) & CR0_WP) !== wp && (state.cr0Mask & CR0_WP) !== 0) return VtxAction.paging;
  return next;
}

/**
 * The guest's MOV to CR0, with the native checks (control-regs.ts); false when it raised #GP. Clearing PE
 * also gives #GP: real mode in non-root needs "unrestricted guest" (or KVM's old virtual-8086 emulation).
 */
function writeCr0(state: VtxVcpuState, vmcs: Vmcs, v: number): boolean {
  if (((v & CR0_PG) !== 0 && (v & CR0_PE) === 0) || ((v & CR0_NW) !== 0 && (v & CR0_CD) === 0) || (v & CR0_PE) === 0) {
    injectException(vmcs, GP, 0);
    return false;
  }
  const visible = v | CR0_ET;
  vmcs.write(F.CR0_READ_SHADOW, visible);
  vmcs.write(F.GUEST_CR0, visible | state.cr0Mask);
  const paging = (visible & CR0_PG) !== 0;
  if (paging !== state.guestPaging) setGuestPaging(state, vmcs, paging);
  return true;
}

/** The guest's MOV to CR4: real PSE stays 1 while the identity map is in use; false when it raised #GP. */
function writeCr4(state: VtxVcpuState, vmcs: Vmcs, v: number): boolean {
  if ((v & ~CR4_GUEST_VALID) !== 0 || (v & CR4_PAE) !== 0) {
    injectException(vmcs, GP, 0);
    return false;
  }
  vmcs.write(F.CR4_READ_SHADOW, v);
  vmcs.write(F.GUEST_CR4, realCr4(state, v));
  return true;
}

function realCr4(state: VtxVcpuState, guestCr4: number): number {
  return (guestCr4 | CR4_VMXE | (state.guestPaging ? 0 : CR4_PSE)) | 0;
}

/**
 * The guest turns its paging on (its CR3 and CR4.PSE become the real ones) or off (the identity map comes back;
 * the guest's CR3 is kept for MOV from CR3 and for the next switch). Without EPT, CR3 loads and stores exit
 * either way: with paging on the VMM must see every address-space switch (shadow paging, as first-generation
 * VT-x hypervisors ran). With EPT they exit only while the identity map stands in for the guest's paging.
 */
export function setGuestPaging(state: VtxVcpuState, vmcs: Vmcs, on: boolean): void {
  if (state.ept) {
    // With EPT the guest's CR3 is its own once its paging is on: CR3 exits only serve the identity map.
    const controls = vmcs.read(F.CPU_BASED_VM_EXEC_CONTROL);
    vmcs.write(F.CPU_BASED_VM_EXEC_CONTROL, on ? controls & ~CR3_EXITING : controls | CR3_EXITING);
  }
  if (on) {
    vmcs.write(F.GUEST_CR3, state.guestCr3);
  } else {
    if (state.ept) state.guestCr3 = vmcs.read(F.GUEST_CR3); // (it loaded them without exits)
    vmcs.write(F.GUEST_CR3, IDENTITY_MAP_PD);
  }
  state.guestPaging = on;
  // The CR4 the guest sees: the bits it owns are real (it may have changed them without an exit).
  const cr4 = (vmcs.read(F.GUEST_CR4) & ~VTX_CR4_MASK) | (vmcs.read(F.CR4_READ_SHADOW) & VTX_CR4_MASK);
  vmcs.write(F.GUEST_CR4, realCr4(state, cr4));
}
