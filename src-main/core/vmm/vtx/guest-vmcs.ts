/**
 * The VMCS the built-in VMM builds for a vCPU (KVM's vmx_vcpu_setup + init_vmcs): held in TypeScript, at an
 * address outside guest RAM so the guest can neither see nor corrupt it. Guest state = the vCPU's state now
 * (the multiboot entry state: flat ring 0, CR0.PE = 1, PG = 0), except the control registers of the paging
 * trick (identity-map.ts). Host state: the VMM is TypeScript, so the host fields are never loaded (the exit
 * sink runs instead); they still hold values that pass the SDM's host-state checks (27.2.2–27.2.4).
 */
import type { Cpu } from '../../cpu/cpu';
import { readEflags } from '../../cpu/flags';
import { AR_S, AR_UNUSABLE, CR0_ET, CR0_WP, CR0_NE, CR0_PE, CR0_PG, CR4_PSE, CR4_VMXE, ES, ESP, SS, CS, DS, FS, GS, LDTR, TR } from '../../cpu/state';
import { Vmcs } from '../../vmx/vmcs';
import { F } from '../../vmx/vmcs-fields';
import { CPU2_ENABLE_EPT, CPU2_ENABLE_VPID, CPU_ACTIVATE_SECONDARY, CPU_CR3_LOAD_EXITING, CPU_CR3_STORE_EXITING, CPU_DEFAULT1,
  CPU_HLT_EXITING, CPU_INVLPG_EXITING, CPU_UNCOND_IO_EXITING, ENTRY_DEFAULT1, EXIT_DEFAULT1, PIN_DEFAULT1, VMCS_REVISION_ID } from '../../vmx/capabilities';
import { IDENTITY_MAP_PD } from './identity-map';
import { VTX_CR0_MASK, VTX_CR4_MASK, VTX_EXCEPTION_BITMAP } from './vtx-exits';
import type { VtxOptions } from './vtx-options';

const NO_EPT_NO_VPID: VtxMemorySetup = { options: { ept: false, vpid: false, eptLargePages: false }, eptp: 0, vpid: 0 };

/** Where vCPU n's VMCS "lives": above the 3 GiB RAM limit and clear of every device window (VMM memory). */
export const VTX_VMCS_BASE = 0xfff00000;

export function vtxVmcsAddress(vcpu: number): number {
  return (VTX_VMCS_BASE + (vcpu & 0xff) * 0x1000) >>> 0;
}

/**
 * Controls: pin-based defaults only (no external-interrupt exiting: the vCPU's local APIC delivers straight
 * through the guest's IDT, like KVM with posted interrupts); HLT exiting; unconditional I/O exiting (every
 * port access goes to the device models, KVM_EXIT_IO); no MSR bitmap (every RDMSR/WRMSR exits); CR3-load and
 * CR3-store exiting while the identity map stands in for the guest's paging, and — without EPT — always
 * (shadow paging), with #PF in the exception bitmap (VTX_EXCEPTION_BITMAP: shadow paging sees every guest page
 * fault). With EPT or VPID the secondary controls are active (vtxControls).
 */
export const VTX_CPU_CONTROLS = (CPU_DEFAULT1 | CPU_HLT_EXITING | CPU_UNCOND_IO_EXITING | CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING) | 0;

/** The memory-virtualization part of a vCPU's VMCS: options, the EPT pointer (0 without EPT), the VPID (0: none). */
export interface VtxMemorySetup {
  readonly options: VtxOptions;
  readonly eptp: number;
  readonly vpid: number;
}

/** Primary and secondary processor-based controls, and the exception bitmap, for these options. */
export function vtxControls(o: VtxOptions): { primary: number; secondary: number; exceptionBitmap: number } {
  const secondary = (o.ept ? CPU2_ENABLE_EPT : 0) | (o.vpid ? CPU2_ENABLE_VPID : 0);
  return {
    // Shadow paging also sees every INVLPG (the shadow entry must follow the guest's).
    primary: (VTX_CPU_CONTROLS | (secondary !== 0 ? CPU_ACTIVATE_SECONDARY : 0) | (o.ept ? 0 : CPU_INVLPG_EXITING)) | 0,
    secondary,
    // With EPT a guest page fault is the guest's own business: no exit (KVM with enable_ept).
    exceptionBitmap: o.ept ? 0 : VTX_EXCEPTION_BITMAP,
  };
}

/** The VPID of vCPU `index` (0 is the host's, VMX root's: guests get 1, 2, …), as KVM allocates them. */
export function vtxVpid(index: number): number {
  return index + 1;
}

const SEGMENTS: readonly [number, number, number, number, number][] = [
  [ES, F.GUEST_ES_SELECTOR, F.GUEST_ES_BASE, F.GUEST_ES_LIMIT, F.GUEST_ES_AR_BYTES],
  [CS, F.GUEST_CS_SELECTOR, F.GUEST_CS_BASE, F.GUEST_CS_LIMIT, F.GUEST_CS_AR_BYTES],
  [SS, F.GUEST_SS_SELECTOR, F.GUEST_SS_BASE, F.GUEST_SS_LIMIT, F.GUEST_SS_AR_BYTES],
  [DS, F.GUEST_DS_SELECTOR, F.GUEST_DS_BASE, F.GUEST_DS_LIMIT, F.GUEST_DS_AR_BYTES],
  [FS, F.GUEST_FS_SELECTOR, F.GUEST_FS_BASE, F.GUEST_FS_LIMIT, F.GUEST_FS_AR_BYTES],
  [GS, F.GUEST_GS_SELECTOR, F.GUEST_GS_BASE, F.GUEST_GS_LIMIT, F.GUEST_GS_AR_BYTES],
  [LDTR, F.GUEST_LDTR_SELECTOR, F.GUEST_LDTR_BASE, F.GUEST_LDTR_LIMIT, F.GUEST_LDTR_AR_BYTES],
  [TR, F.GUEST_TR_SELECTOR, F.GUEST_TR_BASE, F.GUEST_TR_LIMIT, F.GUEST_TR_AR_BYTES],
];

/** A VMCS whose guest is `cpu` as it stands (paging off), ready for the first VM entry. */
export function buildGuestVmcs(cpu: Cpu, address: number, memory: VtxMemorySetup = NO_EPT_NO_VPID): Vmcs {
  const v = new Vmcs(address);
  v.revision = VMCS_REVISION_ID;
  const w = (f: number, x: number): void => v.write(f, x);

  w(F.PIN_BASED_VM_EXEC_CONTROL, PIN_DEFAULT1);
  const controls = vtxControls(memory.options);
  w(F.CPU_BASED_VM_EXEC_CONTROL, controls.primary);
  w(F.SECONDARY_VM_EXEC_CONTROL, controls.secondary);
  if (memory.options.ept) { w(F.EPT_POINTER, memory.eptp); w(F.EPT_POINTER + 1, 0); }
  if (memory.options.vpid) w(F.VIRTUAL_PROCESSOR_ID, memory.vpid);
  w(F.VM_EXIT_CONTROLS, EXIT_DEFAULT1);
  w(F.VM_ENTRY_CONTROLS, ENTRY_DEFAULT1);
  w(F.EXCEPTION_BITMAP, controls.exceptionBitmap);
  w(F.CR3_TARGET_COUNT, 0);
  w(F.CR0_GUEST_HOST_MASK, memory.options.ept ? VTX_CR0_MASK : VTX_CR0_MASK | CR0_WP);
  w(F.CR4_GUEST_HOST_MASK, VTX_CR4_MASK);
  w(F.VMCS_LINK_POINTER, -1);
  w(F.VMCS_LINK_POINTER + 1, -1);

  // Host state: a flat ring-0 "VMM" that never runs as guest code.
  w(F.HOST_CR0, CR0_PE | CR0_ET | CR0_NE | CR0_PG);
  w(F.HOST_CR3, IDENTITY_MAP_PD);
  w(F.HOST_CR4, CR4_VMXE | CR4_PSE);
  w(F.HOST_CS_SELECTOR, 0x08);
  for (const f of [F.HOST_SS_SELECTOR, F.HOST_DS_SELECTOR, F.HOST_ES_SELECTOR, F.HOST_FS_SELECTOR, F.HOST_GS_SELECTOR]) w(f, 0x10);
  w(F.HOST_TR_SELECTOR, 0x18);

  writeGuestState(v, cpu);
  return v;
}

/**
 * Guest state = `cpu` as it stands, paging off, with real CR0.PG/CR4.PSE on and CR3 on the identity map; the
 * read shadows hold the guest's own CR0/CR4. Done again at the launch, so what a debugger changed while the
 * vCPU waited at its entry point (KVM_SET_REGS before the first KVM_RUN) is what the guest starts with.
 */
export function writeGuestState(v: Vmcs, cpu: Cpu): void {
  const w = (f: number, x: number): void => v.write(f, x);
  w(F.CR0_READ_SHADOW, cpu.cr0 | CR0_ET);
  w(F.CR4_READ_SHADOW, cpu.cr4);
  w(F.GUEST_CR0, cpu.cr0 | CR0_ET | v.read(F.CR0_GUEST_HOST_MASK)); // (every bit the VMM owns is 1 for real)
  w(F.GUEST_CR3, IDENTITY_MAP_PD);
  w(F.GUEST_CR4, cpu.cr4 | CR4_VMXE | CR4_PSE);
  w(F.GUEST_DR7, cpu.dr[7]! | 0x400);
  w(F.GUEST_RSP, cpu.regs[ESP]!);
  w(F.GUEST_RIP, cpu.eip);
  w(F.GUEST_RFLAGS, readEflags(cpu));
  for (const [seg, sel, base, limit, ar] of SEGMENTS) {
    w(sel, cpu.segSel[seg]!);
    w(base, cpu.segBase[seg]!);
    w(limit, cpu.segLimit[seg]!);
    // The entry state's cached code and data segments are not marked accessed, which VM entry refuses
    // (SDM 27.3.1.2); the cache is invisible to the guest, so set the bit, as KVM's __vmx_set_segment does.
    const a = cpu.segAr[seg]!;
    w(ar, (a & (AR_S | AR_UNUSABLE)) === AR_S ? a | 1 : a);
  }
  w(F.GUEST_GDTR_BASE, cpu.gdtrBase);
  w(F.GUEST_GDTR_LIMIT, cpu.gdtrLimit);
  w(F.GUEST_IDTR_BASE, cpu.idtrBase);
  w(F.GUEST_IDTR_LIMIT, cpu.idtrLimit);
  w(F.GUEST_SYSENTER_CS, cpu.sysenterCs);
  w(F.GUEST_SYSENTER_ESP, cpu.sysenterEsp);
  w(F.GUEST_SYSENTER_EIP, cpu.sysenterEip);
  w(F.GUEST_INTERRUPTIBILITY_INFO, 0);
  w(F.GUEST_ACTIVITY_STATE, 0);
}
